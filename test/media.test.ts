import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { api, instanceUrl } from './helpers/api';
import { putMedia, testDb } from './helpers/internal';
import { shapeDiff } from './helpers/shape';
import * as schema from '../worker/db/schema';
import { fakeVideoBytes, legacyUpload, newUploader, sha256, type Uploader } from './helpers/video-uploads';

const run = promisify(execFile);

let alice: Uploader;
let dir: string;
let video: { id: number; uuid: string; shortUUID: string };
let mp4: Buffer;
let segments: Array<{ name: string; bytes: Buffer }>;
const master = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,CODECS="avc1.64000d,mp4a.40.2"\n240/index.m3u8\n';

/** A real fMP4 HLS rendition made by ffmpeg, stored in R2 the way the companion stores it, and its rows. */
beforeAll(async () => {
  alice = await newUploader();
  const up = await legacyUpload(
    alice.token,
    { name: 'media test', channelId: String(alice.channelId), privacy: '1', description: 'A clip made by ffmpeg', tags: ['media'] },
    { bytes: fakeVideoBytes(1000), name: 'v.mp4', type: 'video/mp4' },
  );
  expect(up.status).toBe(200);
  video = up.data.video;

  dir = await mkdtemp(join(tmpdir(), 'edgetube-media-'));
  await run('/usr/bin/ffmpeg', [
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=320x240:rate=25',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440',
    '-t',
    '6',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '50',
    '-pix_fmt',
    'yuv420p',
    '-c:a',
    'aac',
    '-f',
    'hls',
    '-hls_time',
    '2',
    '-hls_playlist_type',
    'vod',
    '-hls_segment_type',
    'fmp4',
    '-hls_fmp4_init_filename',
    'init.mp4',
    '-hls_segment_filename',
    join(dir, 'seg-%05d.m4s'),
    join(dir, 'index.m3u8'),
  ]);
  const names = ['init.mp4', ...(await readdir(dir)).filter((n) => n.endsWith('.m4s')).sort()];
  segments = await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(join(dir, name)) })));
  expect(segments.length).toBeGreaterThanOrEqual(4);
  mp4 = Buffer.concat(segments.map((s) => s.bytes));

  const prefix = `videos/${video.uuid}`;
  for (const s of segments) await putMedia(`${prefix}/hls/240/${s.name}`, new Uint8Array(s.bytes), s.name.endsWith('.m4s') ? 'video/iso.segment' : 'video/mp4');
  await putMedia(`${prefix}/hls/240/index.m3u8`, new Uint8Array(await readFile(join(dir, 'index.m3u8'))), 'application/vnd.apple.mpegurl');
  await putMedia(`${prefix}/hls/master.m3u8`, new TextEncoder().encode(master), 'application/vnd.apple.mpegurl');
  await putMedia(`${prefix}/segments-sha256.json`, new TextEncoder().encode('{}'), 'application/json');
  await putMedia(`${prefix}/torrents/${video.uuid}-240.torrent`, new TextEncoder().encode('d4:infod4:name4:testee'), 'application/x-bittorrent');

  const { db, close } = testDb();
  try {
    await db.insert(schema.videoFiles).values({
      videoId: video.id,
      resolution: 240,
      width: 320,
      height: 240,
      fps: 25,
      size: mp4.length,
      bitrate: 300000,
      segments: segments.map((s, i) => ({ key: `${prefix}/hls/240/${s.name}`, size: s.bytes.length, duration: i === 0 ? 0 : 2 })),
      infoHash: 'a'.repeat(40),
      torrentKey: `${prefix}/torrents/${video.uuid}-240.torrent`,
    });
    await db
      .insert(schema.videoStreamingPlaylists)
      .values({ videoId: video.id, playlistUrl: `${prefix}/hls/master.m3u8`, segmentsSha256Url: `${prefix}/segments-sha256.json`, complete: true });
    await db.update(schema.videos).set({ state: 1, duration: 6, aspectRatio: 1.3333 }).where(eq(schema.videos.id, video.id));
  } finally {
    close();
  }
}, 120_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const mp4Url = () => instanceUrl(`/static/web-videos/${video.uuid}-240.mp4`);

