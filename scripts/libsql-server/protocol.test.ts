import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, LibsqlError } from '@libsql/client';
import { existsSync, statSync } from 'node:fs';
import Database from 'libsql';
import { startLibsqlServer } from './index';
import { failure, useTempDatabases, type Server } from './test-support';

const freshDb = useTempDatabases();

describe('libsql-server lifecycle and auth', () => {
  it('keeps the data after close() and a restart on the same file', async () => {
    const dbPath = freshDb();
    const first = await startLibsqlServer({ dbPath });
    const c1 = createClient({ url: first.url });
    await c1.execute('CREATE TABLE persisted (v TEXT)');
    await c1.batch(["INSERT INTO persisted VALUES ('a')", "INSERT INTO persisted VALUES ('b')"], 'write');
    c1.close();
    await first.close();
    // The WAL was folded into the file on close (it may linger, empty, until every connection is gone).
    const wal = `${dbPath}-wal`;
    expect(existsSync(wal) ? statSync(wal).size : 0).toBe(0);

    const second = await startLibsqlServer({ dbPath });
    const c2 = createClient({ url: second.url });
    try {
      const rs = await c2.execute('SELECT v FROM persisted ORDER BY v');
      expect(rs.rows.map((r) => r.v)).toEqual(['a', 'b']);
    } finally {
      c2.close();
      await second.close();
    }
  });

  it('requires the auth token when one is set', async () => {
    const server = await startLibsqlServer({ dbPath: freshDb(), authToken: 's3cret' });
    const none = createClient({ url: server.url });
    const wrong = createClient({ url: server.url, authToken: 'wrong' });
    const right = createClient({ url: server.url, authToken: 's3cret' });
    try {
      const e1 = await failure(wrong.execute('SELECT 1'));
      expect(e1).toBeInstanceOf(LibsqlError);
      expect(e1.code).toBe('UNAUTHORIZED');
      expect((await failure(none.execute('SELECT 1'))).code).toBe('UNAUTHORIZED');
      expect((await right.execute('SELECT 1 AS x')).rows[0].x).toBe(1);
      const raw = await fetch(`${server.url}/v2/pipeline`, { method: 'POST', body: '{"requests":[]}' });
      expect(raw.status).toBe(401);
    } finally {
      for (const c of [none, wrong, right]) c.close();
      await server.close();
    }
  });

  it('refuses an in-memory database', async () => {
    await expect(startLibsqlServer({ dbPath: ':memory:' })).rejects.toThrow(/database file/);
  });
});

