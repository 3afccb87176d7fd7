import { describe, it, expect, beforeAll } from 'vitest';
import { eq } from 'drizzle-orm';
import { api, instanceUrl } from './helpers/api';
import { testDb } from './helpers/internal';
import * as schema from '../worker/db/schema';
import { fakeVideoBytes, legacyUpload, newUploader, putChunk, readMedia, resumableInit, sha256, type Uploader } from './helpers/video-uploads';

const MiB = 1024 * 1024;

let alice: Uploader;
beforeAll(async () => {
  alice = await newUploader();
});

async function originalOf(uuid: string) {
  const res = await readMedia(`videos/${uuid}/original`);
  expect(res.status).toBe(200);
  return res.bytes;
}

async function uploadsRow(id: string) {
  const { db, close } = testDb();
  try {
    const [row] = await db.select().from(schema.uploads).where(eq(schema.uploads.id, id));
    return row;
  } finally {
    close();
  }
}

async function setQuota(userId: number, videoQuota: number, videoQuotaDaily = -1) {
  const { db, close } = testDb();
  try {
    await db.update(schema.users).set({ videoQuota, videoQuotaDaily }).where(eq(schema.users.id, userId));
  } finally {
    close();
  }
}

/**
 * An upload waits for its transcode (state 2), unless the suite's companion has already taken the
 * job and refused the fake bytes (state 7): that race is the companion's, not the upload's.
 */
const QUEUED_OR_REFUSED = [2, 7];

const uploadId = (location: string) => new URL(location, instanceUrl()).searchParams.get('upload_id')!;

