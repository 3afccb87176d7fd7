import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, LibsqlError, type Client } from '@libsql/client';
import { createClient as createWebClient } from '@libsql/client/web';
import { startLibsqlServer } from './index';
import { failure, useTempDatabases, type Server } from './test-support';

const freshDb = useTempDatabases();

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
      [{ sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['a'] }, { sql: 'INSERT INTO uniq (v) VALUES (?)', args: ['b'] }, 'SELECT v FROM uniq ORDER BY v'],
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
          Promise.all(Array.from({ length: 50 }, (_, i) => c.execute({ sql: 'INSERT INTO concurrent VALUES (?, ?)', args: [String(who), i] }))),
        ),
      );
    } finally {
      for (const c of clients) c.close();
    }
    expect(await count(client, 'concurrent')).toBe(100);
    const per = await client.execute('SELECT who, count(DISTINCT i) AS n FROM concurrent GROUP BY who ORDER BY who');
    expect(per.rows.map((r) => [r.who, Number(r.n)])).toEqual([
      ['0', 50],
      ['1', 50],
    ]);
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

  it('answers with the new columns when another connection changed the schema of a kept statement', async () => {
    await client.batch(['CREATE TABLE shape (a INTEGER)', 'INSERT INTO shape VALUES (1)'], 'write');
    // t1 prepares (and keeps) SELECT * on its connection, which goes back to the pool on commit;
    // t2 takes that connection again while a plain execute alters the table on another one.
    const t1 = await client.transaction('deferred');
    expect((await t1.execute('SELECT * FROM shape')).columns).toEqual(['a']);
    await t1.commit();
    const t2 = await client.transaction('deferred');
    try {
      await t2.execute('SELECT 1');
      await client.execute("ALTER TABLE shape ADD COLUMN b TEXT DEFAULT 'x'");
      const rs = await t2.execute('SELECT * FROM shape');
      expect(rs.columns).toEqual(['a', 'b']);
      expect(rs.rows.map((r) => [r.a, r.b])).toEqual([[1n, 'x']]);
    } finally {
      await t2.rollback();
    }
    await client.batch(['DROP TABLE shape', 'CREATE TABLE shape (z TEXT, a INTEGER)', "INSERT INTO shape VALUES ('new', 2)"], 'write');
    const rs = await client.execute('SELECT * FROM shape');
    expect(rs.columns).toEqual(['z', 'a']);
    expect(rs.rows.map((r) => [r.z, r.a])).toEqual([['new', 2n]]);
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
    const read = async () =>
      (await (await fetch(`${server.url}/stats`)).json()) as { requests: number; statements: number; rowsReturned: number; rowsAffected: number };
    const web = createWebClient({ url: server.url });
    try {
      await web.execute('SELECT 1'); // the web client's first request may probe the protocol version
      const before = await read();
      await web.execute('SELECT 1');
      await web.batch(['SELECT 1', 'SELECT 2', 'SELECT 3'], 'read');
      const after = await read();
      expect(after.requests - before.requests).toBe(2);
      expect(after.statements - before.statements).toBeGreaterThanOrEqual(4);
      await web.execute('CREATE TABLE IF NOT EXISTS counted (v INTEGER)');
      const mid = await read();
      await web.execute({ sql: 'INSERT INTO counted (v) VALUES (1), (2), (3)', args: [] });
      await web.execute('SELECT v FROM counted');
      const end = await read();
      expect(end.rowsAffected - mid.rowsAffected).toBe(3);
      expect(end.rowsReturned - mid.rowsReturned).toBe(3);
    } finally {
      web.close();
    }
  });
});