describe('libsql-server Hrana protocol details (raw HTTP)', () => {
  let server: Server;
  let dbPath: string;
  beforeAll(async () => {
    dbPath = freshDb();
    server = await startLibsqlServer({ dbPath, maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await server?.close();
  });

  const post = (path: string, body: unknown) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const pipeline = async (requests: unknown[], baton: string | null = null, version = 3) => {
    const res = await post(`/v${version}/pipeline`, { baton, requests });
    expect(res.status).toBe(200);
    return (await res.json()) as { baton: string | null; base_url: string | null; results: any[] };
  };
  const exec = (sql: string, extra: Record<string, unknown> = {}) => ({ type: 'execute', stmt: { sql, ...extra } });

  it('answers the version probes so the client settles on JSON', async () => {
    expect((await fetch(`${server.url}/v2`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3`)).status).toBe(200);
    expect((await fetch(`${server.url}/v3-protobuf`)).status).toBe(404);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });

  it('rejects malformed requests with 400 and a JSON error', async () => {
    for (const body of [
      '{not json',
      '[]',
      '{"requests":[{"type":"frobnicate"}]}',
      '{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"1.5"}]}}]}',
    ]) {
      const res = await post('/v2/pipeline', body);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/json');
      const json = (await res.json()) as { message: string; code: string };
      expect(json.code).toBe('PROTOCOL_ERROR');
      expect(json.message.length).toBeGreaterThan(0);
    }
    expect((await fetch(`${server.url}/v2/pipeline`)).status).toBe(405);
    expect((await post('/v2/cursor', { batch: { steps: [] } })).status).toBe(404);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await post('/v2/pipeline', { requests: [exec(`SELECT '${'x'.repeat(70 * 1024)}'`)] });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('BODY_TOO_LARGE');
    // The server is fine afterwards.
    const ok = await pipeline([exec('SELECT 1'), { type: 'close' }]);
    expect(ok.results[0].type).toBe('ok');
  });

  it('encodes values as Hrana JSON and reports errors as results inside a 200', async () => {
    const body = await pipeline(
      [
        exec("SELECT 9223372036854775807 AS i, 0.5 AS f, 'é' AS t, x'00ff' AS b, NULL AS n"),
        exec('SELECT * FROM missing_table'),
        exec('SELECT ? AS a, :b AS b', { args: [{ type: 'blob', base64: 'AP8=' }] }),
        exec('SELECT :b AS b', { named_args: [{ name: 'b', value: { type: 'integer', value: '-5' } }] }),
        { type: 'close' },
      ],
      null,
      2,
    );
    expect(body.baton).toBeNull();
    expect(body.base_url).toBeNull();
    const [sel, missing, both, named, close] = body.results;
    expect(sel.response.result.rows[0]).toEqual([
      { type: 'integer', value: '9223372036854775807' },
      { type: 'float', value: 0.5 },
      { type: 'text', value: 'é' },
      { type: 'blob', base64: 'AP8=' },
      { type: 'null' },
    ]);
    expect(sel.response.result.cols.map((c: { name: string }) => c.name)).toEqual(['i', 'f', 't', 'b', 'n']);
    expect(missing).toEqual({ type: 'error', error: { code: 'SQL_INPUT_ERROR', message: expect.stringContaining('no such table') } });
    expect(both.type).toBe('error'); // :b has no value
    expect(both.error.code).toBe('ARGS_INVALID');
    expect(named.response.result.rows[0]).toEqual([{ type: 'integer', value: '-5' }]);
    expect(close).toEqual({ type: 'ok', response: { type: 'close' } });
  });

  it('keeps a stream open across requests by baton, and refuses a used baton', async () => {
    await pipeline([exec('CREATE TABLE baton_t (v INTEGER)'), { type: 'close' }]);
    const first = await pipeline([exec('BEGIN'), exec('INSERT INTO baton_t VALUES (1)'), { type: 'get_autocommit' }]);
    expect(first.results[2].response).toEqual({ type: 'get_autocommit', is_autocommit: false });
    expect(first.baton).toEqual(expect.any(String));

    const second = await pipeline(
      [
        {
          type: 'batch',
          batch: {
            steps: [
              { stmt: { sql: 'INSERT INTO baton_t VALUES (2)' }, condition: { type: 'not', cond: { type: 'is_autocommit' } } },
              { stmt: { sql: 'INSERT INTO baton_t VALUES (99)' }, condition: { type: 'is_autocommit' } },
              { stmt: { sql: 'INSERT INTO nope VALUES (1)' } },
              {
                stmt: { sql: 'SELECT 1' },
                condition: {
                  type: 'and',
                  conds: [
                    { type: 'ok', step: 0 },
                    { type: 'error', step: 2 },
                  ],
                },
              },
              {
                stmt: { sql: 'SELECT 2' },
                condition: {
                  type: 'or',
                  conds: [
                    { type: 'ok', step: 1 },
                    { type: 'ok', step: 2 },
                  ],
                },
              },
            ],
          },
        },
        exec('COMMIT'),
      ],
      first.baton,
    );
    const { step_results: results, step_errors: errors } = second.results[0].response.result;
    expect(results.map((r: unknown) => r !== null)).toEqual([true, false, false, true, false]);
    expect(errors.map((e: unknown) => e !== null)).toEqual([false, false, true, false, false]);
    expect(second.baton).not.toBe(first.baton);

    const reused = await post('/v3/pipeline', { baton: first.baton, requests: [exec('SELECT 1')] });
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { code: string }).code).toBe('BATON_INVALID');

    const check = await pipeline([exec('SELECT v FROM baton_t ORDER BY v'), { type: 'close' }], second.baton);
    expect(check.results[0].response.result.rows).toEqual([[{ type: 'integer', value: '1' }], [{ type: 'integer', value: '2' }]]);
    expect(check.baton).toBeNull();
  });

  it('supports stored SQL, describe and sequence', async () => {
    const body = await pipeline([
      { type: 'store_sql', sql_id: 1, sql: 'SELECT ?1 + 1 AS n' },
      { type: 'execute', stmt: { sql_id: 1, args: [{ type: 'integer', value: '41' }] } },
      { type: 'close_sql', sql_id: 1 },
      { type: 'sequence', sql: 'CREATE TABLE seq (a INTEGER, b TEXT); INSERT INTO seq VALUES (1, 2);' },
      { type: 'describe', sql: 'SELECT a, b AS bee FROM seq WHERE a = :a AND b = ?' },
      { type: 'describe', sql: 'INSERT INTO seq VALUES (?, ?)' },
      { type: 'close' },
    ]);
    const [store, run, closeSql, seq, d1, d2] = body.results;
    expect(store.response.type).toBe('store_sql');
    expect(run.response.result.rows[0]).toEqual([{ type: 'integer', value: '42' }]);
    expect(closeSql.response.type).toBe('close_sql');
    expect(seq.response.type).toBe('sequence');
    expect(d1.response.result).toEqual({
      params: [{ name: ':a' }, { name: null }],
      cols: [
        { name: 'a', decltype: 'INTEGER' },
        { name: 'bee', decltype: 'TEXT' },
      ],
      is_explain: false,
      is_readonly: true,
    });
    expect(d2.response.result.is_readonly).toBe(false);

    // A stored SQL id that does not exist is a protocol error.
    const bad = await post('/v3/pipeline', { requests: [{ type: 'execute', stmt: { sql_id: 7 } }] });
    expect(bad.status).toBe(400);
  });

  it('commits writes that follow EXPLAIN and describe of a write on the same connection', async () => {
    // An EXPLAIN stays "in progress" inside SQLite until it is reset, and the
    // autocommit writes after it on that connection would never commit. Only
    // another connection can tell, so the check reads the file directly.
    await pipeline([exec('CREATE TABLE explained (v INTEGER)'), { type: 'close' }]);
    const body = await pipeline([
      exec('EXPLAIN QUERY PLAN INSERT INTO explained VALUES (1)'),
      { type: 'describe', sql: 'INSERT INTO explained VALUES (?)' },
      exec('INSERT INTO explained VALUES (2)'),
      { type: 'close' },
    ]);
    expect(body.results.map((r) => r.type)).toEqual(['ok', 'ok', 'ok', 'ok']);
    await pipeline([exec('INSERT INTO explained VALUES (3)'), { type: 'close' }]); // most likely the same, pooled connection
    const independent = new Database(dbPath);
    try {
      expect(independent.prepare('SELECT v FROM explained ORDER BY v').raw(true).all()).toEqual([[2], [3]]);
    } finally {
      independent.close();
    }
  });

  it('streams a batch through /v3/cursor as newline-delimited JSON', async () => {
    const res = await post('/v3/cursor', {
      baton: null,
      batch: {
        steps: [
          { stmt: { sql: 'SELECT 1 AS x UNION ALL SELECT 2' } },
          { stmt: { sql: 'SELECT * FROM nope' } },
          { stmt: { sql: 'SELECT 3' }, condition: { type: 'ok', step: 1 } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe(''); // every entry ends with a newline
    const entries = lines.map((l) => JSON.parse(l));
    expect(entries[0]).toEqual({ baton: expect.any(String), base_url: null });
    expect(entries.slice(1)).toEqual([
      { type: 'step_begin', step: 0, cols: [{ name: 'x', decltype: null }] },
      { type: 'row', row: [{ type: 'integer', value: '1' }] },
      { type: 'row', row: [{ type: 'integer', value: '2' }] },
      { type: 'step_end', affected_row_count: 0, last_insert_rowid: null },
      { type: 'step_error', step: 1, error: { code: 'SQL_INPUT_ERROR', message: expect.stringContaining('no such table') } },
    ]);
    // The baton from the first line continues the stream.
    const next = await pipeline([exec('SELECT 5'), { type: 'close' }], entries[0].baton);
    expect(next.results[0].response.result.rows[0]).toEqual([{ type: 'integer', value: '5' }]);
  });

  it('expires an idle stream, rolling back its transaction and freeing the write lock', async () => {
    const quick = await startLibsqlServer({ dbPath: freshDb(), idleTimeoutMs: 250 });
    const call = async (requests: unknown[], baton: string | null = null) => {
      const res = await fetch(`${quick.url}/v3/pipeline`, { method: 'POST', body: JSON.stringify({ baton, requests }) });
      return { status: res.status, body: (await res.json()) as any };
    };
    try {
      await call([exec('CREATE TABLE expiry (v TEXT)'), { type: 'close' }]);
      const open = await call([exec('BEGIN IMMEDIATE'), exec("INSERT INTO expiry VALUES ('never committed')")]);
      expect(open.body.baton).toEqual(expect.any(String));
      await new Promise((r) => setTimeout(r, 1000));

      const stale = await call([exec('COMMIT')], open.body.baton);
      expect(stale.status).toBe(400);
      expect(stale.body.code).toBe('STREAM_EXPIRED');

      // The lock is free (this would wait, then fail with SQLITE_BUSY, otherwise) and the row is gone.
      const after = await call([exec("INSERT INTO expiry VALUES ('later')"), exec('SELECT v FROM expiry'), { type: 'close' }]);
      expect(after.body.results[0].error).toBeUndefined();
      expect(after.body.results[1].response.result.rows).toEqual([[{ type: 'text', value: 'later' }]]);
    } finally {
      await quick.close();
    }
  });

  it('refuses v3-only requests on /v2', async () => {
    const res = await post('/v2/pipeline', { requests: [{ type: 'get_autocommit' }] });
    expect(res.status).toBe(400);
  });
});
