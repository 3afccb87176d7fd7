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

/**
 * A {@link createDb} made on first use. Drizzle builds its relational view of the schema in
 * each `drizzle()` call (0.1–0.2 ms of CPU), which a request answered from the edge cache, or by
 * a route without the database, need not pay.
 */
export function lazyDb(db: { url: string; authToken?: string }): Db {
  let real: Db | undefined;
  return new Proxy({} as Db, {
    get(_target, property) {
      real ??= createDb(db);
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
  });
}
