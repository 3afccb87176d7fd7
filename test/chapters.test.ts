/**
 * Video chapters through the real instance, as PeerTube 6.3 has them
 * (server/core/controllers/api/videos/chapters.ts, lib/video-chapters.ts): the REST list and its
 * replacement by the owner with PeerTube's validation, chapters read from the description, the
 * `hasParts` object served at `<video>/chapters`, the Update sent when they change, the edge cache
 * and the watch page. Chapters of a remote video: federation-captions.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { AP, followLocalChannel, localVideo } from './helpers/comment-threads';
import { startFakeRemote, type FakeRemote } from './helpers/fake-remote-instance';
import { isVideoChaptersObjectValid } from './helpers/peertube-validators';
import { waitFor } from './helpers/internal';
import { fakeVideoBytes, legacyUpload, newUploader, type Uploader } from './helpers/video-uploads';

let alice: Uploader; // owns the videos
let bob: Uploader;

beforeAll(async () => {
  [alice, bob] = await Promise.all([newUploader(), newUploader()]);
});

const chaptersOf = (id: string | number, token?: string) => api(`/api/v1/videos/${id}/chapters`, { token });
const putChapters = (id: string | number, chapters: unknown, token?: string) =>
  api(`/api/v1/videos/${id}/chapters`, { method: 'PUT', token, json: { chapters } });
const anonymous = async (path: string, accept?: string) => {
  const res = await fetch(instanceUrl(path), { headers: accept ? { accept } : {} });
  return { status: res.status, text: await res.text(), cache: res.headers.get('x-edge-cache') };
};

describe('chapters of a local video', () => {
  let video: schema.Video;
  let remote: FakeRemote;

  beforeAll(async () => {
    video = await localVideo(alice, { duration: 300 });
    remote = await startFakeRemote();
    const fan = await remote.addActor(`chapterfan${Date.now().toString(36)}`);
    await followLocalChannel(remote, fan, alice.channelName);
  });
  afterAll(async () => {
    await remote?.close();
  });

  it('lists none at first, and 404 for an unknown video', async () => {
    const res = await chaptersOf(video.uuid);
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ chapters: [] });
    expect((await chaptersOf('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });

  it("refuses what PeerTube's validator refuses, then 404, then 403", async () => {
    const message = 'Chapters must have a valid title and timecode, and each timecode must be unique';
    for (const bad of [
      [
        { timecode: 5, title: 'a' },
        { timecode: 5, title: 'b' },
      ],
      [{ timecode: -1, title: 'a' }],
      [{ timecode: 1, title: '' }],
      [{ timecode: 1, title: 'x'.repeat(101) }],
      'not a list',
    ]) {
      const res = await putChapters(video.uuid, bad, alice.token);
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.data['invalid-params'].chapters.msg).toBe(message);
    }
    expect((await putChapters(video.uuid, [])).status).toBe(401);
    expect((await putChapters('00000000-0000-4000-8000-000000000000', [], alice.token)).status).toBe(404);
    const other = await putChapters(video.uuid, [{ timecode: 1, title: 'mine' }], bob.token);
    expect(other.status).toBe(403);
    expect(other.data.detail).toBe('Cannot manage a video of another user.');
  });

  it('replaces them, sorted, serves them cached and as hasParts, and sends an Update', async () => {
    // Fill the anonymous cache with the empty list: the PUT must show through it.
    const path = `/api/v1/videos/${video.uuid}/chapters`;
    // Bounded: a job finishing meanwhile (a write) may start a new generation.
    await waitFor('a cached list', async () => (await anonymous(path)).cache === 'HIT');

    const chapters = [
      { timecode: 60, title: 'Middle' },
      { timecode: 0, title: 'Intro' },
      { timecode: 240, title: 'x'.repeat(100) },
    ];
    expect((await putChapters(video.uuid, chapters, alice.token)).status).toBe(204);
    const sorted = [chapters[1], chapters[0], chapters[2]];
    expect(JSON.parse((await anonymous(path)).text)).toEqual({ chapters: sorted });
    expect((await chaptersOf(video.id)).data).toEqual({ chapters: sorted });

    const object = await api(`/videos/watch/${video.uuid}/chapters`, { headers: AP });
    expect(object.status).toBe(200);
    expect(isVideoChaptersObjectValid(object.data)).toBe(true);
    expect(object.data).toMatchObject({
      id: `${video.url}/chapters`,
      hasPart: [
        { name: 'Intro', startOffset: 0, endOffset: 60 },
        { name: 'Middle', startOffset: 60, endOffset: 240 },
        { name: 'x'.repeat(100), startOffset: 240, endOffset: 300 },
      ],
    });
    const video_ = await api(`/videos/watch/${video.uuid}`, { headers: AP });
    expect(video_.data.hasParts).toBe(`${video.url}/chapters`);

    // The followers of the channel get the video again, whose hasParts they fetch.
    const update = await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Update"') && r.body.includes(video.url));
    expect(JSON.parse(update.body)).toMatchObject({ type: 'Update', object: { id: video.url, hasParts: `${video.url}/chapters` } });

    expect((await putChapters(video.uuid, [], alice.token)).status).toBe(204);
    expect((await chaptersOf(video.uuid)).data).toEqual({ chapters: [] });
  });

  it('shows them on the watch page, in English and French, as links that start the player there', async () => {
    await putChapters(
      video.uuid,
      [
        { timecode: 0, title: 'Opening <b>' },
        { timecode: 75, title: 'Second part' },
      ],
      alice.token,
    );
    const en = await anonymous(`/w/${video.uuid}`, 'text/html');
    expect(en.text).toContain('<h2 id="chapters-heading">Chapters</h2>');
    expect(en.text).toMatch(/href="\?start=75" data-start="75" aria-label="Play from 1:15: Second part"\s*><time>1:15<\/time> Second part/);
    expect(en.text).toContain('Opening &lt;b&gt;');
    const fr = await fetch(instanceUrl(`/w/${video.uuid}`), { headers: { accept: 'text/html', 'accept-language': 'fr' } }).then((r) => r.text());
    expect(fr).toContain('<h2 id="chapters-heading">Chapitres</h2>');
    expect(fr).toContain('Lire à partir de 1:15 : Second part');
  });
});

describe('chapters from the description', () => {
  it('are read on upload and on update, unless set by hand since', async () => {
    const upload = await legacyUpload(
      alice.token,
      { name: 'with chapters', channelId: String(alice.channelId), privacy: '1', description: 'Timeline:\n00:00 start\n01:30 the point\n\nthanks' },
      { bytes: fakeVideoBytes(1000), name: 'a.webm', type: 'video/webm' },
    );
    expect(upload.status, JSON.stringify(upload.data)).toBe(200);
    const uuid = upload.data.video.uuid;
    expect((await chaptersOf(uuid, alice.token)).data.chapters).toEqual([
      { timecode: 0, title: 'start' },
      { timecode: 90, title: 'the point' },
    ]);

    const update = (description: string) => api(`/api/v1/videos/${uuid}`, { method: 'PUT', token: alice.token, json: { description } });
    expect((await update('New timeline\n0:10 first\n1:00:00 an hour in')).status).toBe(204);
    expect((await chaptersOf(uuid, alice.token)).data.chapters).toEqual([
      { timecode: 10, title: 'first' },
      { timecode: 3600, title: 'an hour in' },
    ]);

    // Chapters set by hand are no longer those of the description: a new description leaves them.
    await putChapters(uuid, [{ timecode: 5, title: 'by hand' }], alice.token);
    expect((await update('Other\n00:00 a\n00:02 b')).status).toBe(204);
    expect((await chaptersOf(uuid, alice.token)).data.chapters).toEqual([{ timecode: 5, title: 'by hand' }]);
  });
});
