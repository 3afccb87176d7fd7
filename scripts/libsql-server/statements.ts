// Running one SQL statement on a stream, as sqld runs it: binding, busy
// handling, results, and `describe`.
import { encodeValue, type ParsedStmt, type Value } from './codec';
import { cachedPrepare, withBusyRetry, type Connection, type Engine } from './connections';
import { isBusy, StmtError, toStmtError } from './errors';
import { analyzeOne, type StmtInfo } from './sql-analysis';
import type { Stream } from './streams';

export interface StmtResult {
  cols: { name: string; decltype: string | null }[];
  rows: object[][];
  affected_row_count: number;
  last_insert_rowid: string | null;
}

/** Binds arguments as sqld's Params::bind does (libsql-server/src/query.rs). */
export function bindArgs(info: StmtInfo, stmt: Pick<ParsedStmt, 'args' | 'named'>): Value[] {
  const positional = stmt.named === null;
  if (!positional && stmt.args.length > 0) {
    throw new StmtError('ARGS_BOTH_POSITIONAL_AND_NAMED', 'Specifying both positional and named arguments is not supported');
  }
  const given = positional ? stmt.args.length : (stmt.named as Map<string, Value>).size;
  const invalid = (why: string) => new StmtError('ARGS_INVALID', `Arguments do not match SQL parameters: ${why}`);
  if (info.paramCount < given) throw invalid(`too many parameters, expected ${info.paramCount} found ${given}`);
  const values: Value[] = new Array(info.paramCount).fill(null);
  for (let i = 1; i <= info.paramCount; i++) {
    const name = info.paramNames.get(i);
    let found = false;
    let value: Value = null;
    if (name === undefined || name[0] === '?') {
      const pos = name === undefined ? i : Number(name.slice(1));
      if (positional && pos <= stmt.args.length) {
        found = true;
        value = stmt.args[pos - 1];
      }
    } else if (!positional) {
      const named = stmt.named as Map<string, Value>;
      for (const key of [name, name.slice(1)]) {
        if (named.has(key)) {
          found = true;
          value = named.get(key) as Value;
          break;
        }
      }
    }
    if (!found) {
      if (info.isExplain) break; // EXPLAIN does not need values: the rest stay NULL
      throw invalid(`value for parameter ${name ?? i} not found`);
    }
    values[i - 1] = value;
  }
  return values;
}

/** Prepares a statement (or takes the connection's kept one). Errors are tagged, because sqld reports prepare-time errors differently. */
function prepare(conn: Connection, sql: string, cached: boolean): any {
  try {
    return cached ? cachedPrepare(conn, sql) : conn.prepare(sql);
  } catch (err) {
    if (err && typeof err === 'object') (err as any).phase = 'prepare';
    throw err;
  }
}

const columnsOf = (prepared: any) => prepared.columns().map((c: any) => ({ name: c.name, decltype: c.type ?? null }));

/** Runs a prepared statement to the end and builds its Hrana result. */
function step(stream: Stream, info: StmtInfo, prepared: any, values: Value[], wantRows: boolean): StmtResult {
  let rows: object[][] = [];
  // all() and run() reset the statement before they execute it, so calling
  // them again after SQLITE_BUSY restarts the same statement cleanly.
  if (prepared.reader) {
    const all = prepared.raw(true).all(values);
    // See describe(): an EXPLAIN stays active until reset, and get() resets.
    if (info.isExplain) prepared.get(values);
    if (wantRows) rows = all.map((row: unknown[]) => row.map(encodeValue));
  } else {
    prepared.run(values);
  }
  // After the run: a kept statement that SQLite re-prepared for a new schema only shows its new columns then.
  const cols = columnsOf(prepared);
  let affected = 0;
  let lastInsertRowid: string | null = null;
  if (info.isIud) {
    const meta = stream.changesAndRowid();
    affected = meta.changes;
    if (info.isInsert) lastInsertRowid = meta.rowid;
  }
  return { cols, rows, affected_row_count: affected, last_insert_rowid: lastInsertRowid };
}

/** Runs one statement on the stream, and maps failures to StmtErrors. */
export async function runStatement(engine: Engine, stream: Stream, info: StmtInfo, values: Value[], wantRows: boolean): Promise<StmtResult> {
  if (stream.aborted !== null) {
    // The transaction is gone. The client's ROLLBACK is what it expects to
    // do next, so it succeeds and puts the stream back in order. Anything
    // else would run outside the transaction the client believes in.
    if (info.firstWord === 'rollback' && !info.isSavepointRollback) {
      stream.aborted = null;
      return { cols: [], rows: [], affected_row_count: 0, last_insert_rowid: null };
    }
    throw new StmtError('TRANSACTION_TIMEOUT', `Transaction timed out: it was rolled back (${stream.aborted})`);
  }
  if (info.changesSession) stream.tainted = true;
  try {
    const prepared = await withBusyRetry(engine, () => prepare(stream.conn, info.text, true));
    try {
      // Retry the same statement object: a new one would leave this one resumable (see replaceConnection).
      return await withBusyRetry(engine, () => step(stream, info, prepared, values, wantRows));
    } catch (err) {
      if (isBusy(err)) stream.replaceConnection(`${(err as any).message}, for more than ${engine.busyTimeoutMs} ms`);
      throw err;
    }
  } catch (err) {
    throw toStmtError(err);
  }
}

/**
 * sqlite3_stmt_readonly() is not exposed. The same flag comes from the
 * bytecode: vdbeaux.c clears readOnly for a write OP_Transaction, for
 * OP_Vacuum and for OP_JournalMode.
 */
function isReadonly(conn: Connection, info: StmtInfo): boolean {
  if (info.isExplain) return true;
  const explain = conn.prepare(`EXPLAIN ${info.text}`).raw(true);
  const program = explain.all() as any[][];
  // An EXPLAIN that ran to its end still counts as an active statement
  // (of the explained kind) until it is reset. An EXPLAIN INSERT would
  // keep every later autocommit write on this connection from
  // committing. get() is the one call of the package that resets
  // afterwards.
  explain.get();
  return !program.some((op) => (op[1] === 'Transaction' && Number(op[3]) !== 0) || op[1] === 'Vacuum' || op[1] === 'JournalMode');
}

/** The Hrana `describe` result of one statement. */
export function describe(stream: Stream, sql: string) {
  try {
    const info = analyzeOne(sql);
    const cols = columnsOf(prepare(stream.conn, info.text, false));
    const params = [];
    for (let i = 1; i <= info.paramCount; i++) params.push({ name: info.paramNames.get(i) ?? null });
    return { params, cols, is_explain: info.isExplain, is_readonly: isReadonly(stream.conn, info) };
  } catch (err) {
    throw toStmtError(err);
  }
}
