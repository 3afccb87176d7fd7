import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { uuidToShort } from '../worker/services/short-uuid';
import { api, instanceUrl } from './helpers/api';
import { createTestVideo, testDb } from './helpers/internal';
import { seedRemoteVideo } from './helpers/seed-videos';
import { startFakeRemote } from './helpers/fake-remote-instance';
import { shapeDiff } from './helpers/shape';
import { isVideoChaptersObjectValid } from './helpers/peertube-validators';

const AP = { accept: 'application/activity+json' };
let video: schema.Video;
let privateVideo: schema.Video;
const { db, close } = testDb();

/** A published public video of root with one rendition, as the transcode pipeline records it (no media bytes needed here). */
beforeAll(async () => {
  video = await createTestVideo(db, 'federated video');
  const prefix = `videos/${video.uuid}`;
  await db.insert(schema.videoFiles).values({
    videoId: video.id,
    resolution: 240,
    width: 426,
    height: 240,
    fps: 25,
    size: 123456,
    segments: [
      { key: `${prefix}/hls/240/init.mp4`, size: 1000, duration: 0 },
      { key: `${prefix}/hls/240/seg-00000.m4s`, size: 122456, duration: 4 },
    ],
    infoHash: 'b'.repeat(40),
    torrentKey: `${prefix}/torrents/${video.uuid}-240.torrent`,
  });
  await db
    .insert(schema.videoStreamingPlaylists)
    .values({ videoId: video.id, playlistUrl: `${prefix}/hls/master.m3u8`, segmentsSha256Url: `${prefix}/segments-sha256.json`, complete: true });
  await db.insert(schema.videoTags).values([
    { videoId: video.id, name: 'fediverse' },
    { videoId: video.id, name: 'test' },
  ]);
  await db
    .update(schema.videos)
    .set({ state: 1, duration: 4, aspectRatio: 1.7778, description: 'A **markdown** description', category: 15, licence: 1, language: 'en' })
    .where(eq(schema.videos.id, video.id));
  privateVideo = await createTestVideo(db, 'private video');
  await db.update(schema.videos).set({ state: 1, privacy: 3 }).where(eq(schema.videos.id, privateVideo.id));
});

afterAll(async () => {
  await db.delete(schema.videos).where(eq(schema.videos.id, video.id));
  await db.delete(schema.videos).where(eq(schema.videos.id, privateVideo.id));
  close();
});

