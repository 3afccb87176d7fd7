import { readFile } from 'node:fs/promises';
import WebTorrent, { type Torrent } from 'webtorrent';
import parseTorrent from 'parse-torrent';
import type { WorkerClient } from '../transcoder/worker-client';
import type { SeedableFile } from '../worker/services/seeding';
import { selectWithinBudget } from './budget';
import { DiskCache } from './disk-cache';

export type SeederOptions = {
  client: WorkerClient;
  /** Where the Worker answers the companion (the MP4s are read there). */
  workerUrl: string;
  /** The tracker URLs peers find the seeder through: WebSocket (browsers, WebRTC) and HTTP (desktop clients). */
  announce: string[];
  dir: string;
  budgetBytes: number;
  /** TCP port for desktop peers; 0 picks a free one. */
  torrentPort?: number;
  log: (message: string) => void;
};

export type SeederStats = {
  torrents: Array<{
    infoHash: string;
    uuid: string;
    resolution: number;
    size: number;
    seeding: boolean;
    peers: number;
    uploadedBytes: number;
    lastViewedAt: number;
  }>;
  peers: number;
  uploadedBytes: number;
  diskUsedBytes: number;
  diskBudgetBytes: number;
  /** MP4 downloads from the Worker since start, and their bytes: a restart that finds its files fetches nothing. */
  fetches: number;
  fetchedBytes: number;
  torrentPort: number;
  /** False when the UDP port of the TCP port's number was taken: then desktop peers come over TCP only. */
  utp: boolean;
};

/**
 * Persistent seeding (ADR 0021): every published MP4 rendition, over TCP for desktop clients and
 * over WebRTC (webtorrent with @roamhq/wrtc) for browsers, from a disk cache filled through the
 * Worker. `sync` makes the seeded set match the Worker's list within the disk budget.
 */
