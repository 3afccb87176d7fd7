// A small libSQL server for development and tests. It speaks Hrana over HTTP,
// the protocol that sqld and Turso speak, so `@libsql/client/web` and
// `@libsql/client` with an `http://` URL use it exactly as they use production.
//
// Why it exists (design.md, decision 2): the Worker must use the same client
// and the same code path locally as against Turso, but no sqld binary can be
// installed from the package registries here. The engine underneath is the
// `libsql` package, libSQL's own engine with a synchronous API.
//
// Where this server copies sqld, it does so on purpose, so that code which
// passes here also passes against Turso:
// - Error codes are sqld's: the primary SQLite code (`SQLITE_CONSTRAINT`, not
//   `SQLITE_CONSTRAINT_UNIQUE`). SQLITE_ERROR becomes `SQLITE_UNKNOWN`, as
//   rusqlite names it. Prepare-time errors become `SQL_PARSE_ERROR` or
//   `SQL_INPUT_ERROR`. Messages carry sqld's prefixes ("SQLite error: ...").
// - Arguments are bound as sqld binds them. The count is checked, a missing
//   value is an error, and a named argument may be given with or without its
//   prefix (`:id` or `id`).
// - affected_row_count is only reported for INSERT/UPDATE/DELETE, and
//   last_insert_rowid only for INSERT/REPLACE. sqlite3_changes() is not reset
//   by other statements, so reporting it for them would return stale counts.
// - Stored SQL texts are limited to 50 per stream and 5000 bytes each.
// - /v3-protobuf answers 404. The client probes it and then falls back to
//   JSON, which is the only encoding implemented here.
//
// How it departs from sqld, and why:
// - SQL runs on Node's single thread. A blocking SQLite busy timeout would
//   freeze the event loop, and with it the request that would have released
//   the lock (for example, the COMMIT of an interactive transaction on another
//   stream). That is a deadlock until the timeout ends. So connections use
//   busy_timeout = 0, and SQLITE_BUSY is retried asynchronously, with backoff,
//   for up to `busyTimeoutMs`. Concurrent writers wait instead of failing,
//   and the lock holder can still make progress.
// - A statement that gives up on SQLITE_BUSY leaves its connection unable to
//   commit (see Stream.replaceConnection). Its stream gets a new connection;
//   if a transaction was open, it is rolled back and reported as
//   TRANSACTION_TIMEOUT until the client rolls back.
// - There is no lock stealing after a transaction timeout. An abandoned
//   transaction is rolled back when its stream expires (`idleTimeoutMs`).
// - Connections are pooled across streams (see ConnectionPool for why and
//   for what that changes).
// - Cursors (/v3/cursor) run the whole step before streaming its rows.
//   rows_read, rows_written and query_duration_ms are not reported: the
//   package does not expose the statement counters.
// - Known limit of the engine package: reading a TEXT value that is not valid
//   UTF-8 (CAST(x'ff' AS TEXT), char(55296)) panics inside it and aborts the
//   process. sqld answers with an error there. Values written through Hrana
//   are always valid UTF-8, so only SQL that builds such text can do this.
//
// The parts: codec.ts (Hrana JSON), sql-tokens.ts and sql-analysis.ts (statement
// classification), connections.ts (pool, busy waits), streams.ts (streams and
// batons), statements.ts and requests.ts (running them), http.ts (the server),
// cli.ts (the command line: `npm run libsql -- --help`).

import { mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import Database from 'libsql';
import { ConnectionPool, type Engine } from './connections';
import { createHranaServer } from './http';
import { StreamRegistry } from './streams';

const DEFAULT_IDLE_TIMEOUT_MS = 15_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
// Each stream holds an open SQLite connection (file descriptors). The cap
// keeps a client that leaks streams from exhausting the process's descriptors.
const DEFAULT_MAX_STREAMS = 256;
// Requests run to completion in one tick unless they wait for a lock, so few
// connections are in use at once. This many stay open for reuse.
const MAX_IDLE_CONNECTIONS = 8;

export interface LibsqlServerOptions {
  /** the database file (created if missing, with its directory) */
  dbPath: string;
  /** default 127.0.0.1: not reachable from other machines */
  host?: string;
  /** default 0: any free port */
  port?: number;
  /** when set, requests need `Authorization: Bearer <authToken>` */
  authToken?: string;
  /** an unused stream is closed (its transaction rolled back) after this; default 15000 */
  idleTimeoutMs?: number;
  /** how long a statement waits for another writer; default 5000 */
  busyTimeoutMs?: number;
  /** larger request bodies get 413; default 10 MiB */
  maxBodyBytes?: number;
  /** open streams at once; default 256 */
  maxStreams?: number;
}

export interface LibsqlServer {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * The keeper connection lives as long as the server. It switches the file
 * to WAL, which lets readers and one writer work at once, and which is
 * persistent, so every later connection uses it too. While it stays open,
 * a stream that closes is never the last connection. That spares each
 * request a checkpoint and the deletion of the WAL, and spares the next
 * connection a WAL recovery.
 */
function openKeeper(file: string): Database.Database {
  const keeper = new Database(file);
  try {
    const [[mode]] = keeper.prepare('PRAGMA journal_mode = WAL').raw(true).all() as unknown[][];
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`could not switch ${file} to WAL (journal_mode is ${mode})`);
  } catch (err) {
    keeper.close();
    throw err;
  }
  return keeper;
}

/**
 * Folds the WAL into the database file, so the file alone holds everything.
 * The first attempt can report "busy" when another connection changed the
 * schema: the keeper then reads the new schema during the checkpoint, and is
 * itself the reader that stops the WAL from being reset. A second attempt succeeds.
 */
function checkpoint(keeper: Database.Database): void {
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      const [[busy]] = keeper.prepare('PRAGMA wal_checkpoint(TRUNCATE)').raw(true).all() as unknown[][];
      if (Number(busy) === 0) break;
    }
  } catch (err) {
    console.error('libsql: final checkpoint failed:', err);
  }
}

/**
 * Starts the server. Resolves once it listens.
 * @example
 * const db = await startLibsqlServer({ dbPath: '.data/db.sqlite' });
 * const client = createClient({ url: db.url });
 */
export async function startLibsqlServer({
  dbPath,
  host = '127.0.0.1',
  port = 0,
  authToken,
  idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
  busyTimeoutMs = DEFAULT_BUSY_TIMEOUT_MS,
  maxBodyBytes = DEFAULT_MAX_BODY_BYTES,
  maxStreams = DEFAULT_MAX_STREAMS,
}: LibsqlServerOptions): Promise<LibsqlServer> {
  if (typeof dbPath !== 'string' || dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file:')) {
    // Every stream opens its own connection, so an in-memory database would
    // be a different, empty database for each request.
    throw new TypeError('startLibsqlServer: dbPath must be the path of a database file');
  }
  const file = resolve(dbPath);
  mkdirSync(dirname(file), { recursive: true });
  const keeper = openKeeper(file);

  const engine: Engine = { busyTimeoutMs, closing: false, stats: { requests: 0, statements: 0, rowsReturned: 0, rowsAffected: 0 } };
  const pool = new ConnectionPool(file, MAX_IDLE_CONNECTIONS);
  const streams = new StreamRegistry(engine, pool, maxStreams, idleTimeoutMs);
  const tokenDigest = authToken ? createHash('sha256').update(authToken).digest() : null;
  const { server, inFlight } = createHranaServer({ engine, streams, maxBodyBytes, tokenDigest });

  await new Promise((resolveListen, rejectListen) => {
    const onError = (err: Error) => {
      keeper.close();
      rejectListen(err);
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen(undefined);
    });
  });
  server.on('error', (err) => console.error('libsql: server error:', err));

  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  const url = `http://${urlHost}:${address.port}`;

  let closing: Promise<void> | undefined;
  function close(): Promise<void> {
    closing ??= (async () => {
      engine.closing = true;
      const stopped = new Promise((r) => server.close(() => r(undefined)));
      server.closeIdleConnections();
      // In-flight requests are waiting for a busy lock at most. They give up
      // at once now that `closing` is set, and the last one closes the
      // remaining connections (see createHranaServer). A client that is
      // still sending its body gets a second before it is cut off.
      if (inFlight() === 0) server.closeAllConnections();
      const cutOff = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(cutOff);
      streams.closeAll();
      pool.close();
      checkpoint(keeper);
      keeper.close();
    })();
    return closing;
  }

  return { url, port: address.port, close };
}
