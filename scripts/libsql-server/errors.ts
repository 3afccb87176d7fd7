// The two kinds of failure of the libSQL server, and how engine errors map to sqld's codes.
import Database from 'libsql';

/** An error that fails the whole HTTP request (protocol misuse, auth, limits). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const protocolError = (message: string) => new HttpError(400, 'PROTOCOL_ERROR', message);

/** An error that becomes a Hrana `{type: "error"}` result; the stream stays usable. */
export class StmtError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

// rusqlite's ErrorCode names, which sqld sends. Codes that are missing here,
// including SQLITE_ERROR itself, are ErrorCode::Unknown, so they become "SQLITE_UNKNOWN".
const PRIMARY_CODE_NAMES = new Map([
  [2, 'SQLITE_INTERNAL'],
  [3, 'SQLITE_PERM'],
  [4, 'SQLITE_ABORT'],
  [5, 'SQLITE_BUSY'],
  [6, 'SQLITE_LOCKED'],
  [7, 'SQLITE_NOMEM'],
  [8, 'SQLITE_READONLY'],
  [9, 'SQLITE_INTERRUPT'],
  [10, 'SQLITE_IOERR'],
  [11, 'SQLITE_CORRUPT'],
  [12, 'SQLITE_NOTFOUND'],
  [13, 'SQLITE_FULL'],
  [14, 'SQLITE_CANTOPEN'],
  [15, 'SQLITE_PROTOCOL'],
  [17, 'SQLITE_SCHEMA'],
  [18, 'SQLITE_TOOBIG'],
  [19, 'SQLITE_CONSTRAINT'],
  [20, 'SQLITE_MISMATCH'],
  [21, 'SQLITE_MISUSE'],
  [22, 'SQLITE_NOLFS'],
  [23, 'SQLITE_AUTH'],
  [25, 'SQLITE_RANGE'],
  [26, 'SQLITE_NOTADB'],
]);

/**
 * Maps an engine error to the code and message that sqld would send. Any
 * other error (a bug here) is returned unchanged, so it becomes a 500 rather
 * than passing for an SQL error.
 */
export function toStmtError(err: any): unknown {
  if (err instanceof StmtError) return err;
  if (!(err instanceof Database.SqliteError)) return err;
  const message = String(err.message);
  if (typeof err.rawCode !== 'number') return new StmtError('SQLITE_UNKNOWN', `SQLite error: ${message}`);
  const primary = err.rawCode & 0xff;
  if ((err as any).phase === 'prepare' && primary === 1) {
    // sqld parses SQL with its own parser before SQLite sees it, so syntax
    // errors are SQL_PARSE_ERROR. Semantic errors found by sqlite3_prepare
    // (no such table/column) are rusqlite's SqlInputError.
    if (/syntax error|incomplete input|unrecognized token/.test(message)) {
      return new StmtError('SQL_PARSE_ERROR', `SQL string could not be parsed: ${message}`);
    }
    return new StmtError('SQL_INPUT_ERROR', `SQL input error: ${message}`);
  }
  return new StmtError(PRIMARY_CODE_NAMES.get(primary) ?? 'SQLITE_UNKNOWN', `SQLite error: ${message}`);
}

export const protoError = (e: StmtError) => ({ message: e.message, code: e.code });

/** Any SQLITE_BUSY (the primary code, so BUSY_RECOVERY, BUSY_SNAPSHOT and BUSY_TIMEOUT as well). */
export const isBusy = (e: any) => typeof e?.rawCode === 'number' && (e.rawCode & 0xff) === 5;

/** The variants worth waiting for. BUSY_SNAPSHOT (517) is not one: the transaction read data that another writer has changed since, so it has to restart. */
export const isRetryableBusy = (e: any) => e?.rawCode === 5 || e?.rawCode === 261 || e?.rawCode === 773;

export function internalError(err: unknown): HttpError {
  console.error('libsql: internal error:', err);
  return new HttpError(500, 'INTERNAL_ERROR', `Internal server error: ${err instanceof Error ? err.message : String(err)}`);
}
