// Shared by the libSQL server's tests: a temporary directory of databases, and error capture.
import { afterAll, beforeAll } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { startLibsqlServer } from './index';

export type Server = Awaited<ReturnType<typeof startLibsqlServer>>;

/** Registers a temporary directory for the file's tests; the returned function names a new database in it. */
export function useTempDatabases(): () => string {
  let dir: string;
  let dbCount = 0;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'libsql-server-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => join(dir, `db-${++dbCount}.sqlite`);
}

/** Catches a rejection, so a test can assert on the error. */
export async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}
