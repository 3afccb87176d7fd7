import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrateDatabase } from '../../scripts/migrate';
import * as schema from '../../worker/db/schema';
import type { Db } from '../../worker/db/client';

export type TempDb = { db: Db; url: string; dir: string; client: Client; close: () => Promise<void> };

/**
 * A migrated libSQL database in a temp file, for Node unit tests of services: the real engine
 * and the real migrations, through drizzle, as the Worker uses them (only the transport differs).
 */
export async function openTempDb(prefix: string): Promise<TempDb> {
  const dir = await mkdtemp(join(tmpdir(), `edgetube-${prefix}-`));
  const url = `file:${join(dir, 'db.sqlite')}`;
  await migrateDatabase(url);
  const client = createClient({ url });
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    url,
    dir,
    client,
    close: async () => {
      client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