async function get(url: string, headers: Record<string, string> = {}, method = 'GET') {
  const res = await fetch(url, { method, headers });
  return { res, body: Buffer.from(await res.arrayBuffer()) };
}

describe('VideoDetails of a published video', () => {
  it('has the shape of PeerTube 6.3, with files, torrents and the HLS playlist', async () => {
    expect(await shapeDiff('api-video-details.json', instanceUrl(`/api/v1/videos/${video.uuid}`))).toBe('');
    const res = await api(`/api/v1/videos/${video.uuid}`);
    const file = res.data.files[0];
    expect(file).toMatchObject({
      resolution: { id: 240, label: '240p' },
      size: mp4.length,
      fps: 25,
      width: 320,
      height: 240,
      fileUrl: mp4Url(),
      torrentUrl: instanceUrl(`/lazy-static/torrents/${video.uuid}-240.torrent`),
    });
    expect(file.magnetUri).toContain(`xt=urn:btih:${'a'.repeat(40)}`);
    expect(file.magnetUri).toContain(`ws=${encodeURIComponent(instanceUrl(`/download/videos/${video.uuid}-240.mp4`))}`);
    expect(res.data.streamingPlaylists[0]).toMatchObject({
      type: 1,
      playlistUrl: instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`),
      redundancies: [],
    });
    expect(res.data.streamingPlaylists[0].files[0].fileUrl).toBe(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/${video.uuid}-240-fragmented.mp4`));
    expect(res.data.trackerUrls).toHaveLength(2);
    expect(await shapeDiff('api-videos-list.json', instanceUrl('/api/v1/videos'))).toBe('');
  });
});

