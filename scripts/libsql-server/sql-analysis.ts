// SQL statement classification.
//
// The libsql package exposes neither sqlite3_bind_parameter_name, nor
// sqlite3_stmt_readonly, nor the tail of a prepared statement. Its object
// binding panics (aborting the whole process) on a `?` parameter. So a small
// tokenizer (sql-tokens.ts) recovers what the server needs. This module splits
// statements as sqlite3_complete() does (including CREATE TRIGGER bodies),
// numbers parameters as SQLite's parser does, and finds the statement kind.
import { StmtError } from './errors';
import { TK_SEMI, TK_WS, tokenize, type Token } from './sql-tokens';

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
const MAIN_KEYWORDS = new Set(['select', 'values', 'insert', 'replace', 'update', 'delete']);
// SQLite's default SQLITE_MAX_VARIABLE_NUMBER. Larger ?NNN fail to prepare anyway.
const MAX_PARAMS = 32766;

export interface StmtInfo {
  /** the statement's SQL, as handed to prepare() */
  text: string;
  isExplain: boolean;
  /** INSERT or REPLACE (also behind a WITH clause) */
  isInsert: boolean;
  /** INSERT, REPLACE, UPDATE or DELETE */
  isIud: boolean;
  /** sqlite3_bind_parameter_count() */
  paramCount: number;
  /** sqlite3_bind_parameter_name(), for the indexes that have one */
  paramNames: Map<number, string>;
  firstWord: string | undefined;
  /** ROLLBACK [TRANSACTION] TO [SAVEPOINT] name */
  isSavepointRollback: boolean;
  /** may change per-connection state (PRAGMA, ATTACH, DETACH, CREATE TEMP ...) */
  changesSession: boolean;
}

/** The main verb, skipping EXPLAIN [QUERY PLAN] and the CTEs of a WITH clause. */
function mainVerb(sig: Token[], isExplain: boolean): string | undefined {
  let j = 0;
  if (isExplain) j = sig[1]?.word === 'query' && sig[2]?.word === 'plan' ? 3 : 1;
  const main = sig[j]?.word;
  if (main !== 'with') return main;
  // The main verb is the first one outside the parentheses of the CTEs.
  let depth = 0;
  for (let k = j + 1; k < sig.length; k++) {
    const t = sig[k];
    if (t.paren) depth += t.paren;
    else if (depth === 0 && t.word && MAIN_KEYWORDS.has(t.word)) return t.word;
  }
  return undefined;
}

/**
 * Parameter numbering, as in sqlite3ExprAssignVarNumber(). `?` takes the
 * next index. `?NNN` takes index NNN. A name reuses its index, or takes the
 * next one. The first name given to an index is its name.
 */
function numberParams(sig: Token[]): { paramCount: number; paramNames: Map<number, string> } {
  let paramCount = 0;
  const byName = new Map<string, number>();
  const paramNames = new Map<number, string>();
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
  return { paramCount, paramNames };
}

function analyzeStatement(sql: string, toks: Token[]): StmtInfo {
  const sig = toks.filter((t) => t.kind !== TK_WS);
  const text = sql.slice(sig[0].start, sig[sig.length - 1].end);
  const isExplain = sig[0].word === 'explain';
  const main = mainVerb(sig, isExplain);
  const isInsert = !isExplain && (main === 'insert' || main === 'replace');
  const isIud = isInsert || (!isExplain && (main === 'update' || main === 'delete'));
  const firstWord = sig[0].word;
  const isSavepointRollback = firstWord === 'rollback' && sig.some((t) => t.word === 'to');
  const changesSession =
    firstWord === 'pragma' ||
    firstWord === 'attach' ||
    firstWord === 'detach' ||
    (firstWord === 'create' && (sig[1]?.word === 'temp' || sig[1]?.word === 'temporary'));
  return { text, isExplain, isInsert, isIud, ...numberParams(sig), firstWord, isSavepointRollback, changesSession };
}

// Parsed SQL is cached: apps send the same few statements again and again.
const analysisCache = new Map<string, StmtInfo[]>();
const ANALYSIS_CACHE_SIZE = 512;

/** Splits `sql` into statements, as sqlite3_complete() sees them. */
export function analyzeSql(sql: string): StmtInfo[] {
  const cached = analysisCache.get(sql);
  if (cached) return cached;
  const stmts: StmtInfo[] = [];
  let state = 0;
  let current: Token[] = [];
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
    if (analysisCache.size >= ANALYSIS_CACHE_SIZE) analysisCache.delete(analysisCache.keys().next().value as string);
    analysisCache.set(sql, stmts);
  }
  return stmts;
}

/** The one statement of an `execute`/`describe`; sqld refuses zero or several. */
export function analyzeOne(sql: string): StmtInfo {
  const stmts = analyzeSql(sql);
  if (stmts.length === 0) throw new StmtError('SQL_NO_STATEMENT', 'SQL string does not contain any statement');
  if (stmts.length > 1) throw new StmtError('SQL_MANY_STATEMENTS', 'SQL string contains more than one statement');
  return stmts[0];
}