describe('POST /api/v1/videos/upload (legacy multipart)', () => {
  it('answers exactly 200 {video:{id,uuid,shortUUID}}, stores the original and the metadata, and enqueues the transcode', async () => {
    const bytes = fakeVideoBytes(6 * MiB + 4321);
    const res = await legacyUpload(
      alice.token,
      {
        name: 'legacy upload',
        channelId: String(alice.channelId),
        privacy: '1',
        category: '15',
        licence: '2',
        language: 'fr',
        description: 'A description',
        support: 'Support me',
        nsfw: 'false',
        commentsPolicy: '3',
        downloadEnabled: 'true',
        waitTranscoding: 'true',
        tags: ['first', 'second'],
      },
      { bytes, name: 'clip.mp4', type: 'video/mp4' },
    );
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(Object.keys(res.data)).toEqual(['video']);
    expect(Object.keys(res.data.video).sort()).toEqual(['id', 'shortUUID', 'uuid']);
    const { uuid, id } = res.data.video;

    expect(sha256(await originalOf(uuid))).toBe(sha256(bytes));

    const video = await api(`/api/v1/videos/${uuid}`, { token: alice.token });
    expect(video.status).toBe(200);
    expect(video.data).toMatchObject({
      id,
      uuid,
      name: 'legacy upload',
      privacy: { id: 1 },
      category: { id: 15, label: 'Science & Technology' },
      licence: { id: 2 },
      language: { id: 'fr', label: 'French' },
      description: 'A description',
      support: 'Support me',
      nsfw: false,
      commentsPolicy: { id: 3 },
      downloadEnabled: true,
      waitTranscoding: true,
      tags: ['first', 'second'],
      streamingPlaylists: [],
    });
    expect(QUEUED_OR_REFUSED).toContain(video.data.state.id);
    // Until its renditions exist, the upload itself is the video's only file, with no torrent yet:
    // PeerTube clients read files[0] right away (peertube-cli waits for its torrentUrl).
    expect(video.data.files).toHaveLength(1);
    expect(video.data.files[0]).toMatchObject({ resolution: { id: 0 }, size: bytes.length, torrentUrl: '', magnetUri: null });
    const served = await fetch(video.data.files[0].fileUrl);
    expect(served.status).toBe(200);
    expect(sha256(new Uint8Array(await served.arrayBuffer()))).toBe(sha256(bytes));

    const { db, close } = testDb();
    try {
      const jobs = await db
        .select()
        .from(schema.jobs)
        .where(eq(schema.jobs.dedupeKey, `video-transcode:${id}`));
      expect(jobs).toHaveLength(1);
      expect(jobs[0].payload).toMatchObject({ videoId: id, originalKey: `videos/${uuid}/original` });
    } finally {
      close();
    }
  });

  it('stores a custom thumbnail', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const res = await legacyUpload(
      alice.token,
      { name: 'with thumbnail', channelId: String(alice.channelId), privacy: '1' },
      { bytes: fakeVideoBytes(1000), name: 'a.webm', type: 'video/webm' },
      (form) => form.append('thumbnailfile', new Blob([png], { type: 'image/png' }), 'thumb.png'),
    );
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    const thumb = await fetch(instanceUrl(`/lazy-static/thumbnails/${res.data.video.uuid}.jpg`));
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await thumb.arrayBuffer()).equals(Buffer.from(png))).toBe(true);
  });

  it('refuses what is not a video with 415', async () => {
    const res = await legacyUpload(
      alice.token,
      { name: 'not a video', channelId: String(alice.channelId) },
      { bytes: new TextEncoder().encode('hello'), name: 'notes.txt', type: 'text/plain' },
    );
    expect(res.status).toBe(415);
  });

  it('refuses a .mp4 that holds HTML with 422, as PeerTube does, and keeps nothing of it', async () => {
    const html = new TextEncoder().encode('<!doctype html><title>x</title><script>alert(document.cookie)</script>'.repeat(50));
    const res = await legacyUpload(
      alice.token,
      { name: 'html in disguise', channelId: String(alice.channelId), privacy: '1' },
      { bytes: html, name: 'clip.mp4', type: 'video/mp4' },
    );
    expect(res.status).toBe(422);
    expect(res.data).toMatchObject({ status: 422, detail: 'Video file unreadable.' });
    const mine = await api('/api/v1/users/me/videos?count=100', { token: alice.token });
    expect(mine.data.data.map((v: { name: string }) => v.name)).not.toContain('html in disguise');
  });

  it('refuses bad metadata with 400 invalid-params, storing nothing', async () => {
    for (const [fields, param] of [
      [{ name: 'ab', channelId: String(alice.channelId) }, 'name'],
      [{ name: 'good name', channelId: String(alice.channelId), category: '999' }, 'category'],
      [{ name: 'good name', channelId: String(alice.channelId), language: 'xx-nope' }, 'language'],
      [{ name: 'good name', channelId: String(alice.channelId), privacy: '9' }, 'privacy'],
      [{ name: 'good name', channelId: String(alice.channelId), tags: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'tags'],
      [{ name: 'good name', channelId: String(alice.channelId), tags: ['x'] }, 'tags.0'],
      [{ name: 'good name', channelId: String(alice.channelId), description: 'd'.repeat(10001) }, 'description'],
    ] as const) {
      const res = await legacyUpload(alice.token, fields as Record<string, string | string[]>, {
        bytes: fakeVideoBytes(100),
        name: 'x.mp4',
        type: 'video/mp4',
      });
      expect(res.status, `${param}: ${JSON.stringify(res.data)}`).toBe(400);
      expect(Object.keys(res.data['invalid-params'])).toContain(param);
    }
  });

  it('refuses the channel of another user (403) and an unknown channel (400), and anonymous uploads (401)', async () => {
    const bob = await newUploader();
    const file = { bytes: fakeVideoBytes(100), name: 'x.mp4', type: 'video/mp4' };
    expect((await legacyUpload(bob.token, { name: 'not mine', channelId: String(alice.channelId) }, file)).status).toBe(403);
    expect((await legacyUpload(bob.token, { name: 'nowhere', channelId: '999999' }, file)).status).toBe(400);
    const anon = await api('/api/v1/videos/upload', { method: 'POST', body: new FormData() });
    expect(anon.status).toBe(401);
  });
});

