#!/usr/bin/env node
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
// Usage: node scripts/libsql-server.mjs --db .data/db.sqlite --port 8080 [--host 127.0.0.1] [--auth-token T]
//        (or the env variables LIBSQL_DB, LIBSQL_PORT, LIBSQL_HOST, LIBSQL_AUTH_TOKEN)

import { createServer } from 'node:http';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync, realpathSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Database from 'libsql';

const SERVER_VERSION = 'edgetube-libsql-dev/1';

const DEFAULT_IDLE_TIMEOUT_MS = 15_000;
const DEFAULT_BUSY_TIMEOUT_MS = 5_000;
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;
// Each stream holds an open SQLite connection (file descriptors). The cap
// keeps a client that leaks streams from exhausting the process's descriptors.
const DEFAULT_MAX_STREAMS = 256;
// An expired baton is remembered for a while, so the client gets a clear
// "stream expired" error instead of "invalid baton".
const EXPIRED_BATON_MEMORY_MS = 5 * 60_000;
// The same limits as sqld (libsql-server/src/hrana/http/request.rs).
// @libsql/client's SQL cache is sized to stay under them.
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;
// SQLite's default SQLITE_MAX_VARIABLE_NUMBER. Larger ?NNN fail to prepare anyway.
const MAX_PARAMS = 32766;
// Requests run to completion in one tick unless they wait for a lock, so few
// connections are in use at once. This many stay open for reuse.
const MAX_IDLE_CONNECTIONS = 8;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** An error that fails the whole HTTP request (protocol misuse, auth, limits). */
class HttpError extends Error {
  /** @param {number} status @param {string} code @param {string} message */
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

const protocolError = (/** @type {string} */ message) => new HttpError(400, 'PROTOCOL_ERROR', message);

/** An error that becomes a Hrana `{type: "error"}` result; the stream stays usable. */
class StmtError extends Error {
  /** @param {string} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

// rusqlite's ErrorCode names, which sqld sends. Codes that are missing here,
// including SQLITE_ERROR itself, are ErrorCode::Unknown, so they become "SQLITE_UNKNOWN".
const PRIMARY_CODE_NAMES = new Map([
  [2, 'SQLITE_INTERNAL'], [3, 'SQLITE_PERM'], [4, 'SQLITE_ABORT'], [5, 'SQLITE_BUSY'],
  [6, 'SQLITE_LOCKED'], [7, 'SQLITE_NOMEM'], [8, 'SQLITE_READONLY'], [9, 'SQLITE_INTERRUPT'],
  [10, 'SQLITE_IOERR'], [11, 'SQLITE_CORRUPT'], [12, 'SQLITE_NOTFOUND'], [13, 'SQLITE_FULL'],
  [14, 'SQLITE_CANTOPEN'], [15, 'SQLITE_PROTOCOL'], [17, 'SQLITE_SCHEMA'], [18, 'SQLITE_TOOBIG'],
  [19, 'SQLITE_CONSTRAINT'], [20, 'SQLITE_MISMATCH'], [21, 'SQLITE_MISUSE'], [22, 'SQLITE_NOLFS'],
  [23, 'SQLITE_AUTH'], [25, 'SQLITE_RANGE'], [26, 'SQLITE_NOTADB'],
]);

/**
 * Maps an engine error to the code and message that sqld would send. Any
 * other error (a bug here) is returned unchanged, so it becomes a 500 rather
 * than passing for an SQL error.
 */
function toStmtError(/** @type {any} */ err) {
  if (err instanceof StmtError) return err;
  if (!(err instanceof Database.SqliteError)) return err;
  const message = String(err.message);
  if (typeof err.rawCode !== 'number') return new StmtError('SQLITE_UNKNOWN', `SQLite error: ${message}`);
  const primary = err.rawCode & 0xff;
  if (err.phase === 'prepare' && primary === 1) {
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

const protoError = (/** @type {StmtError} */ e) => ({ message: e.message, code: e.code });

// ---------------------------------------------------------------------------
// SQL analysis
//
// The libsql package exposes neither sqlite3_bind_parameter_name, nor
// sqlite3_stmt_readonly, nor the tail of a prepared statement. Its object
// binding panics (aborting the whole process) on a `?` parameter. So this
// small tokenizer recovers what the server needs. It splits statements as
// sqlite3_complete() does (including CREATE TRIGGER bodies), numbers
// parameters as SQLite's parser does, and finds the statement kind.
// ---------------------------------------------------------------------------

const TK_SEMI = 0, TK_WS = 1, TK_OTHER = 2, TK_EXPLAIN = 3, TK_CREATE = 4, TK_TEMP = 5, TK_TRIGGER = 6, TK_END = 7;
// The state machine of sqlite3_complete() (src/complete.c). States: 0 invalid,
// 1 start, 2 normal, 3 explain, 4 create, 5 trigger, 6 semi (in trigger), 7 end.
const COMPLETE_TRANS = [
  [1, 0, 2, 3, 4, 2, 2, 2],
  [1, 1, 2, 3, 4, 2, 2, 2],
  [1, 2, 2, 2, 2, 2, 2, 2],
  [1, 3, 3, 2, 4, 2, 2, 2],
  [1, 4, 2, 2, 2, 4, 5, 2],
  [6, 5, 5, 5, 5, 5, 5, 5],
  [6, 6, 5, 5, 5, 5, 5, 7],
  [1, 7, 5, 5, 5, 5, 5, 5],
];
const KEYWORD_TOKENS = new Map([
  ['explain', TK_EXPLAIN], ['create', TK_CREATE], ['temp', TK_TEMP], ['temporary', TK_TEMP],
  ['trigger', TK_TRIGGER], ['end', TK_END],
]);
const MAIN_KEYWORDS = new Set(['select', 'values', 'insert', 'replace', 'update', 'delete']);

const isSpace = (/** @type {number} */ c) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (/** @type {number} */ c) => c >= 48 && c <= 57;
// SQLite's IdChar(): letters, digits, '_', '$' and every non-ASCII byte.
const isIdChar = (/** @type {number} */ c) =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 || c >= 0x80;
const isIdStart = (/** @type {number} */ c) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;

/**
 * @typedef {{ kind: number, start: number, end: number, word?: string, param?: string, paren?: number }} Token
 */

/** @param {string} sql @returns {Token[]} */
function tokenize(sql) {
  /** @type {Token[]} */
  const out = [];
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const start = i;
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      while (i < n && isSpace(sql.charCodeAt(i))) i++;
      out.push({ kind: TK_WS, start, end: i });
    } else if (c === 45 && sql.charCodeAt(i + 1) === 45) { // -- comment
      const nl = sql.indexOf('\n', i + 2);
      i = nl < 0 ? n : nl + 1;
      out.push({ kind: TK_WS, start, end: i });
    } else if (c === 47 && sql.charCodeAt(i + 1) === 42) { // /* comment */
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? n : close + 2;
      out.push({ kind: TK_WS, start, end: i });
    } else if (c === 39 || c === 34 || c === 96) { // 'string', "identifier", `identifier`
      const quote = sql[i];
      i++;
      for (;;) {
        const q = sql.indexOf(quote, i);
        if (q < 0) { i = n; break; }
        if (sql.charCodeAt(q + 1) === c) { i = q + 2; continue; } // doubled quote
        i = q + 1;
        break;
      }
      out.push({ kind: TK_OTHER, start, end: i });
    } else if (c === 91) { // [identifier]
      const close = sql.indexOf(']', i + 1);
      i = close < 0 ? n : close + 1;
      out.push({ kind: TK_OTHER, start, end: i });
    } else if (c === 59) {
      i++;
      out.push({ kind: TK_SEMI, start, end: i });
    } else if (c === 63) { // ? or ?NNN
      i++;
      while (i < n && isDigit(sql.charCodeAt(i))) i++;
      out.push({ kind: TK_OTHER, start, end: i, param: sql.slice(start, i) });
    } else if (c === 58 || c === 64 || c === 36) { // :name @name $name (with Tcl's :: and (suffix))
      i++;
      let idChars = 0;
      while (i < n) {
        const d = sql.charCodeAt(i);
        if (isIdChar(d)) { idChars++; i++; }
        else if (d === 40 && idChars > 0) {
          let j = i + 1;
          while (j < n && !isSpace(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 41) j++;
          i = j < n && sql.charCodeAt(j) === 41 ? j + 1 : j;
          break;
        } else if (d === 58 && sql.charCodeAt(i + 1) === 58) i += 2;
        else break;
      }
      out.push({ kind: TK_OTHER, start, end: i, param: idChars > 0 ? sql.slice(start, i) : undefined });
    } else if (isIdStart(c)) {
      while (i < n && isIdChar(sql.charCodeAt(i))) i++;
      const word = sql.slice(start, i).toLowerCase();
      out.push({ kind: KEYWORD_TOKENS.get(word) ?? TK_OTHER, start, end: i, word });
    } else if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
      i++;
      while (i < n && (isIdChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === 46)) i++;
      out.push({ kind: TK_OTHER, start, end: i });
    } else {
      i++;
      out.push({ kind: TK_OTHER, start, end: i, paren: c === 40 ? 1 : c === 41 ? -1 : 0 });
    }
  }
  return out;
}

/**
 * @typedef {object} StmtInfo
 * @property {string} text          the statement's SQL, as handed to prepare()
 * @property {boolean} isExplain
 * @property {boolean} isInsert     INSERT or REPLACE (also behind a WITH clause)
 * @property {boolean} isIud        INSERT, REPLACE, UPDATE or DELETE
 * @property {number} paramCount    sqlite3_bind_parameter_count()
 * @property {Map<number, string>} paramNames  sqlite3_bind_parameter_name(), for the indexes that have one
 * @property {string | undefined} firstWord
 * @property {boolean} isSavepointRollback  ROLLBACK [TRANSACTION] TO [SAVEPOINT] name
 * @property {boolean} changesSession  may change per-connection state (PRAGMA, ATTACH, DETACH, CREATE TEMP ...)
 */

/** @param {string} sql @param {Token[]} toks @returns {StmtInfo} */
function analyzeStatement(sql, toks) {
  const sig = toks.filter((t) => t.kind !== TK_WS);
  const text = sql.slice(sig[0].start, sig[sig.length - 1].end);
  const isExplain = sig[0].word === 'explain';
  let j = 0;
  if (isExplain) j = sig[1]?.word === 'query' && sig[2]?.word === 'plan' ? 3 : 1;
  let main = sig[j]?.word;
  if (main === 'with') {
    // The main verb is the first one outside the parentheses of the CTEs.
    main = undefined;
    let depth = 0;
    for (let k = j + 1; k < sig.length; k++) {
      const t = sig[k];
      if (t.paren) depth += t.paren;
      else if (depth === 0 && t.word && MAIN_KEYWORDS.has(t.word)) { main = t.word; break; }
    }
  }
  const isInsert = !isExplain && (main === 'insert' || main === 'replace');
  const isIud = isInsert || (!isExplain && (main === 'update' || main === 'delete'));

  // Parameter numbering, as in sqlite3ExprAssignVarNumber(). `?` takes the
  // next index. `?NNN` takes index NNN. A name reuses its index, or takes the
  // next one. The first name given to an index is its name.
  let paramCount = 0;
  /** @type {Map<string, number>} */
  const byName = new Map();
  /** @type {Map<number, string>} */
  const paramNames = new Map();
  for (const t of sig) {
    if (t.param === undefined) continue;
    if (t.param === '?') {
      paramCount++;
    } else if (t.param[0] === '?') {
      const x = Number(t.param.slice(1));
      if (!(x >= 1 && x <= MAX_PARAMS)) continue; // sqlite3_prepare rejects it
      if (x > paramCount) paramCount = x;
      if (!paramNames.has(x)) paramNames.set(x, t.param);
    } else if (!byName.has(t.param)) {
      paramCount++;
      byName.set(t.param, paramCount);
      paramNames.set(paramCount, t.param);
    }
  }
  const firstWord = sig[0].word;
  const isSavepointRollback = firstWord === 'rollback' && sig.some((t) => t.word === 'to');
  const changesSession = firstWord === 'pragma' || firstWord === 'attach' || firstWord === 'detach' ||
    (firstWord === 'create' && (sig[1]?.word === 'temp' || sig[1]?.word === 'temporary'));
  return { text, isExplain, isInsert, isIud, paramCount, paramNames, firstWord, isSavepointRollback, changesSession };
}

// Parsed SQL is cached: apps send the same few statements again and again.
/** @type {Map<string, StmtInfo[]>} */
const analysisCache = new Map();
const ANALYSIS_CACHE_SIZE = 512;

/** Splits `sql` into statements, as sqlite3_complete() sees them. @returns {StmtInfo[]} */
function analyzeSql(/** @type {string} */ sql) {
  const cached = analysisCache.get(sql);
  if (cached) return cached;
  /** @type {StmtInfo[]} */
  const stmts = [];
  let state = 0;
  /** @type {Token[]} */
  let current = [];
  for (const tok of tokenize(sql)) {
    const prev = state;
    state = COMPLETE_TRANS[prev][tok.kind];
    if (tok.kind === TK_SEMI && state === 1) {
      // A semicolon that ends a statement (not one inside a trigger body).
      // States 0 and 1 mean there was nothing before it: an empty statement.
      if (prev !== 0 && prev !== 1) stmts.push(analyzeStatement(sql, [...current, tok]));
      current = [];
    } else if (tok.kind !== TK_WS || current.length > 0) {
      current.push(tok);
    }
  }
  if (current.some((t) => t.kind !== TK_WS)) stmts.push(analyzeStatement(sql, current));
  if (sql.length <= 100_000) {
    if (analysisCache.size >= ANALYSIS_CACHE_SIZE) analysisCache.delete(analysisCache.keys().next().value);
    analysisCache.set(sql, stmts);
  }
  return stmts;
}

/** The one statement of an `execute`/`describe`; sqld refuses zero or several. */
function analyzeOne(/** @type {string} */ sql) {
  const stmts = analyzeSql(sql);
  if (stmts.length === 0) throw new StmtError('SQL_NO_STATEMENT', 'SQL string does not contain any statement');
  if (stmts.length > 1) throw new StmtError('SQL_MANY_STATEMENTS', 'SQL string contains more than one statement');
  return stmts[0];
}

// ---------------------------------------------------------------------------
// Values (Hrana JSON encoding)
// ---------------------------------------------------------------------------

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Decodes a Hrana value into what the libsql package binds. Only null, bigint, number, string and Buffer reach the engine: it aborts the process on a boolean. */
function decodeValue(/** @type {any} */ v) {
  if (!isObject(v)) throw protocolError('A value must be an object');
  switch (v.type) {
    case 'null':
      return null;
    case 'integer': {
      const raw = v.value;
      let big;
      if (typeof raw === 'string' && /^[+-]?\d{1,20}$/.test(raw)) big = BigInt(raw);
      else if (typeof raw === 'number' && Number.isSafeInteger(raw)) big = BigInt(raw);
      else throw protocolError('An integer value must be a decimal string');
      if (big < I64_MIN || big > I64_MAX) throw protocolError('An integer value must fit in 64 bits');
      return big;
    }
    case 'float':
      if (typeof v.value !== 'number') throw protocolError('A float value must be a number');
      return v.value;
    case 'text':
      if (typeof v.value !== 'string') throw protocolError('A text value must be a string');
      return v.value;
    case 'blob':
      if (typeof v.base64 !== 'string' || !BASE64_RE.test(v.base64)) throw protocolError('A blob value must carry base64');
      return Buffer.from(v.base64, 'base64');
    default:
      throw protocolError(`Unknown value type ${JSON.stringify(v.type)}`);
  }
}

/** Encodes what the engine returns (integers are bigint: safe-integer mode is on). */
function encodeValue(/** @type {unknown} */ v) {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  // A non-finite float becomes JSON null. The client then fails to decode it,
  // as it does with sqld, because JSON cannot carry infinity.
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return { type: 'text', value: String(v) };
}

// ---------------------------------------------------------------------------
// Request validation. The whole body is checked before anything runs, so a
// malformed pipeline never half-executes.
// ---------------------------------------------------------------------------

function isObject(/** @type {unknown} */ v) {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(/** @type {any} */ v, /** @type {string} */ what) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw protocolError(`${what} must be a string`);
  return v;
}

function int32(/** @type {any} */ v, /** @type {string} */ what) {
  if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw protocolError(`${what} must be a 32-bit integer`);
  return /** @type {number} */ (v);
}

/** `sql` or `sql_id`, exactly one of them, as sqld requires. */
function parseSqlRef(/** @type {any} */ obj) {
  const sql = optString(obj.sql, 'sql');
  const sqlId = obj.sql_id === undefined || obj.sql_id === null ? undefined : int32(obj.sql_id, 'sql_id');
  if (sql !== undefined && sqlId !== undefined) throw protocolError('Both sql and sql_id were given');
  if (sql === undefined && sqlId === undefined) throw protocolError('Neither sql nor sql_id was given');
  return { sql, sqlId };
}

/**
 * @typedef {{ sql?: string, sqlId?: number, args: unknown[], named: Map<string, unknown> | null, wantRows: boolean }} ParsedStmt
 * @returns {ParsedStmt}
 */
function parseStmt(/** @type {any} */ s) {
  if (!isObject(s)) throw protocolError('stmt must be an object');
  const { sql, sqlId } = parseSqlRef(s);
  if (s.args !== undefined && s.args !== null && !Array.isArray(s.args)) throw protocolError('args must be an array');
  const args = (s.args ?? []).map(decodeValue);
  if (s.named_args !== undefined && s.named_args !== null && !Array.isArray(s.named_args)) throw protocolError('named_args must be an array');
  /** @type {Map<string, unknown> | null} */
  let named = null;
  for (const a of s.named_args ?? []) {
    if (!isObject(a) || typeof a.name !== 'string') throw protocolError('A named argument needs a name');
    (named ??= new Map()).set(a.name, decodeValue(a.value));
  }
  if (s.want_rows !== undefined && s.want_rows !== null && typeof s.want_rows !== 'boolean') throw protocolError('want_rows must be a boolean');
  return { sql, sqlId, args, named, wantRows: s.want_rows ?? true };
}

/** @typedef {{ type: string, step?: number, cond?: Cond, conds?: Cond[] }} Cond */

/** A condition may only refer to earlier steps, so evaluating it never reads a result that does not exist. */
function parseCond(/** @type {any} */ c, /** @type {number} */ stepIndex, /** @type {number} */ version, depth = 0) {
  if (!isObject(c)) throw protocolError('condition must be an object');
  if (depth > 100) throw protocolError('condition is nested too deeply');
  switch (c.type) {
    case 'ok':
    case 'error':
      if (!Number.isInteger(c.step) || c.step < 0 || c.step >= stepIndex) {
        throw protocolError(`A condition of step ${stepIndex} refers to step ${c.step}, which does not run before it`);
      }
      return { type: c.type, step: c.step };
    case 'not':
      return { type: 'not', cond: parseCond(c.cond, stepIndex, version, depth + 1) };
    case 'and':
    case 'or':
      if (!Array.isArray(c.conds)) throw protocolError(`An "${c.type}" condition needs conds`);
      return { type: c.type, conds: c.conds.map((/** @type {any} */ x) => parseCond(x, stepIndex, version, depth + 1)) };
    case 'is_autocommit':
      if (version < 3) throw protocolError('The is_autocommit condition needs protocol version 3');
      return { type: 'is_autocommit' };
    default:
      throw protocolError(`Unknown condition type ${JSON.stringify(c.type)}`);
  }
}

/** @typedef {{ steps: { condition: Cond | null, stmt: ParsedStmt }[] }} ParsedBatch */

/** @returns {ParsedBatch} */
function parseBatch(/** @type {any} */ b, /** @type {number} */ version) {
  if (!isObject(b) || !Array.isArray(b.steps)) throw protocolError('batch must be an object with steps');
  return {
    steps: b.steps.map((/** @type {any} */ step, /** @type {number} */ i) => {
      if (!isObject(step)) throw protocolError('A batch step must be an object');
      const condition = step.condition === undefined || step.condition === null ? null : parseCond(step.condition, i, version);
      return { condition, stmt: parseStmt(step.stmt) };
    }),
  };
}

function parseStreamRequest(/** @type {any} */ r, /** @type {number} */ version) {
  if (!isObject(r)) throw protocolError('A request must be an object');
  switch (r.type) {
    case 'close':
    case 'get_autocommit':
      if (r.type === 'get_autocommit' && version < 3) throw protocolError('The get_autocommit request needs protocol version 3');
      return { type: r.type };
    case 'execute':
      return { type: r.type, stmt: parseStmt(r.stmt) };
    case 'batch':
      return { type: r.type, batch: parseBatch(r.batch, version) };
    case 'sequence':
    case 'describe':
      return { type: r.type, ...parseSqlRef(r) };
    case 'store_sql':
      if (typeof r.sql !== 'string') throw protocolError('store_sql needs sql');
      return { type: r.type, sqlId: int32(r.sql_id, 'sql_id'), sql: r.sql };
    case 'close_sql':
      return { type: r.type, sqlId: int32(r.sql_id, 'sql_id') };
    default:
      throw protocolError(`Unknown request type ${JSON.stringify(r.type)}`);
  }
}

function parseBaton(/** @type {any} */ body) {
  if (body.baton !== undefined && body.baton !== null && typeof body.baton !== 'string') throw protocolError('baton must be a string');
  return body.baton ?? null;
}

// ---------------------------------------------------------------------------
// Streams
// ---------------------------------------------------------------------------

/** Opens a connection the way every stream needs it. */
function openConnection(/** @type {string} */ file) {
  const conn = new Database(file);
  try {
    conn.defaultSafeIntegers(true); // integers come back as bigint, so 64-bit values survive
    // Waiting for a lock is done by runStatement, off the event loop (see the header).
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
 * A Hrana stream: one SQLite connection, held across HTTP requests by its
 * baton. `client.transaction()` depends on this: its BEGIN, its statements and
 * its COMMIT come in separate requests, and all must reach one connection.
 */
class Stream {
  /** @param {ConnectionPool} pool */
  constructor(pool) {
    this.pool = pool;
    this.conn = pool.take();
    /** Set once a statement may have changed the connection's session state, so it is not pooled again. */
    this.tainted = false;
    /** @type {Map<number, string>} */
    this.sqls = new Map();
    /** @type {string | null} */
    this.baton = null;
    /** @type {NodeJS.Timeout | null} */
    this.timer = null;
    this.closed = false;
    /** Set when the stream's transaction was rolled back behind the client's back (see replaceConnection). */
    /** @type {string | null} */
    this.aborted = null;
  }

  /** sqlite3_changes() and sqlite3_last_insert_rowid(), which the package does not expose after all(). */
  changesAndRowid() {
    let meta = metaStatements.get(this.conn);
    if (!meta) {
      meta = this.conn.prepare('SELECT changes(), last_insert_rowid()').raw(true);
      metaStatements.set(this.conn, meta);
    }
    const [changes, rowid] = meta.all()[0];
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
  replaceConnection(/** @type {string} */ reason) {
    const old = this.conn;
    let wasInTransaction = false;
    try {
      wasInTransaction = old.inTransaction;
      if (wasInTransaction) old.exec('ROLLBACK');
    } catch { /* closing rolls back as well */ }
    try {
      old.close();
    } catch { /* already unusable */ }
    if (wasInTransaction) this.aborted = reason;
    this.conn = this.pool.take();
  }

  /** Ends the stream: an open transaction is rolled back, and the connection goes back to the pool. */
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.pool.give(this.conn, !this.tainted);
  }
}

/** The statement behind changesAndRowid(), prepared once per connection. */
/** @type {WeakMap<object, any>} */
const metaStatements = new WeakMap();

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
class ConnectionPool {
  /** @param {string} file @param {number} maxIdle */
  constructor(file, maxIdle) {
    this.file = file;
    this.maxIdle = maxIdle;
    /** @type {any[]} */
    this.idle = [];
    this.closed = false;
  }

  take() {
    return this.idle.pop() ?? openConnection(this.file);
  }

  /** @param {any} conn @param {boolean} reusable */
  give(conn, reusable) {
    try {
      if (conn.inTransaction) conn.exec('ROLLBACK');
      // A statement that SQLite still counts as in progress (see
      // replaceConnection) would keep every later autocommit write on this
      // connection from committing. That is invisible, and it would move to
      // the next stream. COMMIT refuses to run while one exists, so an empty
      // transaction is the check (about 12 µs).
      if (reusable) conn.exec('BEGIN; COMMIT');
    } catch (err) {
      if (reusable) console.error('libsql: a connection was not reused:', err instanceof Error ? err.message : err);
      reusable = false;
      try {
        if (conn.inTransaction) conn.exec('ROLLBACK');
      } catch { /* it is closed next */ }
    }
    if (reusable && !this.closed && this.idle.length < this.maxIdle) {
      this.idle.push(conn);
      return;
    }
    try {
      conn.close();
    } catch (err) {
      console.error('libsql: closing a connection failed:', err);
    }
  }

  close() {
    this.closed = true;
    for (const conn of this.idle.splice(0)) conn.close();
  }
}

/** @param {number} ms */
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Any SQLITE_BUSY (the primary code, so BUSY_RECOVERY, BUSY_SNAPSHOT and BUSY_TIMEOUT as well). */
const isBusy = (/** @type {any} */ e) => typeof e?.rawCode === 'number' && (e.rawCode & 0xff) === 5;
/** The variants worth waiting for. BUSY_SNAPSHOT (517) is not one: the transaction read data that another writer has changed since, so it has to restart. */
const isRetryableBusy = (/** @type {any} */ e) => e?.rawCode === 5 || e?.rawCode === 261 || e?.rawCode === 773;

/**
 * @typedef {object} Engine
 * @property {number} busyTimeoutMs
 * @property {boolean} closing
 */

/**
 * Calls `fn` (synchronous engine work). On a retryable SQLITE_BUSY it waits
 * with a growing async backoff, for up to busyTimeoutMs, and calls it again.
 * Other requests run while it waits, including the COMMIT of the lock holder.
 * @template T
 * @param {Engine} engine
 * @param {() => T} fn
 * @returns {Promise<T>}
 */
async function withBusyRetry(engine, fn) {
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

/** Binds arguments as sqld's Params::bind does (libsql-server/src/query.rs). */
function bindArgs(/** @type {StmtInfo} */ info, /** @type {ParsedStmt} */ stmt) {
  const positional = stmt.named === null;
  if (!positional && stmt.args.length > 0) {
    throw new StmtError('ARGS_BOTH_POSITIONAL_AND_NAMED', 'Specifying both positional and named arguments is not supported');
  }
  const given = positional ? stmt.args.length : /** @type {Map<string, unknown>} */ (stmt.named).size;
  const invalid = (/** @type {string} */ why) => new StmtError('ARGS_INVALID', `Arguments do not match SQL parameters: ${why}`);
  if (info.paramCount < given) throw invalid(`too many parameters, expected ${info.paramCount} found ${given}`);
  const values = new Array(info.paramCount).fill(null);
  for (let i = 1; i <= info.paramCount; i++) {
    const name = info.paramNames.get(i);
    let found = false;
    let value = null;
    if (name === undefined || name[0] === '?') {
      const pos = name === undefined ? i : Number(name.slice(1));
      if (positional && pos <= stmt.args.length) { found = true; value = stmt.args[pos - 1]; }
    } else if (!positional) {
      const named = /** @type {Map<string, unknown>} */ (stmt.named);
      for (const key of [name, name.slice(1)]) {
        if (named.has(key)) { found = true; value = named.get(key); break; }
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

/** Prepares a statement. Errors are tagged, because sqld reports prepare-time errors differently. */
function prepare(/** @type {any} */ conn, /** @type {string} */ sql) {
  try {
    return conn.prepare(sql);
  } catch (err) {
    if (err && typeof err === 'object') /** @type {any} */ (err).phase = 'prepare';
    throw err;
  }
}

/** Runs a prepared statement to the end and builds its Hrana result. */
function step(/** @type {Stream} */ stream, /** @type {StmtInfo} */ info, /** @type {any} */ prepared, /** @type {unknown[]} */ values, /** @type {boolean} */ wantRows) {
  const cols = prepared.columns().map((/** @type {any} */ c) => ({ name: c.name, decltype: c.type ?? null }));
  let rows = [];
  // all() and run() reset the statement before they execute it, so calling
  // them again after SQLITE_BUSY restarts the same statement cleanly.
  if (prepared.reader) {
    const all = prepared.raw(true).all(values);
    // See describe(): an EXPLAIN stays active until reset, and get() resets.
    if (info.isExplain) prepared.get(values);
    if (wantRows) rows = all.map((/** @type {unknown[]} */ row) => row.map(encodeValue));
  } else {
    prepared.run(values);
  }
  let affected = 0;
  /** @type {string | null} */
  let lastInsertRowid = null;
  if (info.isIud) {
    const meta = stream.changesAndRowid();
    affected = meta.changes;
    if (info.isInsert) lastInsertRowid = meta.rowid;
  }
  return { cols, rows, affected_row_count: affected, last_insert_rowid: lastInsertRowid };
}

/**
 * Runs one statement on the stream, and maps failures to StmtErrors.
 * @param {Engine} engine
 * @param {Stream} stream
 * @param {StmtInfo} info
 * @param {unknown[]} values
 * @param {boolean} wantRows
 */
async function runStatement(engine, stream, info, values, wantRows) {
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
    const prepared = await withBusyRetry(engine, () => prepare(stream.conn, info.text));
    try {
      // Retry the same statement object: a new one would leave this one resumable (see replaceConnection).
      return await withBusyRetry(engine, () => step(stream, info, prepared, values, wantRows));
    } catch (err) {
      if (isBusy(err)) stream.replaceConnection(`${/** @type {any} */ (err).message}, for more than ${engine.busyTimeoutMs} ms`);
      throw err;
    }
  } catch (err) {
    throw toStmtError(err);
  }
}

// ---------------------------------------------------------------------------
// The server
// ---------------------------------------------------------------------------

/**
 * @typedef {object} LibsqlServerOptions
 * @property {string} dbPath            the database file (created if missing, with its directory)
 * @property {string} [host]            default 127.0.0.1: not reachable from other machines
 * @property {number} [port]            default 0: any free port
 * @property {string} [authToken]       when set, requests need `Authorization: Bearer <authToken>`
 * @property {number} [idleTimeoutMs]   an unused stream is closed (its transaction rolled back) after this; default 15000
 * @property {number} [busyTimeoutMs]   how long a statement waits for another writer; default 5000
 * @property {number} [maxBodyBytes]    larger request bodies get 413; default 10 MiB
 * @property {number} [maxStreams]      open streams at once; default 256
 */

/**
 * Starts the server. Resolves once it listens.
 * @param {LibsqlServerOptions} options
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
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
}) {
  if (typeof dbPath !== 'string' || dbPath === '' || dbPath === ':memory:' || dbPath.startsWith('file:')) {
    // Every stream opens its own connection, so an in-memory database would
    // be a different, empty database for each request.
    throw new TypeError('startLibsqlServer: dbPath must be the path of a database file');
  }
  const file = resolve(dbPath);
  mkdirSync(dirname(file), { recursive: true });

  // The keeper connection lives as long as the server. It switches the file
  // to WAL, which lets readers and one writer work at once, and which is
  // persistent, so every later connection uses it too. While it stays open,
  // a stream that closes is never the last connection. That spares each
  // request a checkpoint and the deletion of the WAL, and spares the next
  // connection a WAL recovery.
  const keeper = new Database(file);
  try {
    const [[mode]] = keeper.prepare('PRAGMA journal_mode = WAL').raw(true).all();
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`could not switch ${file} to WAL (journal_mode is ${mode})`);
  } catch (err) {
    keeper.close();
    throw err;
  }

  /** @type {Engine} */
  const engine = { busyTimeoutMs, closing: false };
  const pool = new ConnectionPool(file, MAX_IDLE_CONNECTIONS);
  const tokenDigest = authToken ? createHash('sha256').update(authToken).digest() : null;

  /** Streams waiting for their next request, by baton. A stream in use has no entry. */
  /** @type {Map<string, Stream>} */
  const available = new Map();
  /** @type {Map<string, number>} */
  const expiredBatons = new Map();
  /** @type {Set<Stream>} */
  const openStreams = new Set();
  let inFlight = 0;

  function openStream() {
    if (openStreams.size >= maxStreams) {
      throw new HttpError(503, 'TOO_MANY_STREAMS', `The server already has ${openStreams.size} open streams`);
    }
    const stream = new Stream(pool);
    openStreams.add(stream);
    return stream;
  }

  function closeStream(/** @type {Stream} */ stream) {
    openStreams.delete(stream);
    stream.close();
  }

  /** Takes the stream a baton refers to, or opens a new one. The baton is used up: each response carries a fresh one. */
  function acquire(/** @type {string | null} */ baton) {
    if (baton === null) return openStream();
    const stream = available.get(baton);
    if (!stream) {
      if (expiredBatons.has(baton)) throw new HttpError(400, 'STREAM_EXPIRED', 'The stream has expired due to inactivity');
      throw new HttpError(400, 'BATON_INVALID', 'The baton is invalid, or was already used');
    }
    available.delete(baton);
    if (stream.timer) clearTimeout(stream.timer);
    stream.timer = null;
    return stream;
  }

  const newBaton = () => randomBytes(24).toString('base64url');

  /** Makes the stream available again under `baton`. Returns null when the stream is closed (or the server is closing). */
  function release(/** @type {Stream} */ stream, baton = newBaton()) {
    if (engine.closing) closeStream(stream);
    if (stream.closed) return null;
    stream.baton = baton;
    available.set(baton, stream);
    stream.timer = setTimeout(() => expire(stream), idleTimeoutMs);
    stream.timer.unref();
    return baton;
  }

  function expire(/** @type {Stream} */ stream) {
    if (stream.baton === null || available.get(stream.baton) !== stream) return;
    available.delete(stream.baton);
    const now = Date.now();
    expiredBatons.set(stream.baton, now);
    // Forget old expired batons. The map is in insertion order, so the oldest come first.
    for (const [b, t] of expiredBatons) {
      if (now - t < EXPIRED_BATON_MEMORY_MS) break;
      expiredBatons.delete(b);
    }
    closeStream(stream);
  }

  function requireOpen(/** @type {Stream} */ stream) {
    if (stream.closed) throw protocolError('The stream was closed earlier in this pipeline');
  }

  function resolveSql(/** @type {Stream} */ stream, /** @type {{ sql?: string, sqlId?: number }} */ ref) {
    if (ref.sql !== undefined) return ref.sql;
    const sql = stream.sqls.get(/** @type {number} */ (ref.sqlId));
    if (sql === undefined) throw protocolError(`No SQL text is stored with id ${ref.sqlId}`);
    return sql;
  }

  async function execute(/** @type {Stream} */ stream, /** @type {ParsedStmt} */ stmt) {
    requireOpen(stream);
    const sql = resolveSql(stream, stmt);
    stats.statements++;
    try {
      const info = analyzeOne(sql);
      const values = bindArgs(info, stmt);
      return await runStatement(engine, stream, info, values, stmt.wantRows);
    } catch (err) {
      throw toStmtError(err);
    }
  }

  function evalCond(/** @type {Cond} */ cond, /** @type {boolean[]} */ ok, /** @type {Stream} */ stream) {
    switch (cond.type) {
      case 'ok': return ok[/** @type {number} */ (cond.step)];
      case 'error': return !ok[/** @type {number} */ (cond.step)];
      case 'not': return !evalCond(/** @type {Cond} */ (cond.cond), ok, stream);
      case 'and': return /** @type {Cond[]} */ (cond.conds).every((c) => evalCond(c, ok, stream));
      case 'or': return /** @type {Cond[]} */ (cond.conds).some((c) => evalCond(c, ok, stream));
      case 'is_autocommit': return !stream.conn.inTransaction;
      default: throw new Error(`unreachable condition ${cond.type}`);
    }
  }

  /**
   * Runs a batch as sqld does. A step runs when its condition holds. A step
   * counts as "ok" only when it ran and succeeded. A failed step does not stop
   * the batch: the conditions decide (BEGIN ... COMMIT/ROLLBACK batches
   * depend on this).
   * @param {Stream} stream
   * @param {ParsedBatch} batch
   * @param {(i: number, result: any, error: any) => void} [onStep] called after each step that ran
   */
  async function runBatch(stream, batch, onStep) {
    requireOpen(stream);
    /** @type {boolean[]} */
    const ok = [];
    const stepResults = [];
    const stepErrors = [];
    for (let i = 0; i < batch.steps.length; i++) {
      const { condition, stmt } = batch.steps[i];
      let result = null;
      let error = null;
      if (condition === null || evalCond(condition, ok, stream)) {
        try {
          result = await execute(stream, stmt);
        } catch (err) {
          if (!(err instanceof StmtError)) throw err;
          error = protoError(err);
        }
        onStep?.(i, result, error);
      }
      ok.push(result !== null);
      stepResults.push(result);
      stepErrors.push(error);
    }
    return { step_results: stepResults, step_errors: stepErrors };
  }

  async function runSequence(/** @type {Stream} */ stream, /** @type {string} */ sql) {
    // One statement at a time (not exec()), so each one gets the busy handling of runStatement.
    for (const info of analyzeSql(sql)) {
      const values = bindArgs(info, { args: [], named: null, wantRows: false });
      await runStatement(engine, stream, info, values, false);
    }
  }

  function describe(/** @type {Stream} */ stream, /** @type {string} */ sql) {
    try {
      const info = analyzeOne(sql);
      const prepared = prepare(stream.conn, info.text);
      const cols = prepared.columns().map((/** @type {any} */ c) => ({ name: c.name, decltype: c.type ?? null }));
      const params = [];
      for (let i = 1; i <= info.paramCount; i++) params.push({ name: info.paramNames.get(i) ?? null });
      // sqlite3_stmt_readonly() is not exposed. The same flags come from the
      // bytecode: vdbeaux.c clears readOnly for a write OP_Transaction, for
      // OP_Vacuum and for OP_JournalMode.
      let isReadonly = true;
      if (!info.isExplain) {
        const explain = stream.conn.prepare(`EXPLAIN ${info.text}`).raw(true);
        const program = explain.all();
        // An EXPLAIN that ran to its end still counts as an active statement
        // (of the explained kind) until it is reset. An EXPLAIN INSERT would
        // keep every later autocommit write on this connection from
        // committing. get() is the one call of the package that resets
        // afterwards.
        explain.get();
        isReadonly = !program.some((/** @type {any[]} */ op) =>
          (op[1] === 'Transaction' && Number(op[3]) !== 0) || op[1] === 'Vacuum' || op[1] === 'JournalMode');
      }
      return { params, cols, is_explain: info.isExplain, is_readonly: isReadonly };
    } catch (err) {
      throw toStmtError(err);
    }
  }

  /** Handles one request of a pipeline. StmtErrors become error results. HttpErrors fail the whole HTTP request. */
  async function handleStreamRequest(/** @type {Stream} */ stream, /** @type {any} */ req) {
    try {
      return { type: 'ok', response: await streamResponse(stream, req) };
    } catch (err) {
      if (err instanceof StmtError) return { type: 'error', error: protoError(err) };
      throw err;
    }
  }

  async function streamResponse(/** @type {Stream} */ stream, /** @type {any} */ req) {
    switch (req.type) {
      case 'close':
        closeStream(stream);
        return { type: 'close' };
      case 'execute':
        return { type: 'execute', result: await execute(stream, req.stmt) };
      case 'batch':
        return { type: 'batch', result: await runBatch(stream, req.batch) };
      case 'sequence':
        requireOpen(stream);
        await runSequence(stream, resolveSql(stream, req));
        return { type: 'sequence' };
      case 'describe':
        requireOpen(stream);
        return { type: 'describe', result: describe(stream, resolveSql(stream, req)) };
      case 'store_sql':
        if (stream.sqls.has(req.sqlId)) throw protocolError(`A SQL text with id ${req.sqlId} is already stored`);
        if (stream.sqls.size >= MAX_STORED_SQLS) {
          throw new StmtError('SQL_STORE_TOO_MANY', `The server already stores ${stream.sqls.size} SQL texts, it cannot store more`);
        }
        if (Buffer.byteLength(req.sql) > MAX_STORED_SQL_BYTES) {
          throw new StmtError('SQL_STORE_TOO_LARGE', `The statement is too large to be stored: ${Buffer.byteLength(req.sql)}/${MAX_STORED_SQL_BYTES} bytes`);
        }
        stream.sqls.set(req.sqlId, req.sql);
        return { type: 'store_sql' };
      case 'close_sql':
        stream.sqls.delete(req.sqlId);
        return { type: 'close_sql' };
      case 'get_autocommit':
        requireOpen(stream);
        return { type: 'get_autocommit', is_autocommit: !stream.conn.inTransaction };
      default:
        throw new Error(`unreachable request type ${req.type}`);
    }
  }

  async function handlePipeline(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res, /** @type {number} */ version) {
    const body = await readJsonBody(req, maxBodyBytes);
    if (!isObject(body) || !Array.isArray(body.requests)) throw protocolError('The body must be an object with requests');
    const baton = parseBaton(body);
    const requests = body.requests.map((/** @type {any} */ r) => parseStreamRequest(r, version));
    const stream = acquire(baton);
    const results = [];
    try {
      for (const r of requests) results.push(await handleStreamRequest(stream, r));
    } catch (err) {
      // A protocol error leaves the stream in an unknown state; sqld drops it too.
      closeStream(stream);
      throw err;
    }
    sendJson(res, 200, { baton: release(stream), base_url: null, results });
  }

  async function handleCursor(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
    const body = await readJsonBody(req, maxBodyBytes);
    if (!isObject(body)) throw protocolError('The body must be an object with a batch');
    const baton = parseBaton(body);
    const batch = parseBatch(body.batch, 3);
    const stream = acquire(baton);
    // The next baton goes out in the first line, but the stream only becomes
    // available once the batch is done. A request that uses the baton
    // earlier is refused, instead of running on a busy connection.
    const nextBaton = newBaton();
    res.writeHead(200, { 'content-type': 'text/plain' });
    const line = (/** @type {unknown} */ entry) => res.write(`${JSON.stringify(entry)}\n`);
    line({ baton: nextBaton, base_url: null });
    try {
      await runBatch(stream, batch, (step, result, error) => {
        if (error) {
          line({ type: 'step_error', step, error });
          return;
        }
        line({ type: 'step_begin', step, cols: result.cols });
        for (const row of result.rows) line({ type: 'row', row });
        line({ type: 'step_end', affected_row_count: result.affected_row_count, last_insert_rowid: result.last_insert_rowid });
      });
      release(stream, nextBaton);
    } catch (err) {
      closeStream(stream);
      const e = err instanceof HttpError ? err : internalError(err);
      line({ type: 'error', error: { message: e.message, code: e.code } });
    }
    res.end();
  }

  function checkAuth(/** @type {import('node:http').IncomingMessage} */ req) {
    if (!tokenDigest) return;
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    const given = createHash('sha256').update(match ? match[1].trim() : '').digest();
    // Compare digests: equal lengths, and no timing hint about the token.
    if (!match || !timingSafeEqual(given, tokenDigest)) {
      throw new HttpError(401, 'UNAUTHORIZED', 'Authentication failed: a valid bearer token is required');
    }
  }

  const INFO_PATHS = new Set(['/', '/v2', '/v3', '/health', '/version']);
  // Round trips served (one per pipeline or cursor request), read by the benchmarks and the
  // round-trip tests at GET /stats; `statements` counts the statements those requests ran.
  const stats = { requests: 0, statements: 0 };
  const POST_PATHS = new Map([['/v2/pipeline', 2], ['/v3/pipeline', 3], ['/v3/cursor', 3]]);

  async function route(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (engine.closing) throw new HttpError(503, 'SHUTTING_DOWN', 'The server is shutting down');
    if (path === '/stats') {
      if (req.method !== 'GET') throw methodNotAllowed(res, 'GET');
      checkAuth(req);
      sendJson(res, 200, stats);
      return;
    }
    if (INFO_PATHS.has(path)) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw methodNotAllowed(res, 'GET, HEAD');
      // GET /v2 and GET /v3 answer 200, so a client that probes for a version finds it.
      const text = path === '/version' ? SERVER_VERSION : path === '/health' ? 'ok' : `Hello, this is HTTP API ${path === '/v3' ? 'v3' : 'v2'} (Hrana over HTTP)`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
      return;
    }
    const version = POST_PATHS.get(path);
    if (version === undefined) {
      // This includes /v3-protobuf: @libsql/client probes it, and on a 404 it falls back to JSON.
      throw new HttpError(404, 'NOT_FOUND', `No endpoint at ${path}`);
    }
    if (req.method !== 'POST') throw methodNotAllowed(res, 'POST');
    checkAuth(req);
    stats.requests++;
    if (path === '/v3/cursor') await handleCursor(req, res);
    else await handlePipeline(req, res, version);
  }

  const server = createServer((req, res) => {
    inFlight++;
    route(req, res)
      .catch((err) => {
        const e = err instanceof HttpError ? err : internalError(err);
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // After a 413 the rest of the body is not read, so the connection cannot be reused.
        sendJson(res, e.status, { error: e.message, message: e.message, code: e.code }, e.status === 413);
      })
      .finally(() => {
        inFlight--;
        if (engine.closing && inFlight === 0) server.closeAllConnections();
      });
  });

  await new Promise((resolveListen, rejectListen) => {
    const onError = (/** @type {Error} */ err) => {
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

  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  const urlHost = address.family === 'IPv6' || host.includes(':') ? `[${address.address}]` : host;
  const url = `http://${urlHost}:${address.port}`;

  /** @type {Promise<void> | undefined} */
  let closing;
  function close() {
    closing ??= (async () => {
      engine.closing = true;
      const stopped = new Promise((r) => server.close(() => r(undefined)));
      server.closeIdleConnections();
      // In-flight requests are waiting for a busy lock at most. They give up
      // at once now that `closing` is set, and the last one closes the
      // remaining connections (see the request handler). A client that is
      // still sending its body gets a second before it is cut off.
      if (inFlight === 0) server.closeAllConnections();
      const cutOff = setTimeout(() => server.closeAllConnections(), 1000);
      await stopped;
      clearTimeout(cutOff);
      for (const stream of [...openStreams]) closeStream(stream);
      available.clear();
      pool.close();
      try {
        // Fold the WAL into the database file, so the file alone holds
        // everything. The first attempt can report "busy" when another
        // connection changed the schema: the keeper then reads the new schema
        // during the checkpoint, and is itself the reader that stops the WAL
        // from being reset. A second attempt succeeds.
        for (let attempt = 0; attempt < 3; attempt++) {
          const [[busy]] = keeper.prepare('PRAGMA wal_checkpoint(TRUNCATE)').raw(true).all();
          if (Number(busy) === 0) break;
        }
      } catch (err) {
        console.error('libsql: final checkpoint failed:', err);
      }
      keeper.close();
    })();
    return closing;
  }

  return { url, port: address.port, close };
}

function methodNotAllowed(/** @type {import('node:http').ServerResponse} */ res, /** @type {string} */ allow) {
  res.setHeader('allow', allow);
  return new HttpError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed');
}

function internalError(/** @type {unknown} */ err) {
  console.error('libsql: internal error:', err);
  return new HttpError(500, 'INTERNAL_ERROR', `Internal server error: ${err instanceof Error ? err.message : String(err)}`);
}

/**
 * Sends JSON. The content type must be exactly `application/json`: the client
 * compares it as a whole string before it reads `message` and `code` from an
 * error body.
 */
function sendJson(/** @type {import('node:http').ServerResponse} */ res, /** @type {number} */ status, /** @type {unknown} */ body, closeConnection = false) {
  const data = JSON.stringify(body);
  /** @type {Record<string, string | number>} */
  const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(status, headers);
  res.end(data);
}

/** Reads the body, at most `limit` bytes (413 beyond), and parses it as JSON (400 if it is not). */
function readJsonBody(/** @type {import('node:http').IncomingMessage} */ req, /** @type {number} */ limit) {
  return new Promise((resolveBody, rejectBody) => {
    const tooLarge = () => new HttpError(413, 'BODY_TOO_LARGE', `The request body is larger than ${limit} bytes`);
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      rejectBody(tooLarge());
      return;
    }
    /** @type {Buffer[]} */
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (/** @type {Buffer} */ chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        rejectBody(tooLarge());
      } else {
        chunks.push(chunk);
      }
    });
    req.on('error', () => {
      // The client went away mid-body. Nobody is left to answer, and it is not a server fault.
      failed = true;
      rejectBody(new HttpError(400, 'REQUEST_ABORTED', 'The request was aborted'));
    });
    req.on('end', () => {
      if (failed) return;
      try {
        resolveBody(JSON.parse(Buffer.concat(chunks, size).toString('utf8')));
      } catch {
        rejectBody(protocolError('The request body is not valid JSON'));
      }
    });
  });
}

// ---------------------------------------------------------------------------
// Command line
// ---------------------------------------------------------------------------

const USAGE = `Usage: node scripts/libsql-server.mjs [--db FILE] [--port PORT] [--host HOST] [--auth-token TOKEN]

A libSQL (Hrana over HTTP) server for development and tests.
  --db FILE          database file (env LIBSQL_DB; default .data/db.sqlite)
  --port PORT        port, 0 for any free one (env LIBSQL_PORT; default 8080)
  --host HOST        interface (env LIBSQL_HOST; default 127.0.0.1)
  --auth-token TOKEN require "Authorization: Bearer TOKEN" (env LIBSQL_AUTH_TOKEN)`;

async function main() {
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
    console.error(`libsql: ${err instanceof Error ? err.message : err}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const dbPath = values.db ?? process.env.LIBSQL_DB ?? '.data/db.sqlite';
  const portText = values.port ?? process.env.LIBSQL_PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    console.error(`libsql: invalid port ${JSON.stringify(portText)}`);
    process.exit(2);
  }
  const host = values.host ?? process.env.LIBSQL_HOST ?? '127.0.0.1';
  const authToken = values['auth-token'] ?? (process.env.LIBSQL_AUTH_TOKEN || undefined);

  let server;
  try {
    server = await startLibsqlServer({ dbPath, host, port, authToken });
  } catch (err) {
    console.error(`libsql: could not start: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  }
  console.log(`libsql: listening on ${server.url} (db ${resolve(dbPath)})`);
  if (!authToken && !['127.0.0.1', 'localhost', '::1'].includes(host)) {
    console.error(`libsql: warning: ${host} may be reachable from other machines, and no --auth-token is set`);
  }

  let stopping = false;
  const stop = (/** @type {string} */ signal) => {
    if (stopping) {
      console.error(`libsql: ${signal} again, exiting without a clean close`);
      process.exit(1);
    }
    stopping = true;
    server.close().then(
      () => process.exit(0),
      (err) => {
        console.error('libsql: close failed:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

const isMain = (() => {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
})();
if (isMain) await main();
