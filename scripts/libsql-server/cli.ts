// The command line of the libSQL server: `npm run libsql -- [options]`.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startLibsqlServer, type LibsqlServer } from './index';

const USAGE = `Usage: npm run libsql -- [--db FILE] [--port PORT] [--host HOST] [--auth-token TOKEN]

A libSQL (Hrana over HTTP) server for development and tests.
  --db FILE          database file (env LIBSQL_DB; default .data/db.sqlite)
  --port PORT        port, 0 for any free one (env LIBSQL_PORT; default 8080)
  --host HOST        interface (env LIBSQL_HOST; default 127.0.0.1)
  --auth-token TOKEN require "Authorization: Bearer TOKEN" (env LIBSQL_AUTH_TOKEN)`;

function fail(message: string, code: number): never {
  console.error(`libsql: ${message}`);
  process.exit(code);
}

/** The options, from the arguments first and the environment second. */
function readOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        'auth-token': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    fail(`${err instanceof Error ? err.message : err}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const portText = values.port ?? process.env.LIBSQL_PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) fail(`invalid port ${JSON.stringify(portText)}`, 2);
  return {
    dbPath: values.db ?? process.env.LIBSQL_DB ?? '.data/db.sqlite',
    port,
    host: values.host ?? process.env.LIBSQL_HOST ?? '127.0.0.1',
    authToken: values['auth-token'] ?? (process.env.LIBSQL_AUTH_TOKEN || undefined),
  };
}

/** Closes the server on SIGINT/SIGTERM; a second signal exits at once. */
function stopOnSignals(server: LibsqlServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) fail(`${signal} again, exiting without a clean close`, 1);
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => fail(`close failed: ${err}`, 1),
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const options = readOptions();
let server: LibsqlServer;
try {
  server = await startLibsqlServer(options);
} catch (err) {
  fail(`could not start: ${err instanceof Error ? err.message : err}`, 1);
}
console.log(`libsql: listening on ${server.url} (db ${resolve(options.dbPath)})`);
if (!options.authToken && !['127.0.0.1', 'localhost', '::1'].includes(options.host)) {
  console.error(`libsql: warning: ${options.host} may be reachable from other machines, and no --auth-token is set`);
}
stopOnSignals(server);
