// The Hrana JSON codec: values in and out, and the validation of requests.
// The whole body is checked before anything runs, so a malformed pipeline
// never half-executes.
import { protocolError } from './errors';

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;
const BASE64_RE = /^[A-Za-z0-9+/_-]*={0,2}$/;

export type Value = null | bigint | number | string | Buffer;

/** Decodes a Hrana value into what the libsql package binds. Only null, bigint, number, string and Buffer reach the engine: it aborts the process on a boolean. */
export function decodeValue(v: any): Value {
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
export function encodeValue(v: unknown): object {
  if (v === null || v === undefined) return { type: 'null' };
  if (typeof v === 'bigint') return { type: 'integer', value: v.toString() };
  // A non-finite float becomes JSON null. The client then fails to decode it,
  // as it does with sqld, because JSON cannot carry infinity.
  if (typeof v === 'number') return { type: 'float', value: v };
  if (typeof v === 'string') return { type: 'text', value: v };
  if (v instanceof Uint8Array) return { type: 'blob', base64: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  return { type: 'text', value: String(v) };
}

export function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: any, what: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw protocolError(`${what} must be a string`);
  return v;
}

function int32(v: any, what: string): number {
  if (!Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw protocolError(`${what} must be a 32-bit integer`);
  return v;
}

export interface SqlRef {
  sql?: string;
  sqlId?: number;
}

/** `sql` or `sql_id`, exactly one of them, as sqld requires. */
function parseSqlRef(obj: any): SqlRef {
  const sql = optString(obj.sql, 'sql');
  const sqlId = obj.sql_id === undefined || obj.sql_id === null ? undefined : int32(obj.sql_id, 'sql_id');
  if (sql !== undefined && sqlId !== undefined) throw protocolError('Both sql and sql_id were given');
  if (sql === undefined && sqlId === undefined) throw protocolError('Neither sql nor sql_id was given');
  return { sql, sqlId };
}

export interface ParsedStmt extends SqlRef {
  args: Value[];
  named: Map<string, Value> | null;
  wantRows: boolean;
}

function parseStmt(s: any): ParsedStmt {
  if (!isObject(s)) throw protocolError('stmt must be an object');
  const { sql, sqlId } = parseSqlRef(s);
  if (s.args !== undefined && s.args !== null && !Array.isArray(s.args)) throw protocolError('args must be an array');
  const args = (s.args ?? []).map(decodeValue);
  if (s.named_args !== undefined && s.named_args !== null && !Array.isArray(s.named_args)) throw protocolError('named_args must be an array');
  let named: Map<string, Value> | null = null;
  for (const a of s.named_args ?? []) {
    if (!isObject(a) || typeof a.name !== 'string') throw protocolError('A named argument needs a name');
    (named ??= new Map()).set(a.name, decodeValue(a.value));
  }
  if (s.want_rows !== undefined && s.want_rows !== null && typeof s.want_rows !== 'boolean') throw protocolError('want_rows must be a boolean');
  return { sql, sqlId, args, named, wantRows: s.want_rows ?? true };
}

export interface Cond {
  type: string;
  step?: number;
  cond?: Cond;
  conds?: Cond[];
}

/** A condition may only refer to earlier steps, so evaluating it never reads a result that does not exist. */
function parseCond(c: any, stepIndex: number, version: number, depth = 0): Cond {
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
      return { type: c.type, conds: c.conds.map((x: any) => parseCond(x, stepIndex, version, depth + 1)) };
    case 'is_autocommit':
      if (version < 3) throw protocolError('The is_autocommit condition needs protocol version 3');
      return { type: 'is_autocommit' };
    default:
      throw protocolError(`Unknown condition type ${JSON.stringify(c.type)}`);
  }
}

export interface ParsedBatch {
  steps: { condition: Cond | null; stmt: ParsedStmt }[];
}

export function parseBatch(b: any, version: number): ParsedBatch {
  if (!isObject(b) || !Array.isArray(b.steps)) throw protocolError('batch must be an object with steps');
  return {
    steps: b.steps.map((step: any, i: number) => {
      if (!isObject(step)) throw protocolError('A batch step must be an object');
      const condition = step.condition === undefined || step.condition === null ? null : parseCond(step.condition, i, version);
      return { condition, stmt: parseStmt(step.stmt) };
    }),
  };
}

export type StreamRequest =
  | { type: 'close' | 'get_autocommit' }
  | { type: 'execute'; stmt: ParsedStmt }
  | { type: 'batch'; batch: ParsedBatch }
  | ({ type: 'sequence' | 'describe' } & SqlRef)
  | { type: 'store_sql'; sqlId: number; sql: string }
  | { type: 'close_sql'; sqlId: number };

export function parseStreamRequest(r: any, version: number): StreamRequest {
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

export function parseBaton(body: any): string | null {
  if (body.baton !== undefined && body.baton !== null && typeof body.baton !== 'string') throw protocolError('baton must be a string');
  return body.baton ?? null;
}
