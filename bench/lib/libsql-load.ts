// The load of bench/libsql.ts: a seeded table shaped like edgetube's videos, and
// concurrent clients doing what the Worker's reads and writes do.
import { createClient, type Client } from '@libsql/client/web';

const CHANNELS = 20;

/** Creates and fills `videos` and `channels` (a few KB of text per video, indexes as the app has them). */
export async function seedTable(url: string, rows: number): Promise<void> {
  const client = createClient({ url });
  try {
    await client.batch(
      [
        'CREATE TABLE IF NOT EXISTS channels (id INTEGER PRIMARY KEY, name TEXT NOT NULL, display_name TEXT NOT NULL, description TEXT)',
        `CREATE TABLE IF NOT EXISTS videos (id INTEGER PRIMARY KEY, uuid TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
        description TEXT, channel_id INTEGER NOT NULL REFERENCES channels(id), privacy INTEGER NOT NULL, state INTEGER NOT NULL,
        views INTEGER NOT NULL DEFAULT 0, likes INTEGER NOT NULL DEFAULT 0, duration INTEGER NOT NULL,
        published_at TEXT NOT NULL, updated_at TEXT NOT NULL)`,
        'CREATE INDEX IF NOT EXISTS videos_published ON videos (privacy, published_at)',
        'DELETE FROM videos',
        'DELETE FROM channels',
      ],
      'write',
    );
    const channels = Array.from({ length: CHANNELS }, (_, i) => ({
      sql: 'INSERT INTO channels (id, name, display_name, description) VALUES (?, ?, ?, ?)',
      args: [i + 1, `channel_${i + 1}`, `Channel ${i + 1}`, 'A channel. '.repeat(20)],
    }));
    await client.batch(channels, 'write');
    for (let start = 0; start < rows; start += 500) {
      const stmts = [];
      for (let i = start; i < Math.min(rows, start + 500); i++) stmts.push(videoInsert(i));
      await client.batch(stmts, 'write');
    }
  } finally {
    client.close();
  }
}

function videoInsert(i: number) {
  const published = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    sql: `INSERT INTO videos (id, uuid, name, description, channel_id, privacy, state, views, likes, duration, published_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
    args: [
      i + 1,
      uuidOf(i),
      `Video number ${i + 1}`,
      `Description of video ${i + 1}. `.repeat(12),
      (i % CHANNELS) + 1,
      i % 10 === 0 ? 2 : 1,
      i * 7,
      i % 13,
      30 + (i % 600),
      published,
      published,
    ],
  };
}

const uuidOf = (i: number) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`;

type Kind = 'read' | 'read batch(3)' | 'write';
// Weights out of 10: reads dominate, as on a video site.
const MIX: Kind[] = ['read', 'read', 'read', 'read', 'read', 'read', 'read batch(3)', 'read batch(3)', 'read batch(3)', 'write'];

async function runOperation(client: Client, kind: Kind, pick: number, rows: number): Promise<number> {
  const id = (pick % rows) + 1;
  if (kind === 'read') {
    await client.execute({
      sql: `SELECT v.*, c.name AS channel_name, c.display_name FROM videos v JOIN channels c ON c.id = v.channel_id WHERE v.uuid = ?`,
      args: [uuidOf(id - 1)],
    });
    return 1;
  }
  if (kind === 'read batch(3)') {
    await client.batch([
      { sql: 'SELECT * FROM videos WHERE privacy = 1 ORDER BY published_at DESC LIMIT 15 OFFSET ?', args: [pick % 50] },
      'SELECT count(*) AS total FROM videos WHERE privacy = 1',
      { sql: 'SELECT * FROM channels WHERE id = ?', args: [(pick % CHANNELS) + 1] },
    ]);
    return 3;
  }
  await client.execute({ sql: 'UPDATE videos SET views = views + 1, updated_at = ? WHERE id = ?', args: [new Date().toISOString(), id] });
  return 1;
}

export interface LoadResult {
  seconds: number;
  operations: number;
  statements: number;
  roundTrips: number;
  errors: number;
  latencies: Record<string, { count: number; p50: number; p99: number }>;
}

async function readStats(url: string): Promise<{ requests: number; statements: number }> {
  const res = await fetch(`${url}/stats`);
  return res.ok ? ((await res.json()) as { requests: number; statements: number }) : { requests: NaN, statements: NaN };
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN);

/** Runs `clients` loops for `durationMs`; each operation uses a new client, as each Worker request does. */
export async function driveLoad(url: string, clients: number, durationMs: number): Promise<LoadResult> {
  const rows = Number((await createClient({ url }).execute('SELECT count(*) AS n FROM videos')).rows[0].n);
  const samples = new Map<Kind, number[]>(MIX.map((k) => [k, []]));
  let statements = 0;
  let errors = 0;
  const before = await readStats(url);
  const started = performance.now();
  const deadline = started + durationMs;
  const loop = async (worker: number) => {
    let seed = worker * 7919 + 1;
    while (performance.now() < deadline) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      // The high bits: the low bits of this generator repeat with a short period.
      const pick = seed >>> 12;
      const kind = MIX[pick % MIX.length];
      const client = createClient({ url });
      const t0 = performance.now();
      try {
        const ran = await runOperation(client, kind, pick >>> 4, rows);
        statements += ran;
        samples.get(kind)!.push(performance.now() - t0);
      } catch (err) {
        if (errors++ < 3) console.error(`${kind}: ${err instanceof Error ? err.message : err}`);
      } finally {
        client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: clients }, (_, i) => loop(i)));
  const seconds = (performance.now() - started) / 1000;
  const after = await readStats(url);
  const latencies: LoadResult['latencies'] = {};
  let operations = 0;
  for (const [kind, list] of samples) {
    list.sort((a, b) => a - b);
    operations += list.length;
    latencies[kind] = { count: list.length, p50: percentile(list, 0.5), p99: percentile(list, 0.99) };
  }
  return { seconds, operations, statements, roundTrips: after.requests - before.requests, errors, latencies };
}
