import type { Env } from '../env';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Viewer } from '../services/viewer';

/** Typed Hono context shared by every sub-app. */
export type AppEnv = {
  Bindings: Env;
  Variables: {
    config: Config;
    db: Db;
    /** The authenticated user, when the request carries a valid access token. */
    viewer?: Viewer;
  };
};
