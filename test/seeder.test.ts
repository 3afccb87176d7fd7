import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createHash } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { createServer } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebTorrent from 'webtorrent';
import parseTorrent from 'parse-torrent';
import { eq } from 'drizzle-orm';
import * as schema from '../worker/db/schema';
import { createWorkerClient } from '../transcoder/worker-client';
import { createSeeder, type Seeder } from '../seeder/seeder';
import { api, instanceUrl } from './helpers/api';
import { testDb, waitFor } from './helpers/internal';
import { publishGeneratedClip } from './helpers/published-video';
import { hexToBinaryString, openTrackerSocket } from './helpers/tracker-client';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('seeder: persistent seeding of every published MP4', () => {
  let dir: string;
  let video: any;
  let token: string;
  const seeders: Seeder[] = [];
  const clients: WebTorrent[] = [];
  const { db, close } = testDb();

  const newSeeder = (budgetBytes = 10_000_000_000, cache = 'cache', more: { torrentPort?: number; log?: (m: string) => void } = {}) => {
    const seeder = createSeeder({
      client: createWorkerClient({ workerUrl: instanceUrl(), secret: inject('companionSecret') }),
      workerUrl: instanceUrl(),
      announce: [instanceUrl('/tracker/announce'), instanceUrl('/tracker/socket').replace(/^http/, 'ws')],
      dir: join(dir, cache),
      budgetBytes,
      log: () => {},
      ...more,
    });
    seeders.push(seeder);
    return seeder;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-seeder-'));
    ({ video, token } = await publishGeneratedClip('Seeded by the companion'));
  });
  afterAll(async () => {
    for (const c of clients) await new Promise<void>((r) => c.destroy(() => r()));
    for (const s of seeders) await s.stop();
    close();
    await rm(dir, { recursive: true, force: true });
  });

  it("seeds a rendition that a WebTorrent client without web seeds downloads whole, byte for byte the Worker's MP4", async () => {
    const seeder = newSeeder();
    await seeder.sync();
    const stats = await seeder.stats();
    const file = video.files[0];
    const torrentBytes = new Uint8Array(await (await fetch(file.torrentUrl)).arrayBuffer());
    const parsed = await parseTorrent(torrentBytes);
    expect(stats.torrents.find((t) => t.infoHash === parsed.infoHash)).toMatchObject({ seeding: true });
    // Every published video of the suite is seeded; this one's renditions at least were fetched.
    expect(stats.fetches).toBeGreaterThanOrEqual(video.files.length);

    // An HTTP leecher that announces before the seeder has hears of no peer until its next announce,
    // ten minutes later (BEP 3 has no push): wait until the tracker counts the seeder on both trackers.
    const scraper = await openTrackerSocket();
    try {
      await expect
        .poll(
          async () => {
            scraper.send({ action: 'scrape', info_hash: [hexToBinaryString(parsed.infoHash)] });
            const reply = await scraper.next((m) => m.action === 'scrape');
            return reply.files?.[hexToBinaryString(parsed.infoHash)]?.complete ?? 0;
          },
          { timeout: 30_000, interval: 250 },
        )
        .toBeGreaterThanOrEqual(2);
    } finally {
      scraper.close();
    }
    // A desktop client: TCP, found through the HTTP tracker, no web seed, no DHT.
    const leecher = new WebTorrent({ dht: false, lsd: false, utPex: false, utp: false, natUpnp: false, natPmp: false, webSeeds: false });
    clients.push(leecher);
    const torrent = leecher.add({ ...parsed, urlList: [], announce: [instanceUrl('/tracker/announce')] }, { path: join(dir, 'leecher') });
    await new Promise<void>((resolve, reject) => {
      torrent.once('done', () => resolve());
      torrent.once('error', reject);
    });
    const downloaded = await readFile(join(dir, 'leecher', torrent.files[0].path));
    const worker = new Uint8Array(await (await fetch(file.fileUrl)).arrayBuffer());
    expect(downloaded.length).toBe(file.size);
    expect(sha256(downloaded)).toBe(sha256(worker));
    expect((await seeder.stats()).uploadedBytes).toBeGreaterThanOrEqual(file.size);
  });

  it('seeds over WebRTC to a peer that only knows the WebSocket tracker, as a browser does', async () => {
    const file = video.files[video.files.length - 1];
    const parsed = await parseTorrent(new Uint8Array(await (await fetch(file.torrentUrl)).arrayBuffer()));
    // No DHT, no uTP and no HTTP tracker: the only way in is a WebRTC data channel (@roamhq/wrtc).
    // (uTP would bind the UDP port of the same number as its TCP one, which another process may hold.)
    const browserLike = new WebTorrent({ dht: false, lsd: false, utPex: false, utp: false, natUpnp: false, natPmp: false, webSeeds: false, torrentPort: 0 });
    clients.push(browserLike);
    const torrent = browserLike.add(
      { ...parsed, urlList: [], announce: [instanceUrl('/tracker/socket').replace(/^http/, 'ws')] },
      { path: join(dir, 'webrtc') },
    );
    await new Promise<void>((resolve, reject) => {
      torrent.once('done', () => resolve());
      torrent.once('error', reject);
    });
    expect(sha256(await readFile(join(dir, 'webrtc', torrent.files[0].path)))).toBe(sha256(new Uint8Array(await (await fetch(file.fileUrl)).arrayBuffer())));
  });

  it('seeds again after a restart without fetching what is on disk', async () => {
    await seeders.shift()!.stop();
    const again = newSeeder();
    await again.sync();
    const stats = await again.stats();
    expect(stats.torrents.length).toBeGreaterThanOrEqual(video.files.length);
    expect(stats.torrents.every((t) => t.seeding)).toBe(true);
    expect(stats.fetches).toBe(0);
    expect(stats.fetchedBytes).toBe(0);
  });

  it('stops seeding a video made private, and deletes its files', async () => {
    const seeder = seeders[seeders.length - 1];
    const hashes = new Set((await seeder.stats()).torrents.filter((t) => t.uuid === video.uuid).map((t) => t.infoHash));
    expect(hashes.size).toBe(video.files.length);
    const res = await api(`/api/v1/videos/${video.uuid}`, { method: 'PUT', token, json: { privacy: 3 } });
    expect(res.status).toBe(204);
    await seeder.sync();
    const after = await seeder.stats();
    expect(after.torrents.filter((t) => hashes.has(t.infoHash))).toEqual([]);
    await api(`/api/v1/videos/${video.uuid}`, { method: 'PUT', token, json: { privacy: 1 } });
  });

  it('keeps the most recently watched within the disk budget', async () => {
    const [row] = await db.select({ id: schema.videos.id }).from(schema.videos).where(eq(schema.videos.uuid, video.uuid));
    await db.insert(schema.videoViews).values({ videoId: row.id, startDate: new Date(Date.now() + 3_600_000), views: 1 });
    const smallest = Math.min(...video.files.map((f: any) => f.size));
    // Room for one rendition: the watched video's smallest one wins over every never-watched file.
    const seeder = newSeeder(smallest, 'small-cache');
    await seeder.sync();
    const kept = (await seeder.stats()).torrents;
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ uuid: video.uuid, size: smallest });
    expect((await seeder.stats()).diskUsedBytes).toBeLessThanOrEqual(smallest + 64 * 1024);
  });

  it('seeds over TCP alone, and says so once, when the UDP port of its TCP number is taken', async () => {
    // Hold a UDP port on 127.0.0.1 whose number is free on TCP, then give the seeder that number.
    let udp!: Socket;
    let port = 0;
    for (let attempt = 0; attempt < 10 && !port; attempt++) {
      udp = createSocket('udp4');
      await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', () => resolve()));
      const candidate = udp.address().port;
      const tcpFree = await new Promise<boolean>((resolve) => {
        const probe = createServer();
        probe.once('error', () => resolve(false));
        probe.listen(candidate, () => probe.close(() => resolve(true)));
      });
      if (tcpFree) port = candidate;
      else await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
    expect(port).toBeGreaterThan(0);
    try {
      const logs: string[] = [];
      const smallest = Math.min(...video.files.map((f: any) => f.size));
      const seeder = newSeeder(smallest, 'utp-held-cache', { torrentPort: port, log: (m) => logs.push(m) });
      await seeder.sync();
      const stats = await seeder.stats();
      expect(stats).toMatchObject({ torrentPort: port, utp: false });
      expect(logs.filter((m) => m.includes('uTP off'))).toHaveLength(1);
      expect(logs.filter((m) => /address already in use/i.test(m) && !m.includes('uTP off'))).toEqual([]);

      // A desktop client reaches this seeder directly over TCP (no tracker: the other seeders stay out).
      const kept = stats.torrents[0];
      const file = (await api(`/api/v1/videos/${kept.uuid}`)).data.files.find((f: any) => f.resolution.id === kept.resolution);
      const parsed = await parseTorrent(new Uint8Array(await (await fetch(file.torrentUrl)).arrayBuffer()));
      const leecher = new WebTorrent({ dht: false, lsd: false, utPex: false, utp: false, natUpnp: false, natPmp: false, webSeeds: false, tracker: false });
      clients.push(leecher);
      const torrent = leecher.add({ ...parsed, urlList: [], announce: [], peerAddresses: [`127.0.0.1:${port}`] }, { path: join(dir, 'utp-held-leecher') });
      await new Promise<void>((resolve, reject) => {
        torrent.once('done', () => resolve());
        torrent.once('error', reject);
      });
      expect(sha256(await readFile(join(dir, 'utp-held-leecher', torrent.files[0].path)))).toBe(
        sha256(new Uint8Array(await (await fetch(file.fileUrl)).arrayBuffer())),
      );
    } finally {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    }
  });
});