describe('HLS, torrents and images from R2', () => {
  it('serves playlists and segments with their types, CORS and cache lifetimes', async () => {
    const m = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`));
    expect(m.res.status).toBe(200);
    expect(m.res.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(m.res.headers.get('access-control-allow-origin')).toBe('*');
    expect(m.body.toString()).toBe(master);
    const playlist = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/index.m3u8`));
    expect(playlist.res.status).toBe(200);
    expect(playlist.body.toString()).toContain('#EXT-X-MAP:URI="init.mp4"');
    for (const s of segments) {
      const seg = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/${s.name}`));
      expect(seg.res.status).toBe(200);
      expect(seg.res.headers.get('content-type')).toBe(s.name.endsWith('.m4s') ? 'video/iso.segment' : 'video/mp4');
      expect(seg.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(seg.res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(seg.body.equals(s.bytes)).toBe(true);
    }
    const part = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/${segments[1].name}`), { range: 'bytes=10-19' });
    expect(part.res.status).toBe(206);
    expect(part.res.headers.get('content-range')).toBe(`bytes 10-19/${segments[1].bytes.length}`);
    expect(part.body.equals(segments[1].bytes.subarray(10, 20))).toBe(true);
    const sha = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/segments-sha256.json`));
    expect(sha.res.status).toBe(200);
    expect(sha.res.headers.get('content-type')).toBe('application/json');
    const missing = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/nope.m4s`));
    expect(missing.res.status).toBe(404);
    expect(missing.res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives a growing playlist a short lifetime until the ladder is complete', async () => {
    const setComplete = async (complete: boolean) => {
      const { db, close } = testDb();
      try {
        await db.update(schema.videoStreamingPlaylists).set({ complete }).where(eq(schema.videoStreamingPlaylists.videoId, video.id));
      } finally {
        close();
      }
    };
    await setComplete(false);
    try {
      const growing = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/index.m3u8`));
      expect(growing.res.headers.get('cache-control')).toBe('public, max-age=2');
      const seg = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/${segments[2].name}`));
      expect(seg.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    } finally {
      await setComplete(true);
    }
    const done = await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/index.m3u8`));
    expect(done.res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('serves the torrent', async () => {
    const t = await get(instanceUrl(`/lazy-static/torrents/${video.uuid}-240.torrent`));
    expect(t.res.status).toBe(200);
    expect(t.res.headers.get('content-type')).toBe('application/x-bittorrent');
    const d = await get(instanceUrl(`/download/torrents/${video.uuid}-240.torrent`));
    expect(d.res.headers.get('content-disposition')).toContain('attachment');
  });
});

describe('the MP4 is the concatenation of the segments', () => {
  it('has the exact length, answers HEAD, and its bytes are the concatenation', async () => {
    const head = await get(mp4Url(), {}, 'HEAD');
    expect(head.res.status).toBe(200);
    expect(head.res.headers.get('content-length')).toBe(String(mp4.length));
    expect(head.res.headers.get('accept-ranges')).toBe('bytes');
    expect(head.res.headers.get('content-type')).toBe('video/mp4');
    const whole = await get(mp4Url());
    expect(whole.res.status).toBe(200);
    expect(whole.res.headers.get('content-length')).toBe(String(mp4.length));
    expect(sha256(whole.body)).toBe(sha256(mp4));
    const seed = await get(instanceUrl(`/download/videos/${video.uuid}-240.mp4`));
    expect(sha256(seed.body)).toBe(sha256(mp4));
    const download = await get(instanceUrl(`/download/web-videos/${video.uuid}-240.mp4`), {}, 'HEAD');
    expect(download.res.headers.get('content-disposition')).toContain('attachment');
  });

  it('maps byte ranges across segment boundaries exactly', async () => {
    const initSize = segments[0].bytes.length;
    const firstEnd = initSize + segments[1].bytes.length;
    const n = mp4.length;
    const cases: Array<[string, number, number]> = [
      ['bytes=0-0', 0, 0],
      [`bytes=${initSize - 3}-${initSize + 2}`, initSize - 3, initSize + 2],
      [`bytes=${firstEnd - 100}-${firstEnd + 100}`, firstEnd - 100, firstEnd + 100],
      [`bytes=${initSize - 1}-${n - 2}`, initSize - 1, n - 2],
      [`bytes=${n - 10}-`, n - 10, n - 1],
      ['bytes=-500', n - 500, n - 1],
      [`bytes=100-${n + 1000}`, 100, n - 1],
    ];
    for (const [range, start, end] of cases) {
      const r = await get(mp4Url(), { range });
      expect(r.res.status, range).toBe(206);
      expect(r.res.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${n}`);
      expect(r.res.headers.get('content-length'), range).toBe(String(end - start + 1));
      expect(r.body.equals(mp4.subarray(start, end + 1)), range).toBe(true);
    }
    const unsatisfiable = await get(mp4Url(), { range: `bytes=${n}-` });
    expect(unsatisfiable.res.status).toBe(416);
    expect(unsatisfiable.res.headers.get('content-range')).toBe(`bytes */${n}`);
  });

  it('is read by ffprobe over HTTP as a 6-second H.264 video', async () => {
    const { stdout } = await run('/usr/bin/ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration:stream=codec_name,width,height',
      '-of',
      'json',
      mp4Url(),
    ]);
    const probe = JSON.parse(stdout);
    expect(Number(probe.format.duration)).toBeGreaterThan(5.5);
    expect(Number(probe.format.duration)).toBeLessThan(6.5);
    expect(probe.streams.map((s: { codec_name: string }) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  });
});

describe('private media', () => {
  it('is served to its owner only, and never with a public cache lifetime', async () => {
    const { db, close } = testDb();
    try {
      await db.update(schema.videos).set({ privacy: 3 }).where(eq(schema.videos.id, video.id));
    } finally {
      close();
    }
    try {
      expect((await get(mp4Url())).res.status).toBe(403);
      expect((await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`))).res.status).toBe(403);
      expect((await get(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/240/${segments[1].name}`))).res.status).toBe(403);
      const bob = await newUploader();
      expect((await get(mp4Url(), { authorization: `Bearer ${bob.token}` })).res.status).toBe(403);
      const own = await get(mp4Url(), { authorization: `Bearer ${alice.token}`, range: 'bytes=0-99' });
      expect(own.res.status).toBe(206);
      expect(own.res.headers.get('cache-control')).toBe('private, no-store');
      expect(own.body.equals(mp4.subarray(0, 100))).toBe(true);
    } finally {
      const again = testDb();
      try {
        await again.db.update(schema.videos).set({ privacy: 1 }).where(eq(schema.videos.id, video.id));
      } finally {
        again.close();
      }
    }
  });
});
