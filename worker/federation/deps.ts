import type { Config } from '../config';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/store';

/**
 * What federation's functions work with. A plain object rather than a container
 * (conventions.md: Ghost's DI containers are too heavy here); built per request or per job batch,
 * since the database client holds I/O.
 */
export type FederationDeps = {
  db: Db;
  config: Config;
  /** The jobs queue, when the caller can enqueue (deliveries then become jobs). */
  queue?: JobQueue;
  fetchImpl?: typeof fetch;
};