describe('/api/v1/videos/upload-resumable', () => {
  it('uploads in unaligned chunks (308 with Range until the end, then 200 {video}) byte-identically', async () => {
    const bytes = fakeVideoBytes(12 * MiB + 123);
    const init = await resumableInit(
      alice.token,
      { name: 'resumable', channelId: alice.channelId, filename: 'r.mp4', privacy: 2, tags: ['resumable'] },
      bytes.length,
    );
    expect(init.status, JSON.stringify(init.data)).toBe(201);
    const location = init.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/videos\/upload-resumable\?upload_id=[0-9a-f]+$/);

    // The same client starting the same file again gets the same session.
    const again = await resumableInit(alice.token, { name: 'resumable', channelId: alice.channelId, filename: 'r.mp4', privacy: 2 }, bytes.length);
    expect(again.status).toBe(200);
    expect(again.headers.get('location')).toBe(location);

    const chunk = 3 * MiB + 17;
    let res;
    for (let start = 0; start < bytes.length; start += chunk) {
      const end = Math.min(start + chunk, bytes.length);
      res = await putChunk(alice.token, location, bytes.subarray(start, end), start, bytes.length);
      if (end < bytes.length) {
        expect(res.status, JSON.stringify(res.data)).toBe(308);
        expect(res.headers.get('range')).toBe(`bytes=0-${end - 1}`);
      }
    }
    expect(res!.status, JSON.stringify(res!.data)).toBe(200);
    expect(Object.keys(res!.data.video).sort()).toEqual(['id', 'shortUUID', 'uuid']);
    expect(sha256(await originalOf(res!.data.video.uuid))).toBe(sha256(bytes));
    const video = await api(`/api/v1/videos/${res!.data.video.shortUUID}`, { token: alice.token });
    expect(video.data).toMatchObject({ name: 'resumable', privacy: { id: 2 }, tags: ['resumable'] });
    expect(QUEUED_OR_REFUSED).toContain(video.data.state.id);
  });

  it('resumes byte-identically after a PUT cut mid-chunk, and answers 409 to a chunk at the wrong offset', async () => {
    const bytes = fakeVideoBytes(11 * MiB + 999);
    const init = await resumableInit(alice.token, { name: 'interrupted', channelId: alice.channelId, filename: 'i.mp4' }, bytes.length);
    expect(init.status).toBe(201);
    const location = init.headers.get('location')!;
    const chunk = 4 * MiB;

    expect((await putChunk(alice.token, location, bytes.subarray(0, chunk), 0, bytes.length)).status).toBe(308);

    // Second chunk: a slow body, dropped after about half of it (past a 5 MiB part boundary).
    const controller = new AbortController();
    const piece = 256 * 1024;
    let sent = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(c) {
        if (sent >= chunk / 2 + piece) {
          controller.abort();
          return;
        }
        await new Promise((r) => setTimeout(r, 5));
        c.enqueue(bytes.slice(chunk + sent, chunk + sent + piece));
        sent += piece;
      },
    });
    await expect(
      fetch(instanceUrl(location), {
        method: 'PUT',
        body: slow,
        signal: controller.signal,
        duplex: 'half',
        headers: { authorization: `Bearer ${alice.token}`, 'content-range': `bytes ${chunk}-${2 * chunk - 1}/${bytes.length}` },
      } as RequestInit),
    ).rejects.toThrow();

    // The session still ends at the last complete chunk.
    let status = await api(location, { method: 'PUT', token: alice.token, headers: { 'content-range': `bytes */${bytes.length}` } });
    for (let i = 0; i < 20 && status.headers.get('range') !== `bytes=0-${chunk - 1}`; i++) {
      await new Promise((r) => setTimeout(r, 250));
      status = await api(location, { method: 'PUT', token: alice.token, headers: { 'content-range': `bytes */${bytes.length}` } });
    }
    expect(status.status).toBe(308);
    expect(status.headers.get('range')).toBe(`bytes=0-${chunk - 1}`);
    expect((await uploadsRow(uploadId(location))).received).toBe(chunk);

    // A chunk that does not start where the stored bytes end is refused and changes nothing.
    const wrong = await putChunk(alice.token, location, bytes.subarray(chunk + 100, chunk + 200), chunk + 100, bytes.length);
    expect(wrong.status).toBe(409);
    expect((await uploadsRow(uploadId(location))).received).toBe(chunk);

    let res = await putChunk(alice.token, location, bytes.subarray(chunk, 2 * chunk), chunk, bytes.length);
    expect(res.status).toBe(308);
    res = await putChunk(alice.token, location, bytes.subarray(2 * chunk), 2 * chunk, bytes.length);
    expect(res.status, JSON.stringify(res.data)).toBe(200);
    expect(sha256(await originalOf(res.data.video.uuid))).toBe(sha256(bytes));
  });

  it('refuses a resumable upload of text at its last chunk with 422, and drops the session', async () => {
    const text = new TextEncoder().encode('just some text, not a video\n'.repeat(4000));
    const init = await resumableInit(alice.token, { name: 'text in disguise', channelId: alice.channelId, filename: 't.mp4' }, text.length);
    expect(init.status).toBe(201);
    const location = init.headers.get('location')!;
    const res = await putChunk(alice.token, location, text, 0, text.length);
    expect(res.status).toBe(422);
    expect(await uploadsRow(uploadId(location))).toBeUndefined();
  });

  it('answers 404 to an unknown session, and DELETE cancels one (204)', async () => {
    const unknown = await api('/api/v1/videos/upload-resumable?upload_id=0123456789abcdef0123456789abcdef', {
      method: 'PUT',
      token: alice.token,
      headers: { 'content-range': 'bytes 0-0/1' },
      body: 'x',
    });
    expect(unknown.status).toBe(404);

    const bytes = fakeVideoBytes(1000);
    const init = await resumableInit(alice.token, { name: 'cancelled', channelId: alice.channelId, filename: 'c.mp4' }, bytes.length);
    const location = init.headers.get('location')!;
    expect((await putChunk(alice.token, location, bytes.subarray(0, 400), 0, bytes.length)).status).toBe(308);
    expect((await api(location, { method: 'DELETE', token: alice.token })).status).toBe(204);
    expect(await uploadsRow(uploadId(location))).toBeUndefined();
    expect((await putChunk(alice.token, location, bytes.subarray(400), 400, bytes.length)).status).toBe(404);
  });

  it('validates init: 415 for non-videos, 400 invalid-params for bad metadata or size', async () => {
    expect((await resumableInit(alice.token, { name: 'text', channelId: alice.channelId, filename: 'notes.txt' }, 10, 'text/plain')).status).toBe(415);
    const bad = await resumableInit(alice.token, { name: 'x', channelId: alice.channelId, filename: 'v.mp4', commentsPolicy: 7 }, 10);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.data['invalid-params']).sort()).toEqual(['commentsPolicy', 'name']);
    const noSize = await api('/api/v1/videos/upload-resumable', {
      method: 'POST',
      token: alice.token,
      json: { name: 'no size', channelId: alice.channelId, filename: 'v.mp4' },
    });
    expect(noSize.status).toBe(400);
  });

  it('still answers (rather than resetting the connection) when it refuses a large body', async () => {
    const big = await legacyUpload(
      alice.token,
      { name: 'big text', channelId: String(alice.channelId) },
      { bytes: fakeVideoBytes(20 * MiB), name: 'big.txt', type: 'text/plain' },
    );
    expect(big.status).toBe(415);
    const badName = await legacyUpload(
      alice.token,
      { name: 'x', channelId: String(alice.channelId) },
      { bytes: fakeVideoBytes(20 * MiB), name: 'big.mp4', type: 'video/mp4' },
    );
    expect(badName.status).toBe(400);
    const init = await resumableInit(alice.token, { name: 'big chunks', channelId: alice.channelId, filename: 'big.mp4' }, 30 * MiB);
    const location = init.headers.get('location')!;
    expect((await putChunk(alice.token, location, fakeVideoBytes(8 * MiB), 100, 30 * MiB)).status).toBe(409);
    expect((await putChunk(alice.token, location.replace(/=.*/, '=ffff'), fakeVideoBytes(8 * MiB), 0, 30 * MiB)).status).toBe(404);
    expect((await api(location, { method: 'DELETE', token: alice.token })).status).toBe(204);
  });

  it('enforces the quota at init and at completion (413 quota_reached), leaving no session or parts behind', async () => {
    const carol = await newUploader();
    await setQuota(carol.userId, 2 * MiB);
    const tooBig = await resumableInit(carol.token, { name: 'too big', channelId: carol.channelId, filename: 'big.mp4' }, 3 * MiB);
    expect(tooBig.status).toBe(413);
    expect(tooBig.data.code).toBe('quota_reached');

    const legacy = await legacyUpload(
      carol.token,
      { name: 'too big legacy', channelId: String(carol.channelId) },
      { bytes: fakeVideoBytes(3 * MiB), name: 'big.mp4', type: 'video/mp4' },
    );
    expect(legacy.status).toBe(413);

    // Accepted at init, then the quota shrinks before the last chunk.
    const bytes = fakeVideoBytes(MiB + 10);
    const init = await resumableInit(carol.token, { name: 'shrunk', channelId: carol.channelId, filename: 's.mp4' }, bytes.length);
    expect(init.status).toBe(201);
    const location = init.headers.get('location')!;
    const id = uploadId(location);
    expect((await putChunk(carol.token, location, bytes.subarray(0, MiB), 0, bytes.length)).status).toBe(308);
    await setQuota(carol.userId, MiB);
    const last = await putChunk(carol.token, location, bytes.subarray(MiB), MiB, bytes.length);
    expect(last.status).toBe(413);
    expect(last.data.code).toBe('quota_reached');
    // The session is gone with its multipart upload (aborted, so R2 keeps no parts).
    expect(await uploadsRow(id)).toBeUndefined();
    expect((await putChunk(carol.token, location, bytes.subarray(MiB), MiB, bytes.length)).status).toBe(404);
    const videos = await api('/api/v1/users/me/videos', { token: carol.token });
    expect(videos.data.total).toBe(0);
  });
});
