/**
 * A caption added on one instance reaches another (issue 11, "Tests"): A sends an Update of the
 * video, B lists the caption and serves its WebVTT file, fetched from A when first asked for; the
 * master playlist B's players load (A's) carries it as a subtitles track. Removing it on A removes
 * it on B. Chapters too, as PeerTube 6.3 fetches them (server/core/lib/activitypub/videos/shared/
 * abstract-builder.ts, updateChaptersOutsideTransaction): B reads A's `hasParts` when the video
 * arrives and again on each Update A sends when they change. A is the suite's instance, B is
 * started by test/helpers/federated-pair.ts (once for both: they share it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import type { Instance } from '../scripts/instance';
import { api } from './helpers/api';
import { deleteCaption, putCaption, VTT } from './helpers/captions';
import { apiB, bFollowsA, POLL, sweep, useFederatedPair } from './helpers/federated-pair';
import { seedWithMedia } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

describe('captions and chapters across instances', () => {
  const pair = useFederatedPair();
  const { aUrl } = pair;
  let b: Instance;
  let tokenB: string;
  let owner: Uploader;

  beforeAll(async () => {
    ({ b, tokenB } = pair);
    owner = await newUploader();
    // B follows A: A's Updates of its videos reach B.
    await bFollowsA(pair);
  });

  const captionsOnB = async (uuid: string) => (await apiB(b, `/api/v1/videos/${uuid}/captions`)).data;

  it('a caption added on A is listed on B, its file is served by B from A, and its removal follows', async () => {
    const video = await seedWithMedia(owner, schema.VIDEO_PRIVACY.PUBLIC);
    const url = `${aUrl}/videos/watch/${video.uuid}`;
    const found = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`, { token: tokenB });
    expect(found.data.total).toBe(1);
    expect(await captionsOnB(video.uuid)).toEqual({ total: 0, data: [] });

    expect((await putCaption(video.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await captionsOnB(video.uuid)).data.map((c: any) => c.language.id);
      }, POLL)
      .toEqual(['fr']);
    const [caption] = (await captionsOnB(video.uuid)).data;
    expect(caption).toMatchObject({ language: { id: 'fr', label: 'French' }, automaticallyGenerated: false });
    // B's own path, not A's: B serves the file, fetching it from A.
    const onA = (await api(`/api/v1/videos/${video.uuid}/captions`)).data.data[0];
    expect(caption.captionPath).toMatch(/^\/lazy-static\/video-captions\/[0-9a-f-]{36}-fr\.vtt$/);
    expect(caption.captionPath).not.toBe(onA.captionPath);
    const file = await fetch(`${b.url}${caption.captionPath}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    expect(await file.text()).toBe(VTT);

    // What B's players load: the origin's master playlist, with the caption as a subtitles track.
    const details = await apiB(b, `/api/v1/videos/${video.uuid}`);
    const master = await fetch(details.data.streamingPlaylists[0].playlistUrl).then((r) => r.text());
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subtitles",NAME="French",LANGUAGE="fr"');

    expect((await deleteCaption(video.uuid, 'fr', owner.token)).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return (await captionsOnB(video.uuid)).total;
      }, POLL)
      .toBe(0);
    expect((await fetch(`${b.url}${caption.captionPath}`)).status).toBe(404);
  });

  const putChapters = (uuid: string, chapters: unknown) => api(`/api/v1/videos/${uuid}/chapters`, { method: 'PUT', token: owner.token, json: { chapters } });
  const chaptersOnB = async (uuid: string) => (await apiB(b, `/api/v1/videos/${uuid}/chapters`)).data.chapters;

  it('B stores the chapters of a video it indexes, and follows their changes', async () => {
    const video = await seedWithMedia(owner, schema.VIDEO_PRIVACY.PUBLIC);
    const first = [
      { timecode: 0, title: 'Intro' },
      { timecode: 3, title: 'Main' },
    ];
    expect((await putChapters(video.uuid, first)).status).toBe(204);
    await sweep(aUrl, b.url);

    // Indexed on B through a search by URL: the chapters come with it.
    const url = `${aUrl}/videos/watch/${video.uuid}`;
    // Polled: B's fetch of A's objects can fail on a loaded box (a timeout answers an error here); the
    // status and body are in the failure message.
    await expect
      .poll(async () => {
        const found = await apiB(b, `/api/v1/search/videos?search=${encodeURIComponent(url)}`, { token: tokenB });
        return found.data?.total === 1 ? 1 : `${found.status} ${JSON.stringify(found.data).slice(0, 300)}`;
      }, POLL)
      .toBe(1);
    await expect.poll(() => chaptersOnB(video.uuid), POLL).toEqual(first);

    const second = [{ timecode: 1, title: 'Only one now' }];
    expect((await putChapters(video.uuid, second)).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(aUrl, b.url);
        return chaptersOnB(video.uuid);
      }, POLL)
      .toEqual(second);
  });
});
