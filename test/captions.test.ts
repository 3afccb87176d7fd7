/**
 * Captions through the API (issue 11, item 4), as PeerTube 6.3 answers them
 * (server/core/controllers/api/videos/captions.ts and its validators; packages/tests/src/api/check-params/video-captions.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api, instanceUrl, loginAsRoot, newModerator } from './helpers/api';
import { deleteCaption, putCaption, SRT, VTT } from './helpers/captions';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

let owner: Uploader;
let other: Uploader;
let admin: string;
let moderator: string;

beforeAll(async () => {
  [owner, other, admin] = await Promise.all([newUploader(), newUploader(), loginAsRoot()]);
  moderator = await newModerator(admin, 'capmod');
}, 60_000);

const video = (privacy: number = schema.VIDEO_PRIVACY.PUBLIC) => seedLocalVideo(owner, { privacy }, 'captions');
const list = (uuid: string, token?: string) => api(`/api/v1/videos/${uuid}/captions`, { token });
const fileText = async (path: string, token?: string) => {
  const res = await fetch(instanceUrl(path), { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), cors: res.headers.get('access-control-allow-origin'), text: await res.text() };
};

describe('GET /videos/{id}/captions', () => {
  it("lists a video's captions by language in PeerTube's shape, each file served at its captionPath", async () => {
    const v = await video();
    expect((await list(v.uuid)).data).toEqual({ total: 0, data: [] });
    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    expect((await putCaption(v.uuid, 'en', { content: SRT, type: 'application/x-subrip', name: 'en.srt' }, owner.token)).status).toBe(204);

    const res = await list(v.uuid);
    expect(res.status).toBe(200);
    expect(res.data.total).toBe(2);
    expect(res.data.data.map((c: any) => c.language)).toEqual([
      { id: 'en', label: 'English' },
      { id: 'fr', label: 'French' },
    ]);
    for (const caption of res.data.data) {
      expect(Object.keys(caption).sort()).toEqual(['automaticallyGenerated', 'captionPath', 'language', 'updatedAt']);
      expect(caption.automaticallyGenerated).toBe(false);
      expect(caption.captionPath).toMatch(new RegExp(`^/lazy-static/video-captions/[0-9a-f-]{36}-${caption.language.id}\\.vtt$`));
      expect(Number.isNaN(Date.parse(caption.updatedAt))).toBe(false);
    }
    const fr = await fileText(res.data.data[1].captionPath);
    expect(fr).toMatchObject({ status: 200, type: 'text/vtt; charset=utf-8', cors: '*', text: VTT });
    // SubRip is converted to WebVTT, as PeerTube's convertSrtToVtt does.
    const en = await fileText(res.data.data[0].captionPath);
    expect(en.text).toBe('WEBVTT\n\n1\n00:00:00.500 --> 00:00:03.000\nHello\n\n2\n00:00:03.000 --> 00:00:05.000\nGoodbye\n');
  });

  it('answers 400 for a malformed id and 404 for an unknown video', async () => {
    expect((await list('4da6fde3-88f7-4d16-b119-108df563d0b06')).status).toBe(400);
    expect((await list('4da6fde3-88f7-4d16-b119-108df5630b06')).status).toBe(404);
  });

  it('follows the video: a private one is 401 anonymous, 403 for another user, 200 for its owner and a moderator', async () => {
    const v = await video(schema.VIDEO_PRIVACY.PRIVATE);
    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    expect((await list(v.uuid)).status).toBe(401);
    expect((await list(v.uuid, other.token)).status).toBe(403);
    expect((await list(v.uuid, owner.token)).data.total).toBe(1);
    expect((await list(v.uuid, moderator)).data.total).toBe(1);
    const path = (await list(v.uuid, owner.token)).data.data[0].captionPath;
    expect((await fileText(path)).status).toBe(403);
    expect(await fileText(path, owner.token)).toMatchObject({ status: 200, text: VTT });

    const unlisted = await video(schema.VIDEO_PRIVACY.UNLISTED);
    expect((await list(unlisted.uuid)).status).toBe(200);
  });
});

describe('PUT /videos/{id}/captions/{language}', () => {
  it('replaces the caption of a language with a new file under a new name; the old one is gone', async () => {
    const v = await video();
    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    const first = (await list(v.uuid)).data.data[0].captionPath;
    const replacement = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nEncore\n';
    expect((await putCaption(v.uuid, 'fr', { content: replacement, type: 'application/octet-stream' }, owner.token)).status).toBe(204);
    const after = await list(v.uuid);
    expect(after.data.total).toBe(1);
    expect(after.data.data[0].captionPath).not.toBe(first);
    expect((await fileText(after.data.data[0].captionPath)).text).toBe(replacement);
    expect((await fileText(first)).status).toBe(404);
  });

  it("refuses a language outside PeerTube's list, a file that is no subtitle, one too large, and none", async () => {
    const v = await video();
    for (const language of ['15', 'xx', 'constructor']) {
      const res = await putCaption(v.uuid, language, { content: VTT }, owner.token);
      expect(res.status, language).toBe(400);
      expect(res.data['invalid-params'].captionLanguage).toMatchObject({ location: 'params', value: language });
    }
    const refusals = [
      { content: 'these words are no subtitles\n', type: 'text/plain', name: 'notes.txt' },
      { content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), type: 'image/png', name: 'x.png' },
      { content: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), type: 'application/octet-stream', name: 'x.vtt' },
      { content: `${VTT}${'x'.repeat(20 * 1024 * 1024)}`, type: 'text/vtt', name: 'huge.vtt' },
    ];
    for (const file of refusals) {
      const res = await putCaption(v.uuid, 'fr', file, owner.token);
      expect(res.status, file.name).toBe(400);
      expect(res.data['invalid-params'].captionfile.location, file.name).toBe('body');
    }
    const none = await api(`/api/v1/videos/${v.uuid}/captions/fr`, { method: 'PUT', token: owner.token, body: new FormData() });
    expect(none.status).toBe(400);
    expect(none.data['invalid-params'].captionfile).toBeDefined();
    expect((await list(v.uuid)).data.total).toBe(0);

    expect((await putCaption('4da6fde3-88f7-4d16-b119-108df563d0b06', 'fr', { content: VTT }, owner.token)).status).toBe(400);
    expect((await putCaption('4da6fde3-88f7-4d16-b119-108df5630b06', 'fr', { content: VTT }, owner.token)).status).toBe(404);
  });
});

describe('DELETE /videos/{id}/captions/{language}', () => {
  it('removes a caption and its file; an unknown caption is 404, a bad language 400', async () => {
    const v = await video();
    expect((await putCaption(v.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    const path = (await list(v.uuid)).data.data[0].captionPath;
    expect((await deleteCaption(v.uuid, 'fr', owner.token)).status).toBe(204);
    expect((await list(v.uuid)).data.total).toBe(0);
    expect((await fileText(path)).status).toBe(404);
    expect((await deleteCaption(v.uuid, 'fr', owner.token)).status).toBe(404);
    const bad = await deleteCaption(v.uuid, '16', owner.token);
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params'].captionLanguage.msg).toBe('Should have a valid caption language');
    expect((await deleteCaption('4da6fde3-88f7-4d16-b119-108df5630b06', 'fr', owner.token)).status).toBe(404);
  });
});

describe('who may add and delete captions', () => {
  type Who = 'anonymous' | 'other' | 'owner' | 'moderator' | 'admin';
  const EXPECTED: Record<Who, number> = { anonymous: 401, other: 403, owner: 204, moderator: 204, admin: 204 };
  const tokenOf = (who: Who) => ({ anonymous: undefined, other: other.token, owner: owner.token, moderator, admin })[who];

  it("follows PeerTube's UPDATE_ANY_VIDEO: the owner, moderators and admins; anonymous 401, another user 403", async () => {
    for (const who of Object.keys(EXPECTED) as Who[]) {
      const v = await video();
      expect((await putCaption(v.uuid, 'de', { content: VTT }, tokenOf(who))).status, `PUT as ${who}`).toBe(EXPECTED[who]);
      expect((await list(v.uuid)).data.total, `PUT as ${who}`).toBe(EXPECTED[who] === 204 ? 1 : 0);

      const w = await video();
      expect((await putCaption(w.uuid, 'de', { content: VTT }, owner.token)).status).toBe(204);
      expect((await deleteCaption(w.uuid, 'de', tokenOf(who))).status, `DELETE as ${who}`).toBe(EXPECTED[who]);
      expect((await list(w.uuid)).data.total, `DELETE as ${who}`).toBe(EXPECTED[who] === 204 ? 0 : 1);
    }
    const bad = await putCaption((await video()).uuid, 'fr', { content: VTT }, 'not-a-token');
    expect(bad.status).toBe(401);
  });

  it("asks whether the video exists, then whether the user may manage it, as PeerTube's validator: not whether they may see it", async () => {
    const hidden = await video(schema.VIDEO_PRIVACY.PRIVATE);
    const put = await putCaption(hidden.uuid, 'de', { content: VTT }, other.token);
    expect([put.status, put.data.detail]).toEqual([403, 'Cannot manage a video of another user.']);
    expect((await putCaption(hidden.uuid, 'de', { content: VTT }, owner.token)).status).toBe(204);
    const del = await deleteCaption(hidden.uuid, 'de', other.token);
    expect([del.status, del.data.detail]).toEqual([403, 'Cannot manage a video of another user.']);
  });
});
