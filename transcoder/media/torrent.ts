/**
 * A `.torrent` and magnet for a rendition's MP4, which is the in-order
 * concatenation of its init segment and media segments. The bytes are
 * streamed from the segment files; the MP4 is never written to disk.
 *
 * Follows PeerTube (server/core/helpers/webtorrent.ts): single-file torrent,
 * one tracker per announce tier, the file's URL as web seed (BEP 19), and the
 * magnet built the way `magnet-uri`'s encode builds it for PeerTube:
 * `xs` (torrent URL), `xt`, `dn`, `tr`…, `ws`….
 *
 * @example
 * const t = await createRenditionTorrent({
 *   parts: [s.initFile, ...s.segments.map((x) => x.file)].map((f) => join(outDir, f)),
 *   name: `${uuid}-${s.resolution}.mp4`,
 *   fileUrl: `${origin}/static/streaming-playlists/hls/${uuid}/${uuid}-${s.resolution}.mp4`,
 *   torrentUrl: `${origin}/lazy-static/torrents/${uuid}-${s.resolution}.torrent`,
 *   trackers: [`wss://${host}/tracker/socket`],
 * })
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import createTorrent from 'create-torrent';

/** The given files, one after the other, as one stream. */
export function concatFiles(paths: readonly string[]): Readable {
  return Readable.from(
    (async function* () {
      for (const path of paths) yield* createReadStream(path);
    })(),
    { objectMode: false },
  );
}

/** create-torrent's default piece size (piece-length), capped at 4 MiB as create-torrent caps it. */
export function pieceLengthFor(bytes: number): number {
  const length = Math.max(16384, 1 << ((Math.log2(bytes < 1024 ? 1 : bytes / 1024) + 0.5) | 0));
  return Math.min(length, 4 * 1024 * 1024);
}

/** Finds the raw bytes of the top-level `info` value in a bencoded torrent. */
export function infoDictSpan(torrent: Uint8Array): [start: number, end: number] {
  const at = (i: number) => String.fromCharCode(torrent[i]);
  const skip = (i: number): number => {
    const c = at(i);
    if (c === 'i') return torrent.indexOf(0x65 /* e */, i) + 1;
    if (c === 'l' || c === 'd') {
      i++;
      while (at(i) !== 'e') i = skip(i);
      return i + 1;
    }
    const colon = torrent.indexOf(0x3a /* : */, i);
    if (colon < 0) throw new Error('malformed bencode');
    return colon + 1 + Number(Buffer.from(torrent.subarray(i, colon)).toString('ascii'));
  };
  if (at(0) !== 'd') throw new Error('a torrent must be a bencoded dictionary');
  let i = 1;
  while (at(i) !== 'e') {
    const keyEnd = skip(i);
    const key = Buffer.from(torrent.subarray(i, keyEnd)).toString('latin1');
    const valueEnd = skip(keyEnd);
    if (key === '4:info') return [keyEnd, valueEnd];
    i = valueEnd;
    if (i >= torrent.length) break;
  }
  throw new Error('no info dictionary in torrent');
}

/** PeerTube's magnet layout (magnet-uri encode of { xs, announce, urlList, infoHash, name }). */
export function buildMagnetUri(options: {
  infoHash: string;
  name: string;
  torrentUrl?: string;
  trackers: readonly string[];
  webSeeds: readonly string[];
}): string {
  const params: string[] = [];
  if (options.torrentUrl) params.push(`xs=${encodeURIComponent(options.torrentUrl)}`);
  params.push(`xt=urn:btih:${options.infoHash}`);
  params.push(`dn=${encodeURIComponent(options.name).replace(/%20/g, '+')}`);
  for (const tr of options.trackers) params.push(`tr=${encodeURIComponent(tr)}`);
  for (const ws of options.webSeeds) params.push(`ws=${encodeURIComponent(ws)}`);
  return `magnet:?${params.join('&')}`;
}

export interface RenditionTorrentOptions {
  /** init segment first, then media segments, in order */
  parts: readonly string[];
  /** the file name inside the torrent, e.g. `<uuid>-720.mp4` */
  name: string;
  /** the MP4's stable URL: web seed (url-list) and magnet `ws` */
  fileUrl: string;
  /** where the .torrent will be served: magnet `xs` */
  torrentUrl?: string;
  /** tracker URLs, one announce tier each */
  trackers: readonly string[];
  /** magnet `dn`; PeerTube uses the video's title (default: `name`) */
  displayName?: string;
  createdBy?: string;
  creationDate?: Date;
}

export interface RenditionTorrent {
  torrent: Buffer;
  infoHash: string;
  magnetUri: string;
  /** bytes of the MP4 */
  size: number;
  pieceLength: number;
}

export async function createRenditionTorrent(options: RenditionTorrentOptions): Promise<RenditionTorrent> {
  const sizes = await Promise.all(options.parts.map(async (p) => (await stat(p)).size));
  const size = sizes.reduce((a, b) => a + b, 0);
  if (size === 0) throw new Error('cannot make a torrent of nothing');
  // create-torrent cannot know a stream's length up front, so it would pick the smallest piece size.
  const pieceLength = pieceLengthFor(size);
  const torrent = await new Promise<Buffer>((resolve, reject) => {
    createTorrent(
      concatFiles(options.parts),
      {
        name: options.name,
        pieceLength,
        announceList: options.trackers.map((t) => [t]),
        urlList: [options.fileUrl],
        createdBy: options.createdBy ?? 'edgetube',
        creationDate: options.creationDate,
      },
      (err: Error | null, data?: Uint8Array) => (err || !data ? reject(err ?? new Error('create-torrent returned nothing')) : resolve(Buffer.from(data))),
    );
  });
  const [start, end] = infoDictSpan(torrent);
  const infoHash = createHash('sha1').update(torrent.subarray(start, end)).digest('hex');
  const magnetUri = buildMagnetUri({
    infoHash,
    name: options.displayName ?? options.name,
    torrentUrl: options.torrentUrl,
    trackers: options.trackers,
    webSeeds: [options.fileUrl],
  });
  return { torrent, infoHash, magnetUri, size, pieceLength };
}
