// SQLite connections: how each one is opened, the pool that reuses them, and
// the asynchronous wait for a busy lock.
import Database from 'libsql';
import { isRetryableBusy } from './errors';

export type Connection = Database.Database;
export type Statement = Database.Statement;

// Prepared statements are kept per connection: preparing cost more than running
// the short statements the app sends, and it sends the same few again and again.
// SQLite re-prepares a kept statement by itself when the schema changes.
const STATEMENT_CACHE_SIZE = 128;
const statementCaches = new WeakMap<Connection, Map<string, Statement>>();

/** The connection's prepared statement for `sql`, prepared now if it has none (least recently used ones go first). */
export function cachedPrepare(conn: Connection, sql: string): Statement {
  let cache = statementCaches.get(conn);
  if (!cache) statementCaches.set(conn, (cache = new Map()));
  let stmt = cache.get(sql);
  if (stmt) {
    cache.delete(sql);
  } else {
    stmt = conn.prepare(sql);
    if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  }
  cache.set(sql, stmt);
  return stmt;
}

/**
 * Closes a connection. Its kept statements are dropped first: the package only
 * really closes a connection once every Statement made on it is garbage-collected.
 */
export function closeConnection(conn: Connection): void {
  statementCaches.delete(conn);
  conn.close();
}

/** What every part of a running server shares. */
export interface Engine {
  busyTimeoutMs: number;
  closing: boolean;
  /**
   * Round trips served (one per pipeline or cursor request), read by the benchmarks and the
   * round-trip tests at GET /stats; `statements` counts the statements those requests ran,
   * `rowsReturned` and `rowsAffected` what they gave back and changed (the cost bench: a lower
   * bound of what Turso bills as rows read, which counts rows scanned, and its rows written).
   */
  stats: { requests: number; statements: number; rowsReturned: number; rowsAffected: number };
}

/** Opens a connection the way every stream needs it. */
export function openConnection(file: string): Connection {
  const conn = new Database(file);
  try {
    conn.defaultSafeIntegers(true); // integers come back as bigint, so 64-bit values survive
    // Waiting for a lock is done by withBusyRetry, off the event loop (see index.ts).
    conn.exec('PRAGMA busy_timeout = 0');
    // In WAL mode, NORMAL loses nothing when the process dies, only on an
    // OS crash or power loss. It spares an fsync per commit, which is what
    // a dev and test server wants.
    conn.exec('PRAGMA synchronous = NORMAL');
  } catch (err) {
    conn.close();
    throw err;
  }
  return conn;
}

/**
 * Idle connections, ready for the next stream.
 *
 * Why pool: the package only really closes a connection once every
 * Statement made on it has been garbage-collected. Opening a connection per
 * stream, as sqld does, therefore piles up live connections (and file
 * descriptors) under load, and each open also costs a schema load. A pooled
 * connection is as good as a new one, as long as no client changed its
 * session state. Streams that ran a PRAGMA, ATTACH/DETACH or CREATE TEMP are
 * not pooled again. One difference stays: last_insert_rowid() starts at the
 * previous user's value, not 0, which only shows after an INSERT that
 * inserted nothing.
 */
export class ConnectionPool {
  private idle: Connection[] = [];
  private closed = false;

  constructor(
    private readonly file: string,
    private readonly maxIdle: number,
  ) {}

  take(): Connection {
    return this.idle.pop() ?? openConnection(this.file);
  }

  give(conn: Connection, reusable: boolean): void {
    try {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      // A statement that SQLite still counts as in progress (see
      // Stream.replaceConnection) would keep every later autocommit write on this
      // connection from committing. That is invisible, and it would move to
      // the next stream. COMMIT refuses to run while one exists, so an empty
      // transaction is the check (about 12 µs).
      if (reusable) conn.exec('BEGIN; COMMIT');
    } catch (err) {
      if (reusable) console.error('libsql: a connection was not reused:', err instanceof Error ? err.message : err);
      reusable = false;
      try {
        if (conn.inTransaction) conn.exec('ROLLBACK');
      } catch {
        /* it is closed next */
      }
    }
    if (reusable && !this.closed && this.idle.length < this.maxIdle) {
      this.idle.push(conn);
      return;
    }
    try {
      closeConnection(conn);
    } catch (err) {
      console.error('libsql: closing a connection failed:', err);
    }
  }

  close(): void {
    this.closed = true;
    for (const conn of this.idle.splice(0)) closeConnection(conn);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Calls `fn` (synchronous engine work). On a retryable SQLITE_BUSY it waits
 * with a growing async backoff, for up to busyTimeoutMs, and calls it again.
 * Other requests run while it waits, including the COMMIT of the lock holder.
 */
export async function withBusyRetry<T>(engine: Engine, fn: () => T): Promise<T> {
  const deadline = Date.now() + engine.busyTimeoutMs;
  let delay = 2;
  for (;;) {
    try {
      return fn();
    } catch (err) {
      if (!isRetryableBusy(err) || engine.closing || Date.now() + delay > deadline) throw err;
    }
    await sleep(delay);
    delay = Math.min(delay * 2, 50);
  }
}