describe('a Video by content negotiation', () => {
  it('has the shape of PeerTube 6.3 (storyboards aside)', async () => {
    expect(await shapeDiff('ap-video.json', `ap:${instanceUrl(`/videos/watch/${video.uuid}`)}`, ['.preview'])).toBe('');
  });

  it("carries PeerTube's fields, audience and attribution", async () => {
    const res = await api(`/videos/watch/${video.uuid}`, { headers: AP });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/activity+json; charset=utf-8');
    expect(res.data).toMatchObject({
      type: 'Video',
      id: video.url,
      uuid: video.uuid,
      name: 'federated video',
      duration: 'PT4S',
      category: { identifier: '15', name: expect.any(String) },
      licence: { identifier: '1', name: expect.any(String) },
      language: { identifier: 'en', name: 'English' },
      mediaType: 'text/markdown',
      content: 'A **markdown** description',
      state: 1,
      tag: [
        { type: 'Hashtag', name: 'fediverse' },
        { type: 'Hashtag', name: 'test' },
      ],
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [instanceUrl('/accounts/root/followers')],
      attributedTo: [
        { type: 'Person', id: instanceUrl('/accounts/root') },
        { type: 'Group', id: expect.stringContaining('/video-channels/') },
      ],
      likes: `${video.url}/likes`,
      comments: `${video.url}/comments`,
    });
  });

  it("lists url[] in PeerTube's order: page, MP4 with torrent and magnet, HLS, trackers", async () => {
    const { data } = await api(`/videos/watch/${video.uuid}`, { headers: AP });
    const types = data.url.map((u: { mediaType?: string; rel?: string[] }) => u.mediaType ?? u.rel?.join(' '));
    expect(types).toEqual([
      'text/html',
      'video/mp4',
      'application/json',
      'application/x-bittorrent',
      'application/x-bittorrent;x-scheme-handler/magnet',
      'application/x-mpegURL',
      'tracker http',
      'tracker websocket',
    ]);
    expect(data.url[0].href).toBe(video.url);
    expect(data.url[1]).toMatchObject({ href: instanceUrl(`/static/web-videos/${video.uuid}-240.mp4`), height: 240, width: 426, size: 123456, fps: 25 });
    const hls = data.url[5];
    expect(hls.href).toBe(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`));
    expect(hls.tag).toContainEqual({ type: 'Infohash', name: 'b'.repeat(40) });
    expect(hls.tag).toContainEqual(
      expect.objectContaining({ name: 'sha256', href: instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/segments-sha256.json`) }),
    );
  });

  it('is served on /w/<shortUUID> with the same id, and as HTML to browsers', async () => {
    const short = await api(`/w/${uuidToShort(video.uuid)}`, { headers: AP });
    expect(short.status).toBe(200);
    expect(short.data.id).toBe(video.url);
    const page = await api(`/videos/watch/${video.uuid}`, { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('is not served when private or unknown', async () => {
    expect((await api(`/videos/watch/${privateVideo.uuid}`, { headers: AP })).status).toBe(404);
    expect((await api(`/videos/watch/${crypto.randomUUID()}`, { headers: AP })).status).toBe(404);
    expect((await api(`/videos/watch/${privateVideo.uuid}/likes`, { headers: AP })).status).toBe(404);
  });

  it("sends a remote video's object, chapters and collections to its origin (302), as PeerTube's redirectIfNotOwned", async () => {
    const remote = await startFakeRemote();
    try {
      const remoteVideo = await seedRemoteVideo(remote, await remote.addActor(`fedowner${Date.now().toString(36)}`));
      // The Create goes to the video itself, as PeerTube's redirectIfNotOwned sends it.
      for (const [tail, to] of [
        ['', ''],
        ['/activity', ''],
        ['/chapters', '/chapters'],
        ['/likes', '/likes'],
        ['/comments', '/comments'],
      ]) {
        const res = await fetch(instanceUrl(`/videos/watch/${remoteVideo.uuid}${tail}`), { headers: AP, redirect: 'manual' });
        expect([res.status, res.headers.get('location')], tail).toEqual([302, `${remoteVideo.url}${to}`]);
      }
    } finally {
      await remote.close();
    }
  });

  it('links to collections that answer', async () => {
    for (const name of ['likes', 'dislikes', 'announces', 'comments']) {
      const res = await api(`/videos/watch/${video.uuid}/${name}`, { headers: AP });
      expect(res.status).toBe(200);
      expect(res.data).toMatchObject({ id: `${video.url}/${name}`, type: 'OrderedCollection', totalItems: 0 });
    }
  });

  it("serves its chapters (hasParts) in PeerTube's shape, which PeerTube's validator takes", async () => {
    const object = await api(`/videos/watch/${video.uuid}`, { headers: AP });
    const res = await api(new URL(object.data.hasParts).pathname, { headers: AP });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/activity\+json/);
    expect(res.data).toMatchObject({ id: `${video.url}/chapters`, hasPart: [] });
    expect(isVideoChaptersObjectValid(res.data)).toBe(true);
  });

  it("appears in the account's outbox as a Create, and in the channel's as an Announce", async () => {
    const outbox = await api('/accounts/root/outbox?page=1', { headers: AP });
    expect(outbox.data.orderedItems).toContainEqual(expect.objectContaining({ type: 'Create', actor: instanceUrl('/accounts/root'), object: video.url }));
    const channelUrl = (await api(`/videos/watch/${video.uuid}`, { headers: AP })).data.attributedTo[1].id as string;
    const channelOutbox = await api(`${new URL(channelUrl).pathname}/outbox?page=1`, { headers: AP });
    expect(channelOutbox.data.orderedItems).toContainEqual(expect.objectContaining({ type: 'Announce', actor: channelUrl, object: video.url }));
  });
});