export function createSeeder(options: SeederOptions) {
  // No DHT, LSD or NAT traversal: the instance's own tracker is how peers meet (the torrents list it),
  // and nothing here may reach outside. No web seeds: the seeder's bytes are on its disk.
  const client = new WebTorrent({
    dht: false,
    lsd: false,
    utPex: false,
    natUpnp: false,
    natPmp: false,
    webSeeds: false,
    torrentPort: options.torrentPort ?? 0,
  });
  watchUtpFallback(client, options.log);
  const disk = new DiskCache(options.dir, options.client, options.workerUrl);
  const seeded = new Map<string, { file: SeedableFile; torrent: Torrent }>();
  let syncing: Promise<void> | undefined;

  /** Adds one file: torrent and MP4 on disk, then WebTorrent verifies every piece against the torrent. */
  async function seed(file: SeedableFile) {
    const parsed = await parseTorrent(await readFile(await disk.ensureTorrent(file)));
    if (parsed.infoHash !== file.infoHash) throw new Error(`torrent of ${file.uuid}-${file.resolution} is ${parsed.infoHash}, expected ${file.infoHash}`);
    const name = parsed.name ?? `${file.uuid}-${file.resolution}.mp4`;
    for (let attempt = 0; attempt < 2; attempt++) {
      await disk.ensureMp4(file, name);
      const torrent = await addTorrent({ ...parsed, urlList: [] });
      if (torrent.done) {
        seeded.set(file.infoHash, { file, torrent });
        return;
      }
      // Some piece failed its hash: the file is not what the torrent says. Fetch it again, once.
      options.log(`[seeder] ${file.uuid}-${file.resolution}: pieces failed verification, fetching again`);
      await new Promise<void>((resolve) => torrent.destroy({ destroyStore: true }, () => resolve()));
    }
    throw new Error(`${file.uuid}-${file.resolution}: the Worker's MP4 does not match its torrent`);
  }

  function addTorrent(parsed: object): Promise<Torrent> {
    return new Promise((resolve, reject) => {
      const torrent = client.add(parsed, { path: disk.folder((parsed as { infoHash: string }).infoHash), announce: options.announce });
      torrent.once('error', reject);
      // 'ready' comes after the pieces on disk were verified; `done` then says whether all were good.
      torrent.once('ready', () => resolve(torrent));
    });
  }

  async function unseed(infoHash: string) {
    const entry = seeded.get(infoHash);
    seeded.delete(infoHash);
    if (entry) await new Promise<void>((resolve) => entry.torrent.destroy({}, () => resolve()));
    await disk.remove(infoHash);
  }

  async function runSync() {
    const { files } = (await options.client.getJson('/internal/seeder/files')) as { files: SeedableFile[] };
    const wanted = selectWithinBudget(files, options.budgetBytes);
    const wantedHashes = new Set(wanted.map((f) => f.infoHash));
    // Evict first, so that the budget holds while new files arrive.
    for (const infoHash of [...seeded.keys(), ...(await disk.folders())]) {
      if (!wantedHashes.has(infoHash)) await unseed(infoHash);
    }
    for (const file of wanted) {
      const current = seeded.get(file.infoHash);
      if (current) {
        current.file = file;
        continue;
      }
      try {
        await seed(file);
      } catch (err) {
        options.log(`[seeder] ${file.uuid}-${file.resolution}: ${(err as Error).message}`);
      }
    }
  }

  return {
    /** One pass; concurrent calls share it. */
    sync(): Promise<void> {
      syncing ??= runSync().finally(() => {
        syncing = undefined;
      });
      return syncing;
    },
    async stats(): Promise<SeederStats> {
      const torrents = [...seeded.values()].map(({ file, torrent }) => ({
        infoHash: file.infoHash,
        uuid: file.uuid,
        resolution: file.resolution,
        size: file.size,
        seeding: torrent.done,
        peers: torrent.numPeers,
        uploadedBytes: torrent.uploaded,
        lastViewedAt: file.lastViewedAt,
      }));
      return {
        torrents,
        peers: torrents.reduce((n, t) => n + t.peers, 0),
        uploadedBytes: torrents.reduce((n, t) => n + t.uploadedBytes, 0),
        diskUsedBytes: await disk.used(),
        diskBudgetBytes: options.budgetBytes,
        fetches: disk.fetches,
        fetchedBytes: disk.fetchedBytes,
        torrentPort: client.torrentPort,
        utp: client.utp,
      };
    },
    async stop() {
      await syncing?.catch(() => undefined);
      await new Promise<void>((resolve) => client.destroy(() => resolve()));
    },
  };
}

export type Seeder = ReturnType<typeof createSeeder>;

/**
 * uTP binds the UDP port of the TCP port's number, which another process may hold (EADDRINUSE).
 * webtorrent then turns uTP off and goes on over TCP (and WebRTC); this says so once, in words,
 * instead of a bare "address already in use", and logs every other client error as it comes.
 */
function watchUtpFallback(client: WebTorrent, log: (message: string) => void) {
  const utpWanted = client.utp;
  let utpError: string | undefined;
  client.on('error', (err) => {
    if (utpWanted && !client.utp && utpError === undefined) utpError = (err as Error).message;
    else log(`[seeder] ${(err as Error).message}`);
  });
  client.once('listening', () => {
    if (utpError !== undefined) log(`[seeder] uTP off: UDP port ${client.torrentPort} unavailable (${utpError}); seeding over TCP and WebRTC only`);
  });
}

/** Runs `sync` now and then every `intervalMs` (never two at once), until `stop`. */
export function startSeeding(options: SeederOptions & { intervalMs: number }) {
  const seeder = createSeeder(options);
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await seeder.sync();
    } catch (err) {
      options.log(`[seeder] sync failed: ${(err as Error).message}`);
    }
    if (!stopped) timer = setTimeout(tick, options.intervalMs);
  };
  void tick();
  return {
    ...seeder,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await seeder.stop();
    },
  };
}
