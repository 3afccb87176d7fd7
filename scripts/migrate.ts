import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { fileURLToPath } from 'node:url';

const MIGRATIONS = fileURLToPath(new URL('../migrations', import.meta.url));

/** Applies drizzle-kit's migrations (the only way the schema changes) to a libSQL database. */
export async function migrateDatabase(url: string, authToken?: string) {
  const client = createClient({ url, authToken });
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS });
  } finally {
    client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.LIBSQL_URL;
  if (!url) {
    console.error('LIBSQL_URL is required');
    process.exit(2);
  }
  await migrateDatabase(url, process.env.LIBSQL_AUTH_TOKEN);
  console.log('migrations applied');
}
