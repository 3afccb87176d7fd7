import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { WorkerClient } from '../transcoder/worker-client';
import type { SeedableFile } from '../worker/services/seeding';

/**
 * The seeder's disk: one folder per infohash, holding the `.torrent` and the MP4 under the name
 * the torrent gives it, so WebTorrent finds (and verifies) it there after a restart. Files come
 * from R2 through the Worker; `fetches` counts every MP4 download, so a restart that re-downloads
 * shows up.
 */
export class DiskCache {
  fetches = 0;
  fetchedBytes = 0;

  constructor(
    private readonly dir: string,
    private readonly client: WorkerClient,
    private readonly workerUrl: string,
  ) {}

  folder(infoHash: string) {
    return join(this.dir, infoHash);
  }
  torrentPath(infoHash: string) {
    return join(this.folder(infoHash), 'file.torrent');
  }

  /** The torrent file, from the disk or else from R2. */
  async ensureTorrent(file: SeedableFile, signal?: AbortSignal): Promise<string> {
    const path = this.torrentPath(file.infoHash);
    if (await exists(path)) return path;
    await mkdir(this.folder(file.infoHash), { recursive: true });
    await this.client.download(file.torrentKey, `${path}.part`, signal);
    await rename(`${path}.part`, path);
    return path;
  }

  /** The MP4 at `<folder>/<name>`, downloaded whole unless a file of the right size is there. */
  async ensureMp4(file: SeedableFile, name: string, signal?: AbortSignal): Promise<void> {
    const path = join(this.folder(file.infoHash), name);
    const existing = await stat(path).catch(() => null);
    if (existing && existing.size === file.size) return;
    this.fetches++;
    const res = await fetch(`${this.workerUrl}${file.mp4Path}`, { signal });
    if (!res.ok || !res.body) throw new Error(`download of ${file.mp4Path} failed: ${res.status}`);
    const counter = async function* (this: DiskCache, source: AsyncIterable<Uint8Array>) {
      for await (const chunk of source) {
        this.fetchedBytes += chunk.length;
        yield chunk;
      }
    }.bind(this);
    await pipeline(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream), counter, createWriteStream(`${path}.part`));
    await rename(`${path}.part`, path);
  }

  async remove(infoHash: string) {
    await rm(this.folder(infoHash), { recursive: true, force: true });
  }

  /** Infohashes with a folder on disk (what a previous run left). */
  async folders(): Promise<string[]> {
    await mkdir(this.dir, { recursive: true });
    return (await readdir(this.dir)).filter((n) => /^[0-9a-f]{40}$/.test(n));
  }

  /** Bytes on disk, for the health API. */
  async used(): Promise<number> {
    let total = 0;
    for (const h of await this.folders()) {
      for (const name of await readdir(this.folder(h)).catch(() => [])) total += (await stat(join(this.folder(h), name)).catch(() => ({ size: 0 }))).size;
    }
    return total;
  }
}

async function exists(path: string) {
  return stat(path).then(
    () => true,
    () => false,
  );
}
