// A tokenizer for SQLite's SQL, just detailed enough for sql-analysis.ts: statement
// boundaries (the token kinds of sqlite3_complete()), parameters, words and parentheses.

export const TK_SEMI = 0,
  TK_WS = 1,
  TK_OTHER = 2,
  TK_EXPLAIN = 3,
  TK_CREATE = 4,
  TK_TEMP = 5,
  TK_TRIGGER = 6,
  TK_END = 7;

const KEYWORD_TOKENS = new Map([
  ['explain', TK_EXPLAIN],
  ['create', TK_CREATE],
  ['temp', TK_TEMP],
  ['temporary', TK_TEMP],
  ['trigger', TK_TRIGGER],
  ['end', TK_END],
]);

export interface Token {
  kind: number;
  start: number;
  end: number;
  word?: string;
  param?: string;
  paren?: number;
}

const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isDigit = (c: number) => c >= 48 && c <= 57;
// SQLite's IdChar(): letters, digits, '_', '$' and every non-ASCII byte.
const isIdChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c) || c === 95 || c === 36 || c >= 0x80;
const isIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c >= 0x80;

/** The end of a quoted 'string', "identifier" or `identifier` that starts at `i` (a doubled quote escapes it). */
function quotedEnd(sql: string, i: number): number {
  const c = sql.charCodeAt(i);
  const quote = sql[i];
  i++;
  for (;;) {
    const q = sql.indexOf(quote, i);
    if (q < 0) return sql.length;
    if (sql.charCodeAt(q + 1) === c) {
      i = q + 2;
      continue;
    } // doubled quote
    return q + 1;
  }
}

/** Scans `:name`, `@name` or `$name` at `start` (with Tcl's `::` and `(suffix)`). */
function namedParam(sql: string, start: number): Token {
  const n = sql.length;
  let i = start + 1;
  let idChars = 0;
  while (i < n) {
    const d = sql.charCodeAt(i);
    if (isIdChar(d)) {
      idChars++;
      i++;
    } else if (d === 40 && idChars > 0) {
      let j = i + 1;
      while (j < n && !isSpace(sql.charCodeAt(j)) && sql.charCodeAt(j) !== 41) j++;
      i = j < n && sql.charCodeAt(j) === 41 ? j + 1 : j;
      break;
    } else if (d === 58 && sql.charCodeAt(i + 1) === 58) i += 2;
    else break;
  }
  return { kind: TK_OTHER, start, end: i, param: idChars > 0 ? sql.slice(start, i) : undefined };
}

/** Scans the token that starts at `start`. */
function nextToken(sql: string, start: number): Token {
  const n = sql.length;
  const c = sql.charCodeAt(start);
  let i = start;
  if (isSpace(c)) {
    while (i < n && isSpace(sql.charCodeAt(i))) i++;
    return { kind: TK_WS, start, end: i };
  }
  if (c === 45 && sql.charCodeAt(i + 1) === 45) {
    // -- comment
    const nl = sql.indexOf('\n', i + 2);
    return { kind: TK_WS, start, end: nl < 0 ? n : nl + 1 };
  }
  if (c === 47 && sql.charCodeAt(i + 1) === 42) {
    // /* comment */
    const close = sql.indexOf('*/', i + 2);
    return { kind: TK_WS, start, end: close < 0 ? n : close + 2 };
  }
  if (c === 39 || c === 34 || c === 96) return { kind: TK_OTHER, start, end: quotedEnd(sql, i) };
  if (c === 91) {
    // [identifier]
    const close = sql.indexOf(']', i + 1);
    return { kind: TK_OTHER, start, end: close < 0 ? n : close + 1 };
  }
  if (c === 59) return { kind: TK_SEMI, start, end: i + 1 };
  if (c === 63) {
    // ? or ?NNN
    i++;
    while (i < n && isDigit(sql.charCodeAt(i))) i++;
    return { kind: TK_OTHER, start, end: i, param: sql.slice(start, i) };
  }
  if (c === 58 || c === 64 || c === 36) return namedParam(sql, start);
  if (isIdStart(c)) {
    while (i < n && isIdChar(sql.charCodeAt(i))) i++;
    const word = sql.slice(start, i).toLowerCase();
    return { kind: KEYWORD_TOKENS.get(word) ?? TK_OTHER, start, end: i, word };
  }
  if (isDigit(c) || (c === 46 && isDigit(sql.charCodeAt(i + 1)))) {
    i++;
    while (i < n && (isIdChar(sql.charCodeAt(i)) || sql.charCodeAt(i) === 46)) i++;
    return { kind: TK_OTHER, start, end: i };
  }
  return { kind: TK_OTHER, start, end: i + 1, paren: c === 40 ? 1 : c === 41 ? -1 : 0 };
}

export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < sql.length;) {
    const tok = nextToken(sql, i);
    out.push(tok);
    i = tok.end;
  }
  return out;
}
