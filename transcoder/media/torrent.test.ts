import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import parseTorrent from 'parse-torrent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transcodeLadder, type RenditionSummary } from './hls-ladder';
import { buildLadder } from './ladder';
import { probeVideo } from './probe';
import { makeClip, makeTempDir, testBins } from './test-clips';
import { buildMagnetUri, createRenditionTorrent, infoDictSpan, pieceLengthFor } from './torrent';

const uuid = '9c9de5e8-0a1b-4f5b-9f3c-1e2d3c4b5a69';
const origin = 'https://tube.example';

describe('createRenditionTorrent', () => {
  let tmp: Awaited<ReturnType<typeof makeTempDir>>;
  let outDir: string;
  let rendition: RenditionSummary;
  beforeAll(async () => {
    tmp = await makeTempDir();
    const src = await makeClip(tmp.dir, 'src', { width: 640, height: 360, seconds: 6 });
    const probe = await probeVideo(src, { bins: testBins });
    outDir = join(tmp.dir, 'hls');
    // Copy-only ladder: real init + segments in a fraction of a second.
    const result = await transcodeLadder({
      bins: testBins,
      input: src,
      outDir,
      probe,
      rungs: buildLadder(probe, { enabledResolutions: [360] }),
      copyTop: true,
    });
    rendition = result.renditions[0];
  });
  afterAll(() => tmp?.remove());

  it('hashes the concatenation of init and segments, without writing it', async () => {
    const files = [rendition.initFile, ...rendition.segments.map((s) => s.file)];
    const before = (await readdir(outDir)).sort();
    const fileUrl = `${origin}/download/videos/${uuid}-360.mp4`;
    const torrentUrl = `${origin}/lazy-static/torrents/${uuid}-360.torrent`;
    const trackers = ['wss://tube.example/tracker/socket', 'https://tube.example/tracker/announce'];
    const made = await createRenditionTorrent({ parts: files.map((f) => join(outDir, f)), name: `${uuid}-360.mp4`, fileUrl, torrentUrl, trackers });
    expect((await readdir(outDir)).sort()).toEqual(before);

    const parsed = await parseTorrent(made.torrent);
    expect(parsed.infoHash).toBe(made.infoHash);
    expect(parsed.name).toBe(`${uuid}-360.mp4`);
    expect(parsed.length).toBe(rendition.totalSize);
    expect(made.size).toBe(rendition.totalSize);
    expect(parsed.urlList).toEqual([fileUrl]);
    expect(parsed.announce).toEqual(trackers);
    expect(parsed.pieceLength).toBe(pieceLengthFor(made.size));

    // Every piece verifies against the bytes a downloader would get from the web seed.
    const mp4 = Buffer.concat(await Promise.all(files.map((f) => readFile(join(outDir, f)))));
    const pieces: string[] = [];
    for (let at = 0; at < mp4.length; at += parsed.pieceLength!) {
      pieces.push(
        createHash('sha1')
          .update(mp4.subarray(at, at + parsed.pieceLength!))
          .digest('hex'),
      );
    }
    expect(parsed.pieces).toEqual(pieces);

    const magnet = await parseTorrent(made.magnetUri);
    expect(made.magnetUri.startsWith(`magnet:?xs=${encodeURIComponent(torrentUrl)}&xt=urn:btih:${made.infoHash}&dn=`)).toBe(true);
    expect(magnet.infoHash).toBe(made.infoHash);
    expect(magnet.announce).toEqual(trackers);
    expect(magnet.urlList).toEqual([fileUrl]);
    expect(magnet.xs).toBe(torrentUrl);
  });

  it('is deterministic for a fixed creation date', async () => {
    const parts = [rendition.initFile, ...rendition.segments.map((s) => s.file)].map((f) => join(outDir, f));
    const options = { parts, name: 'a.mp4', fileUrl: `${origin}/a.mp4`, trackers: [], creationDate: new Date(0) };
    const [a, b] = await Promise.all([createRenditionTorrent(options), createRenditionTorrent(options)]);
    expect(a.torrent.equals(b.torrent)).toBe(true);
  });
});

describe('torrent helpers', () => {
  it('finds the info dictionary in bencode', () => {
    const torrent = Buffer.from('d8:announce3:abc4:infod6:lengthi5e4:name1:xe3:zzzli1ei2eee');
    const [start, end] = infoDictSpan(torrent);
    expect(torrent.subarray(start, end).toString()).toBe('d6:lengthi5e4:name1:xe');
  });

  it('builds magnets in PeerTube’s key order', () => {
    expect(
      buildMagnetUri({
        infoHash: 'ab'.repeat(20),
        name: 'My video',
        torrentUrl: 'https://h/t.torrent',
        trackers: ['wss://h/tracker/socket'],
        webSeeds: ['https://h/v.mp4'],
      }),
    ).toBe(`magnet:?xs=https%3A%2F%2Fh%2Ft.torrent&xt=urn:btih:${'ab'.repeat(20)}&dn=My+video&tr=wss%3A%2F%2Fh%2Ftracker%2Fsocket&ws=https%3A%2F%2Fh%2Fv.mp4`);
  });
});
