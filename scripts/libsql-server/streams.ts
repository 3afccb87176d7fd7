// Hrana streams, and the batons that carry them from one HTTP request to the next.
import { randomBytes } from 'node:crypto';
import { cachedPrepare, closeConnection, type Connection, type ConnectionPool, type Engine } from './connections';
import { HttpError, protocolError } from './errors';

// An expired baton is remembered for a while, so the client gets a clear
// "stream expired" error instead of "invalid baton".
const EXPIRED_BATON_MEMORY_MS = 5 * 60_000;

/**
 * A Hrana stream: one SQLite connection, held across HTTP requests by its
 * baton. `client.transaction()` depends on this: its BEGIN, its statements and
 * its COMMIT come in separate requests, and all must reach one connection.
 */
export class Stream {
  conn: Connection;
  /** Set once a statement may have changed the connection's session state, so it is not pooled again. */
  tainted = false;
  sqls = new Map<number, string>();
  baton: string | null = null;
  timer: NodeJS.Timeout | null = null;
  closed = false;
  /** Set when the stream's transaction was rolled back behind the client's back (see replaceConnection). */
  aborted: string | null = null;

  constructor(private readonly pool: ConnectionPool) {
    this.conn = pool.take();
  }

  /** sqlite3_changes() and sqlite3_last_insert_rowid(), which the package does not expose after all(). */
  changesAndRowid(): { changes: number; rowid: string } {
    const [changes, rowid] = cachedPrepare(this.conn, 'SELECT changes(), last_insert_rowid()').raw(true).all()[0] as unknown[];
    return { changes: Number(changes), rowid: String(rowid) };
  }

  /**
   * Gives the stream a fresh connection after a statement gave up on
   * SQLITE_BUSY. Such a statement is left "resumable" inside SQLite and still
   * counts as an active writer. The package cannot reset or finalize it
   * without running it again, and until it is gone no autocommit write on
   * that connection ever commits (the COMMIT waits for it). The
   * old connection is rolled back, so it holds no lock, and then closed. It
   * lingers as a zombie until the statement is garbage-collected. When this
   * ends an explicit transaction, the stream remembers it: the client must
   * not continue as though its transaction were still open.
   */
  replaceConnection(reason: string): void {
    const old = this.conn;
    let wasInTransaction = false;
    try {
      wasInTransaction = old.inTransaction;
      if (wasInTransaction) old.exec('ROLLBACK');
    } catch {
      /* closing rolls back as well */
    }
    try {
      closeConnection(old);
    } catch {
      /* already unusable */
    }
    if (wasInTransaction) this.aborted = reason;
    this.conn = this.pool.take();
  }

  /** Ends the stream: an open transaction is rolled back, and the connection goes back to the pool. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pool.give(this.conn, !this.tainted);
  }

  requireOpen(): void {
    if (this.closed) throw protocolError('The stream was closed earlier in this pipeline');
  }

  /** The SQL text of a request: given inline, or stored earlier on this stream. */
  resolveSql(ref: { sql?: string; sqlId?: number }): string {
    if (ref.sql !== undefined) return ref.sql;
    const sql = this.sqls.get(ref.sqlId as number);
    if (sql === undefined) throw protocolError(`No SQL text is stored with id ${ref.sqlId}`);
    return sql;
  }
}

// Batons are cut from a block of random bytes: one randomBytes() call per
// request cost more than the rest of a one-row read's bookkeeping.
const BATON_BYTES = 24;
let randomBlock = Buffer.alloc(0);
let randomOffset = 0;

/** A fresh, unguessable baton (192 random bits). */
export function newBaton(): string {
  if (randomOffset + BATON_BYTES > randomBlock.length) {
    randomBlock = randomBytes(BATON_BYTES * 256);
    randomOffset = 0;
  }
  randomOffset += BATON_BYTES;
  return randomBlock.toString('base64url', randomOffset - BATON_BYTES, randomOffset);
}

/** The open streams of a server, and the batons under which they wait for their next request. */
export class StreamRegistry {
  /** Streams waiting for their next request, by baton. A stream in use has no entry. */
  private available = new Map<string, Stream>();
  private expiredBatons = new Map<string, number>();
  private open = new Set<Stream>();

  constructor(
    private readonly engine: Engine,
    private readonly pool: ConnectionPool,
    private readonly maxStreams: number,
    private readonly idleTimeoutMs: number,
  ) {}

  private openStream(): Stream {
    if (this.open.size >= this.maxStreams) {
      throw new HttpError(503, 'TOO_MANY_STREAMS', `The server already has ${this.open.size} open streams`);
    }
    const stream = new Stream(this.pool);
    this.open.add(stream);
    return stream;
  }

  close(stream: Stream): void {
    this.open.delete(stream);
    stream.close();
  }

  /** Takes the stream a baton refers to, or opens a new one. The baton is used up: each response carries a fresh one. */
  acquire(baton: string | null): Stream {
    if (baton === null) return this.openStream();
    const stream = this.available.get(baton);
    if (!stream) {
      if (this.expiredBatons.has(baton)) throw new HttpError(400, 'STREAM_EXPIRED', 'The stream has expired due to inactivity');
      throw new HttpError(400, 'BATON_INVALID', 'The baton is invalid, or was already used');
    }
    this.available.delete(baton);
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = null;
    return stream;
  }

  /** Makes the stream available again under `baton`. Returns null when the stream is closed (or the server is closing). */
  release(stream: Stream, baton?: string): string | null {
    if (this.engine.closing) this.close(stream);
    // Most pipelines end with `close`: they need no baton.
    if (stream.closed) return null;
    baton ??= newBaton();
    stream.baton = baton;
    this.available.set(baton, stream);
    stream.timer = setTimeout(() => this.expire(stream), this.idleTimeoutMs);
    stream.timer.unref();
    return baton;
  }

  private expire(stream: Stream): void {
    if (stream.baton === null || this.available.get(stream.baton) !== stream) return;
    this.available.delete(stream.baton);
    const now = Date.now();
    this.expiredBatons.set(stream.baton, now);
    // Forget old expired batons. The map is in insertion order, so the oldest come first.
    for (const [b, t] of this.expiredBatons) {
      if (now - t < EXPIRED_BATON_MEMORY_MS) break;
      this.expiredBatons.delete(b);
    }
    this.close(stream);
  }

  /** Closes every stream (the server is stopping). */
  closeAll(): void {
    for (const stream of [...this.open]) this.close(stream);
    this.available.clear();
  }
}
