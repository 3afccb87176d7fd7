import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, LibsqlError, type Client } from '@libsql/client';
import { createClient as createWebClient } from '@libsql/client/web';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { startLibsqlServer } from './libsql-server.mjs';

type Server = Awaited<ReturnType<typeof startLibsqlServer>>;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'libsql-server-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let dbCount = 0;
const freshDb = () => join(dir, `db-${++dbCount}.sqlite`);

/** Catches a rejection, so a test can assert on the error. */
async function failure(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject');
}

async function count(client: Client, table: string): Promise<number> {
  const rs = await client.execute(`SELECT count(*) AS n FROM ${table}`);
  return Number(rs.rows[0].n);
}

describe('libsql-server through @libsql/client', () => {
  let server: Server;
  let client: Client;

  beforeAll(async () => {
    server = await startLibsqlServer({ dbPath: freshDb(), port: 0 });
    client = createClient({ url: server.url, intMode: 'bigint' });
  });
  afterAll(async () => {
    client?.close();
    await server?.close();
  });

  it('listens on 127.0.0.1 by default', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('executes with positional and named arguments, and round-trips every value type', async () => {
    await client.execute('CREATE TABLE vals (id INTEGER PRIMARY KEY, i INTEGER, f REAL, t TEXT, b BLOB, n TEXT)');
    const big = 9007199254740993n; // 2^53 + 1: not representable as a JS number
    const blob = new Uint8Array([0, 255, 1, 2, 128]);

    const ins = await client.execute({
      sql: 'INSERT INTO vals (i, f, t, b, n) VALUES (?, ?, ?, ?, ?)',
      args: [big, 3.25, 'héllo ✓', blob, null],
    });
    expect(ins.rowsAffected).toBe(1);
    expect(ins.lastInsertRowid).toBe(1n);

    // Named arguments, with and without their prefix, and with all three prefixes.
    await client.execute({
      sql: 'INSERT INTO vals (i, f, t, b, n) VALUES (:i, @f, $t, :b, :n)',
      args: { i: -9223372036854775808n, '@f': -0.5, $t: '', b: new Uint8Array(0), ':n': 'x' },
    });

    const rs = await client.execute('SELECT i, f, t, b, n FROM vals ORDER BY id');
    expect(rs.columns).toEqual(['i', 'f', 't', 'b', 'n']);
    expect(rs.columnTypes).toEqual(['INTEGER', 'REAL', 'TEXT', 'BLOB', 'TEXT']);
    expect(rs.rowsAffected).toBe(0);
    const [a, b] = rs.rows;
    expect(a.i).toBe(big);
    expect(a.f).toBe(3.25);
    expect(a.t).toBe('héllo ✓');
    expect(new Uint8Array(a.b as ArrayBuffer)).toEqual(blob);
    expect(a.n).toBeNull();
    expect(b.i).toBe(-9223372036854775808n);
    expect(b.f).toBe(-0.5);
    expect(b.t).toBe('');
    expect((b.b as ArrayBuffer).byteLength).toBe(0);
    expect(b.n).toBe('x');

    // JS numbers travel as floats and bigints as integers, as with sqld; ?NNN is positional.
    const types = await client.execute({ sql: 'SELECT typeof(?) AS x, typeof(?) AS y, ?4 AS four, ?3 AS three', args: [1.5, 7n, 'c', 'd'] });
    expect(types.rows[0]).toMatchObject({ x: 'real', y: 'integer', four: 'd', three: 'c' });
  });

  it('returns integers as numbers in the default intMode', async () => {
    const plain = createClient({ url: server.url });
    try {
      const rs = await plain.execute('SELECT 42 AS n, 2.5 AS f');
      expect(rs.rows[0].n).toBe(42);
      expect(rs.rows[0].f).toBe(2.5);
    } finally {
      plain.close();
    }
  });

  it('runs a write batch atomically: a failing statement rolls back the ones before it', async () => {
    await client.execute('CREATE TABLE uniq (id INTEGER PRIMARY KEY, v TEXT UNIQUE NOT NULL)');
    const err = await failure(
      client.batch(
        [
          { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['a'] },
          { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['b'] },
          { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['a'] },
        ],
        'write',
      ),
    );
    expect(err).toBeInstanceOf(LibsqlError);
    expect(err.code).toBe('SQLITE_CONSTRAINT');
    expect(await count(client, 'uniq')).toBe(0);

    const ok = await client.batch(
      [
        { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['a'] },
        { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['b'] },
        'SELECT v FROM uniq ORDER BY v',
      ],
      'write',
    );
    expect(ok.map((r) => r.lastInsertRowid)).toEqual([1n, 2n, undefined]);
    expect(ok[2].rows.map((r) => r.v)).toEqual(['a', 'b']);
    // The batch committed: a stream that is no longer in a transaction sees it.
    expect(await count(client, 'uniq')).toBe(2);
  });

  it('keeps an interactive write transaction across round trips, then commits', async () => {
    await client.execute('CREATE TABLE tx_commit (v TEXT)');
    const other = createClient({ url: server.url });
    try {
      const tx = await client.transaction('write');
      await tx.execute({ sql: 'INSERT INTO tx_commit VALUES (?)', args: ['one'] });
      expect(Number((await tx.execute('SELECT count(*) AS n FROM tx_commit')).rows[0].n)).toBe(1);
      // Uncommitted: another connection does not see it (and can still read, thanks to WAL).
      expect(await count(other, 'tx_commit')).toBe(0);
      await tx.batch([
        { sql: 'INSERT INTO tx_commit VALUES (?)', args: ['two'] },
        { sql: 'INSERT INTO tx_commit VALUES (?)', args: ['three'] },
      ]);
      expect(Number((await tx.execute('SELECT count(*) AS n FROM tx_commit')).rows[0].n)).toBe(3);
      await tx.commit();
      expect(tx.closed).toBe(true);
      expect(await count(other, 'tx_commit')).toBe(3);
    } finally {
      other.close();
    }
  });

  it('rolls back an interactive transaction', async () => {
    await client.execute('CREATE TABLE tx_rollback (v TEXT)');
    await client.execute("INSERT INTO tx_rollback VALUES ('kept')");
    const tx = await client.transaction('write');
    await tx.execute("INSERT INTO tx_rollback VALUES ('dropped')");
    await tx.execute("DELETE FROM tx_rollback WHERE v = 'kept'");
    expect(Number((await tx.execute('SELECT count(*) AS n FROM tx_rollback')).rows[0].n)).toBe(1);
    await tx.rollback();
    const rs = await client.execute('SELECT v FROM tx_rollback');
    expect(rs.rows.map((r) => r.v)).toEqual(['kept']);
  });

  it('lets two clients insert 50 rows each at the same time', async () => {
    await client.execute('CREATE TABLE concurrent (who TEXT, i INTEGER)');
    const clients = [createClient({ url: server.url }), createWebClient({ url: server.url })];
    try {
      await Promise.all(
        clients.map((c, who) =>
          Promise.all(
            Array.from({ length: 50 }, (_, i) => c.execute({ sql: 'INSERT INTO concurrent VALUES (?, ?)', args: [String(who), i] })),
          ),
        ),
      );
    } finally {
      for (const c of clients) c.close();
    }
    expect(await count(client, 'concurrent')).toBe(100);
    const per = await client.execute('SELECT who, count(DISTINCT i) AS n FROM concurrent GROUP BY who ORDER BY who');
    expect(per.rows.map((r) => [r.who, Number(r.n)])).toEqual([['0', 50], ['1', 50]]);
  });

  it("makes a writer wait for another stream's open transaction instead of failing", async () => {
    await client.execute('CREATE TABLE waits (v TEXT)');
    const other = createClient({ url: server.url });
    try {
      const tx = await client.transaction('write'); // BEGIN IMMEDIATE: holds the write lock
      await tx.execute("INSERT INTO waits VALUES ('from tx')");
      let settled = false;
      const waiting = other.execute("INSERT INTO waits VALUES ('from other')").finally(() => {
        settled = true;
      });
      await new Promise((r) => setTimeout(r, 150));
      // Still waiting for the lock, and the server still serves the lock holder:
      expect(settled).toBe(false);
      await tx.commit();
      const rs = await waiting;
      expect(rs.rowsAffected).toBe(1);
      expect(await count(client, 'waits')).toBe(2);
    } finally {
      other.close();
    }
  });

  it('fails a writer with SQLITE_BUSY after busyTimeoutMs, and its stream stays usable', async () => {
    const quick = await startLibsqlServer({ dbPath: freshDb(), busyTimeoutMs: 100 });
    const a = createClient({ url: quick.url });
    const b = createClient({ url: quick.url });
    try {
      await a.execute('CREATE TABLE gaveup (v TEXT)');
      const holder = await a.transaction('write');
      await holder.execute("INSERT INTO gaveup VALUES ('held')");

      const busy = await failure(b.execute("INSERT INTO gaveup VALUES ('too late')"));
      expect(busy).toBeInstanceOf(LibsqlError);
      expect(busy.code).toBe('SQLITE_BUSY');

      // A transaction that gave up is rolled back; its ROLLBACK then succeeds and its COMMIT fails.
      const loser = await b.transaction('deferred');
      await loser.execute('SELECT count(*) FROM gaveup');
      expect((await failure(loser.execute("INSERT INTO gaveup VALUES ('loser')"))).code).toBe('SQLITE_BUSY');
      expect((await failure(loser.execute('SELECT 1'))).code).toBe('TRANSACTION_TIMEOUT');
      await loser.rollback();

      await holder.commit();
      // The connection that gave up was replaced: later writes commit for real.
      await b.execute("INSERT INTO gaveup VALUES ('after')");
      const rs = await a.execute('SELECT v FROM gaveup ORDER BY rowid');
      expect(rs.rows.map((r) => r.v)).toEqual(['held', 'after']);
    } finally {
      a.close();
      b.close();
      await quick.close();
    }
  });

  it('surfaces SQL errors as LibsqlError with a code, and keeps serving', async () => {
    await client.execute('CREATE TABLE errs (id INTEGER PRIMARY KEY, email TEXT UNIQUE)');
    await client.execute("INSERT INTO errs (email) VALUES ('a@example.com')");

    const dup = await failure(client.execute("INSERT INTO errs (email) VALUES ('a@example.com')"));
    expect(dup).toBeInstanceOf(LibsqlError);
    expect(dup.code).toBe('SQLITE_CONSTRAINT');
    expect(dup.message).toContain('UNIQUE constraint failed: errs.email');

    const missing = await failure(client.execute('SELECT * FROM no_such_table'));
    expect(missing).toBeInstanceOf(LibsqlError);
    expect(missing.code).toBe('SQL_INPUT_ERROR');
    expect(missing.message).toContain('no such table: no_such_table');

    const syntax = await failure(client.execute('SELEC 1'));
    expect(syntax.code).toBe('SQL_PARSE_ERROR');

    const args = await failure(client.execute({ sql: 'SELECT :a, :b', args: { a: 1 } }));
    expect(args.code).toBe('ARGS_INVALID');
    const many = await failure(client.execute('SELECT 1; SELECT 2'));
    expect(many.code).toBe('SQL_MANY_STATEMENTS');

    // Still working, on new streams and in transactions alike.
    expect((await client.execute('SELECT 1 AS one')).rows[0].one).toBe(1n);
    const tx = await client.transaction('write');
    const inTx = await failure(tx.execute("INSERT INTO errs (email) VALUES ('a@example.com')"));
    expect(inTx.code).toBe('SQLITE_CONSTRAINT');
    await tx.execute("INSERT INTO errs (email) VALUES ('b@example.com')");
    await tx.commit();
    expect(await count(client, 'errs')).toBe(2);
  });

  it('runs executeMultiple, including trigger bodies that contain semicolons', async () => {
    await client.executeMultiple(`
      -- a comment; with a semicolon
      CREATE TABLE multi (v TEXT);
      CREATE TABLE multi_log (msg TEXT);
      CREATE TRIGGER multi_ins AFTER INSERT ON multi BEGIN
        INSERT INTO multi_log VALUES ('added ' || new.v || ';');
        INSERT INTO multi_log VALUES (CASE WHEN new.v = 'x' THEN 'is x' ELSE 'not x' END);
      END;
      INSERT INTO multi VALUES ('x'); INSERT INTO multi VALUES ('y;z')
    `);
    const rs = await client.execute('SELECT msg FROM multi_log ORDER BY rowid');
    expect(rs.rows.map((r) => r.msg)).toEqual(['added x;', 'is x', 'added y;z;', 'not x']);

    const err = await failure(client.executeMultiple('INSERT INTO multi VALUES (1); INSERT INTO nope VALUES (2); INSERT INTO multi VALUES (3)'));
    expect(err).toBeInstanceOf(LibsqlError);
    expect(await count(client, 'multi')).toBe(3); // the first statement ran, the last did not
  });

  it('works through @libsql/client/web as well', async () => {
    const web = createWebClient({ url: server.url });
    try {
      await web.execute('CREATE TABLE web (id INTEGER PRIMARY KEY, v TEXT)');
      const ins = await web.execute({ sql: 'INSERT INTO web (v) VALUES (?) RETURNING id, v', args: ['w'] });
      expect(ins.rows[0]).toMatchObject({ id: 1, v: 'w' });
      expect(ins.rowsAffected).toBe(1);
      await web.batch(['INSERT INTO web (v) VALUES (1)', 'INSERT INTO web (v) VALUES (2)'], 'write');
      const tx = await web.transaction('write');
      await tx.execute("UPDATE web SET v = 'updated' WHERE id = 1");
      await tx.commit();
      const rs = await web.execute('SELECT v FROM web ORDER BY id');
      expect(rs.rows.map((r) => r.v)).toEqual(['updated', '1', '2']);
    } finally {
      web.close();
    }
  });

  it('counts its round trips and statements at GET /stats', async () => {
    const read = async () => (await (await fetch(`${server.url}/stats`)).json()) as { requests: number; statements: number };
    const web = createWebClient({ url: server.url });
    try {
      await web.execute('SELECT 1'); // the web client's first request may probe the protocol version
      const before = await read();
      await web.execute('SELECT 1');
      await web.batch(['SELECT 1', 'SELECT 2', 'SELECT 3'], 'read');
      const after = await read();
      expect(after.requests - before.requests).toBe(2);
      expect(after.statements - before.statements).toBeGreaterThanOrEqual(4);
    } finally {
      web.close();
    }
  });
});

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
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
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
    for (const body of ['{not json', '[]', '{"requests":[{"type":"frobnicate"}]}', '{"requests":[{"type":"execute","stmt":{"sql":"SELECT ?","args":[{"type":"integer","value":"1.5"}]}}]}']) {
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
    const body = await pipeline([
      exec("SELECT 9223372036854775807 AS i, 0.5 AS f, 'é' AS t, x'00ff' AS b, NULL AS n"),
      exec('SELECT * FROM missing_table'),
      exec('SELECT ? AS a, :b AS b', { args: [{ type: 'blob', base64: 'AP8=' }] }),
      exec('SELECT :b AS b', { named_args: [{ name: 'b', value: { type: 'integer', value: '-5' } }] }),
      { type: 'close' },
    ], null, 2);
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
              { stmt: { sql: 'SELECT 1' }, condition: { type: 'and', conds: [{ type: 'ok', step: 0 }, { type: 'error', step: 2 }] } },
              { stmt: { sql: 'SELECT 2' }, condition: { type: 'or', conds: [{ type: 'ok', step: 1 }, { type: 'ok', step: 2 }] } },
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
      cols: [{ name: 'a', decltype: 'INTEGER' }, { name: 'bee', decltype: 'TEXT' }],
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
