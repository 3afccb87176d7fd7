/**
 * Captions as files and in HLS (issue 11, item 4): `/lazy-static/video-captions/`, the master
 * playlist's SUBTITLES group and its media playlists, the Video object's `subtitleLanguage`, remote
 * captions fetched from their origin, and the edge cache around all of them (ADR 0017).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { deleteCaption, putCaption, SRT, VTT } from './helpers/captions';
import { testDb } from './helpers/internal';
import { HLS_MASTER, seedLocalVideo, seedRemoteVideo, seedWithMedia } from './helpers/seed-videos';
import { startFakeRemote } from './helpers/fake-remote-instance';
import { newUploader, type Uploader } from './helpers/video-uploads';

const AP = 'application/activity+json';
let owner: Uploader;

beforeAll(async () => {
  owner = await newUploader();
}, 60_000);

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url.startsWith('http') ? url : instanceUrl(url), { headers });
  return { status: res.status, headers: res.headers, text: await res.text(), cache: res.headers.get('x-edge-cache') };
}

const captionsOf = async (uuid: string, token?: string) => (await api(`/api/v1/videos/${uuid}/captions`, { token })).data.data as any[];

describe('the HLS master playlist', () => {
  it('carries a SUBTITLES group, one media playlist per caption pointing at its WebVTT file, and follows changes at once', async () => {
    const v = await seedWithMedia(owner, schema.VIDEO_PRIVACY.PUBLIC);
    const masterUrl = instanceUrl(`/static/streaming-playlists/hls/${v.uuid}/master.m3u8`);
    const plain = await get(masterUrl);
    expect(plain.text).toBe(HLS_MASTER);
    expect((await get(masterUrl)).cache).toBe('HIT');

    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    expect((await putCaption(v.uuid, 'en', { content: SRT, type: 'text/plain', name: 'en.srt' }, owner.token)).status).toBe(204);
    const master = await get(masterUrl);
    expect(master.status).toBe(200);
    expect(master.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    expect(master.headers.get('access-control-allow-origin')).toBe('*');
    const media = master.text.split('\n').filter((l) => l.startsWith('#EXT-X-MEDIA:'));
    expect(media).toEqual([
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subtitles",NAME="English",LANGUAGE="en",DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,URI="captions-en.m3u8"',
      '#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subtitles",NAME="French",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=NO,FORCED=NO,URI="captions-fr.m3u8"',
    ]);
    expect(master.text).toContain('#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240,SUBTITLES="subtitles"\n240/index.m3u8');
    expect((await get(masterUrl)).cache).toBe('HIT');

    const frUrl = new URL('captions-fr.m3u8', masterUrl).href;
    const fr = await get(frUrl);
    expect(fr.status).toBe(200);
    expect(fr.headers.get('content-type')).toBe('application/vnd.apple.mpegurl');
    const captionPath = (await captionsOf(v.uuid)).find((c) => c.language.id === 'fr').captionPath;
    expect(fr.text).toBe(
      `#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:5\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:5.000,\n${captionPath}\n#EXT-X-ENDLIST\n`,
    );
    const segment = fr.text.split('\n').find((l) => l && !l.startsWith('#'))!;
    expect((await get(new URL(segment, frUrl).href)).text).toBe(VTT);
    expect((await get(new URL('captions-de.m3u8', masterUrl).href)).status).toBe(404);

    expect((await deleteCaption(v.uuid, 'en', owner.token)).status).toBe(204);
    const after = await get(masterUrl);
    expect(after.text).not.toContain('NAME="English"');
    expect(after.text).toContain('NAME="French"');
    expect((await get(new URL('captions-en.m3u8', masterUrl).href)).status).toBe(404);
  });

  it('of a private video carries the video file token into the subtitles playlists and their WebVTT file', async () => {
    const v = await seedWithMedia(owner, schema.VIDEO_PRIVACY.PRIVATE);
    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    const token = (await api(`/api/v1/videos/${v.uuid}/token`, { method: 'POST', token: owner.token })).data.files.token as string;
    const q = `videoFileToken=${encodeURIComponent(token)}`;
    const masterUrl = instanceUrl(`/static/streaming-playlists/hls/${v.uuid}/master.m3u8`);
    expect((await get(masterUrl)).status).toBe(403);
    const master = await get(`${masterUrl}?${q}&reinjectVideoFileToken=true`);
    expect(master.status).toBe(200);
    expect(master.headers.get('cache-control')).toBe('private, no-store');
    const uri = /TYPE=SUBTITLES.*URI="([^"]+)"/.exec(master.text)![1];
    expect(uri).toBe(`captions-fr.m3u8?${q}&reinjectVideoFileToken=true`);
    const playlist = await get(new URL(uri, masterUrl).href);
    expect(playlist.status).toBe(200);
    const vtt = playlist.text.split('\n').find((l) => l && !l.startsWith('#'))!;
    expect(vtt).toMatch(new RegExp(`^/lazy-static/video-captions/[0-9a-f-]{36}-fr\\.vtt\\?${q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    const file = await get(new URL(vtt, masterUrl).href);
    expect(file.status).toBe(200);
    expect(file.text).toBe(VTT);
    expect(file.cache).toBeNull();
    expect((await get(new URL(vtt.split('?')[0], masterUrl).href)).status).toBe(403);
  });
});

describe('caption files and the Video object', () => {
  it('are cached at the edge for a public video and change with the captions: the list, the file, the AP object', async () => {
    const v = await seedLocalVideo(owner, {}, 'captions-ap');
    const listPath = `/api/v1/videos/${v.uuid}/captions`;
    await get(listPath);
    expect((await get(listPath)).cache).toBe('HIT');
    const apObject = async () => JSON.parse((await get(`/videos/watch/${v.uuid}`, { accept: AP })).text);
    expect((await apObject()).subtitleLanguage).toEqual([]);

    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    expect(JSON.parse((await get(listPath)).text).total).toBe(1);
    const { captionPath } = (await captionsOf(v.uuid))[0];
    await get(captionPath);
    const file = await get(captionPath);
    expect(file.cache).toBe('HIT');
    expect(file.text).toBe(VTT);
    expect(file.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
    // PeerTube 6.3's VideoCaptionModel.toActivityPubObject.
    expect((await apObject()).subtitleLanguage).toEqual([{ identifier: 'fr', name: 'French', automaticallyGenerated: false, url: instanceUrl(captionPath) }]);

    expect((await deleteCaption(v.uuid, 'fr', owner.token)).status).toBe(204);
    expect((await apObject()).subtitleLanguage).toEqual([]);
    expect(JSON.parse((await get(listPath)).text).total).toBe(0);
    expect((await get(captionPath)).status).toBe(404);
  });

  it('of unlisted and private videos never enter the cache', async () => {
    for (const privacy of [schema.VIDEO_PRIVACY.UNLISTED, schema.VIDEO_PRIVACY.PRIVATE]) {
      const v = await seedLocalVideo(owner, { privacy }, 'captions-private');
      expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
      const { captionPath } = (await captionsOf(v.uuid, owner.token))[0];
      const headers: Record<string, string> = privacy === schema.VIDEO_PRIVACY.PRIVATE ? { authorization: `Bearer ${owner.token}` } : {};
      for (let i = 0; i < 2; i++) {
        const res = await get(captionPath, headers);
        expect(res.status).toBe(200);
        expect(res.cache).toBeNull();
        expect(res.headers.get('cache-control')).toBe('private, no-store');
      }
    }
  });

  it('of a remote video are fetched from its origin when asked for, through the federation fetch guards', async () => {
    const remote = await startFakeRemote();
    try {
      const person = await remote.addActor(`capowner${Date.now().toString(36)}`);
      const video = await seedRemoteVideo(remote, person);
      // The origin's file: a caption of a local video, so the instance fetches it over loopback.
      const local = await seedLocalVideo(owner, {}, 'captions-origin');
      expect((await putCaption(local.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
      const origin = instanceUrl((await captionsOf(local.uuid))[0].captionPath);
      const { db, close } = testDb();
      try {
        await db.insert(schema.videoCaptions).values([
          { videoId: video.id, language: 'fr', filename: `${crypto.randomUUID()}-fr.vtt`, fileUrl: origin },
          { videoId: video.id, language: 'de', filename: `${crypto.randomUUID()}-de.vtt`, fileUrl: 'ftp://127.0.0.1/de.vtt' },
        ]);
      } finally {
        close();
      }
      const captions = await captionsOf(video.uuid);
      expect(captions.map((c) => c.language.id)).toEqual(['de', 'fr']);
      const fr = await get(captions[1].captionPath);
      expect(fr.status).toBe(200);
      expect(fr.headers.get('content-type')).toBe('text/vtt; charset=utf-8');
      expect(fr.text).toBe(VTT);
      expect(fr.headers.get('cache-control')).toBe(`public, max-age=${3 * 3600}`);
      // A URL the egress guard refuses is never fetched.
      expect((await get(captions[0].captionPath)).status).toBe(502);
      const { db: db2, close: close2 } = testDb();
      try {
        // An unlisted remote video's caption: served, but for no one else to keep.
        await db2.update(schema.videos).set({ privacy: schema.VIDEO_PRIVACY.UNLISTED }).where(eq(schema.videos.id, video.id));
        const unlisted = await get(captions[1].captionPath);
        expect([unlisted.status, unlisted.text, unlisted.headers.get('cache-control')]).toEqual([200, VTT, 'private, no-store']);
        await db2.delete(schema.videos).where(eq(schema.videos.id, video.id));
      } finally {
        close2();
      }
    } finally {
      await remote.close();
    }
  });
});
