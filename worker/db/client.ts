import { createClient } from '@libsql/client/web';
import { drizzle } from 'drizzle-orm/libsql/web';
import * as schema from './schema';

export type Db = ReturnType<typeof createDb>;

/**
 * A drizzle database over libSQL's HTTP protocol. Create one per request:
 * workerd forbids I/O objects from crossing requests, and a shared client hangs them.
 */
export function createDb(db: { url: string; authToken?: string }) {
  const client = createClient({ url: db.url, authToken: db.authToken });
  return drizzle(client, { schema });
}
