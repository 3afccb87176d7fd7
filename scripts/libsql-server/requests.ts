// The requests of a Hrana pipeline (execute, batch, sequence, describe, stored SQL),
// run on one stream.
import type { Cond, ParsedBatch, ParsedStmt, StreamRequest } from './codec';
import type { Engine } from './connections';
import { protocolError, protoError, StmtError, toStmtError } from './errors';
import { analyzeOne, analyzeSql } from './sql-analysis';
import { bindArgs, describe, runStatement, type StmtResult } from './statements';
import type { Stream, StreamRegistry } from './streams';

// The same limits as sqld (libsql-server/src/hrana/http/request.rs).
// @libsql/client's SQL cache is sized to stay under them.
const MAX_STORED_SQLS = 50;
const MAX_STORED_SQL_BYTES = 5000;

type ProtoError = ReturnType<typeof protoError>;
export type StepCallback = (step: number, result: StmtResult | null, error: ProtoError | null) => void;

async function execute(engine: Engine, stream: Stream, stmt: ParsedStmt): Promise<StmtResult> {
  stream.requireOpen();
  const sql = stream.resolveSql(stmt);
  engine.stats.statements++;
  try {
    const info = analyzeOne(sql);
    const values = bindArgs(info, stmt);
    const result = await runStatement(engine, stream, info, values, stmt.wantRows);
    engine.stats.rowsReturned += result.rows.length;
    engine.stats.rowsAffected += result.affected_row_count;
    return result;
  } catch (err) {
    throw toStmtError(err);
  }
}

function evalCond(cond: Cond, ok: boolean[], stream: Stream): boolean {
  switch (cond.type) {
    case 'ok':
      return ok[cond.step as number];
    case 'error':
      return !ok[cond.step as number];
    case 'not':
      return !evalCond(cond.cond as Cond, ok, stream);
    case 'and':
      return (cond.conds as Cond[]).every((c) => evalCond(c, ok, stream));
    case 'or':
      return (cond.conds as Cond[]).some((c) => evalCond(c, ok, stream));
    case 'is_autocommit':
      return !stream.conn.inTransaction;
    default:
      throw new Error(`unreachable condition ${cond.type}`);
  }
}

/**
 * Runs a batch as sqld does. A step runs when its condition holds. A step
 * counts as "ok" only when it ran and succeeded. A failed step does not stop
 * the batch: the conditions decide (BEGIN ... COMMIT/ROLLBACK batches
 * depend on this). `onStep` is called after each step that ran.
 */
export async function runBatch(engine: Engine, stream: Stream, batch: ParsedBatch, onStep?: StepCallback) {
  stream.requireOpen();
  const ok: boolean[] = [];
  const stepResults: (StmtResult | null)[] = [];
  const stepErrors: (ProtoError | null)[] = [];
  for (let i = 0; i < batch.steps.length; i++) {
    const { condition, stmt } = batch.steps[i];
    let result = null;
    let error = null;
    if (condition === null || evalCond(condition, ok, stream)) {
      try {
        result = await execute(engine, stream, stmt);
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

async function runSequence(engine: Engine, stream: Stream, sql: string): Promise<void> {
  // One statement at a time (not exec()), so each one gets the busy handling of runStatement.
  for (const info of analyzeSql(sql)) {
    const values = bindArgs(info, { args: [], named: null });
    await runStatement(engine, stream, info, values, false);
  }
}

function storeSql(stream: Stream, sqlId: number, sql: string): void {
  if (stream.sqls.has(sqlId)) throw protocolError(`A SQL text with id ${sqlId} is already stored`);
  if (stream.sqls.size >= MAX_STORED_SQLS) {
    throw new StmtError('SQL_STORE_TOO_MANY', `The server already stores ${stream.sqls.size} SQL texts, it cannot store more`);
  }
  if (Buffer.byteLength(sql) > MAX_STORED_SQL_BYTES) {
    throw new StmtError('SQL_STORE_TOO_LARGE', `The statement is too large to be stored: ${Buffer.byteLength(sql)}/${MAX_STORED_SQL_BYTES} bytes`);
  }
  stream.sqls.set(sqlId, sql);
}

async function streamResponse(engine: Engine, streams: StreamRegistry, stream: Stream, req: StreamRequest): Promise<object> {
  switch (req.type) {
    case 'close':
      streams.close(stream);
      return { type: 'close' };
    case 'execute':
      return { type: 'execute', result: await execute(engine, stream, req.stmt) };
    case 'batch':
      return { type: 'batch', result: await runBatch(engine, stream, req.batch) };
    case 'sequence':
      stream.requireOpen();
      await runSequence(engine, stream, stream.resolveSql(req));
      return { type: 'sequence' };
    case 'describe':
      stream.requireOpen();
      return { type: 'describe', result: describe(stream, stream.resolveSql(req)) };
    case 'store_sql':
      storeSql(stream, req.sqlId, req.sql);
      return { type: 'store_sql' };
    case 'close_sql':
      stream.sqls.delete(req.sqlId);
      return { type: 'close_sql' };
    case 'get_autocommit':
      stream.requireOpen();
      return { type: 'get_autocommit', is_autocommit: !stream.conn.inTransaction };
    default:
      throw new Error(`unreachable request type ${(req as { type: string }).type}`);
  }
}

/** Handles one request of a pipeline. StmtErrors become error results. HttpErrors fail the whole HTTP request. */
export async function handleStreamRequest(engine: Engine, streams: StreamRegistry, stream: Stream, req: StreamRequest) {
  try {
    return { type: 'ok', response: await streamResponse(engine, streams, stream, req) };
  } catch (err) {
    if (err instanceof StmtError) return { type: 'error', error: protoError(err) };
    throw err;
  }
}
