/**
 * Seeds a fresh instance for the read bench through its public API, as clients would:
 * a second user, tiny real clips uploaded and transcoded by the companion, comments.
 */
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { generateClip, generateImage } from '../../test/helpers/clips';
import { apiAt, loginAt, type ApiInit } from '../../test/helpers/http-client';

export interface Seeded {
  host: string;
  /** A published public video of root's, with comments, liked by root. */
  videoUuid: string;
  /** `videoUuid`'s numeric id. */
  videoId: number;
  /** A comment thread on `videoUuid`. */
  threadId: number;
  videoUuids: string[];
  rootToken: string;
  /** The second user's token: the "logged in" figures are theirs (not an admin). They subscribe to root_channel. */
  userToken: string;
  userName: string;
  userPassword: string;
  /** The second user's ids (user, account) and feed token: their subscriptions feed, their admin page. */
  userId: number;
  userAccountId: number;
  feedToken: string;
  /** The path of root_channel's avatar (/lazy-static/avatars/…). */
  avatarPath: string;
  /** A public playlist of root_channel's holding `videoUuid`. */
  playlistUuid: string;
}

/** A public playlist on the channel, holding the videos: the playlist page's seed. */
export async function seedPlaylist(base: string, token: string, channelId: number, videoUuids: string[]) {
  const created = await call(base, '/api/v1/video-playlists', {
    method: 'POST',
    token,
    json: { displayName: 'bench playlist', privacy: 1, videoChannelId: channelId },
  });
  for (const videoId of videoUuids)
    await call(base, `/api/v1/video-playlists/${created.videoPlaylist.id}/videos`, { method: 'POST', token, json: { videoId } });
  return created.videoPlaylist.uuid as string;
}

/** The user follows a local channel: their subscription lists have something to list. */
export async function subscribe(base: string, token: string, channelName: string) {
  await call(base, '/api/v1/users/me/subscriptions', { method: 'POST', token, json: { uri: `${channelName}@${new URL(base).host}` } });
}

/** A request that must succeed (2xx): its body, or an error naming the call. */
export async function call(base: string, path: string, init: ApiInit = {}) {
  const res = await apiAt(base, path, { ...init, signal: AbortSignal.timeout(60_000) });
  if (res.status < 200 || res.status > 299) {
    throw new Error(
      `${init.method ?? 'GET'} ${path}: ${res.status} ${(typeof res.data === 'string' ? res.data : JSON.stringify(res.data ?? '')).slice(0, 300)}`,
    );
  }
  return res.data;
}

export const login = loginAt;

export async function upload(base: string, token: string, channelId: number, name: string, clip: Uint8Array) {
  const form = new FormData();
  form.append('channelId', String(channelId));
  form.append('name', name);
  form.append('privacy', '1');
  form.append('description', `Seeded by the read bench: ${name}.`);
  form.append('tags[]', 'bench');
  form.append('videofile', new Blob([clip as Uint8Array<ArrayBuffer>], { type: 'video/mp4' }), `${name}.mp4`);
  const res = await call(base, '/api/v1/videos/upload', { method: 'POST', token, body: form });
  return res.video.uuid as string;
}

/** Bounded: every video published with its files, or an error naming the late ones. */
export async function waitPublished(base: string, token: string, uuids: string[], timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(uuids);
  while (pending.size && Date.now() < deadline) {
    for (const uuid of [...pending]) {
      const v = await call(base, `/api/v1/videos/${uuid}`, { token });
      if (v.state?.id === 7) throw new Error(`transcoding failed for ${uuid}`);
      // Files are listed once every rendition is stored: the companion is idle again.
      if (v.state?.id === 1 && v.files?.[0]?.torrentUrl) pending.delete(uuid);
    }
    if (pending.size) await new Promise((r) => setTimeout(r, 1000));
  }
  if (pending.size) throw new Error(`not published in time: ${[...pending].join(', ')}`);
}

export async function seedForReads(options: { url: string; rootPassword: string; videos: number; workDir: string }): Promise<Seeded> {
  const { url } = options;
  const rootToken = await login(url, 'root', options.rootPassword);
  const userName = 'bench_viewer';
  const password = 'bench-viewer-password';
  await call(url, '/api/v1/users/register', { method: 'POST', json: { username: userName, email: `${userName}@example.com`, password } });
  const userToken = await login(url, userName, password);

  // One tiny real clip, uploaded many times: each upload is its own transcode.
  const clipPath = await generateClip(join(options.workDir, 'clip.mp4'), { seconds: 2, width: 320, height: 180, fps: 15 });
  const clip = new Uint8Array(await readFile(clipPath));
  const me = await call(url, '/api/v1/users/me', { token: rootToken });
  const channelId = me.videoChannels[0].id as number;
  const videoUuids: string[] = [];
  for (let i = 0; i < options.videos; i++) videoUuids.push(await upload(url, rootToken, channelId, `bench video ${i + 1}`, clip));
  await waitPublished(url, rootToken, videoUuids, 60_000 + options.videos * 15_000);

  const videoUuid = videoUuids[0];
  const threadIds: number[] = [];
  for (let i = 0; i < 6; i++) {
    const thread = await call(url, `/api/v1/videos/${videoUuid}/comment-threads`, {
      method: 'POST',
      token: i % 2 ? rootToken : userToken,
      json: { text: `bench comment ${i + 1}` },
    });
    threadIds.push(thread.comment.id);
    await call(url, `/api/v1/videos/${videoUuid}/comments/${thread.comment.id}`, {
      method: 'POST',
      token: i % 2 ? userToken : rootToken,
      json: { text: `reply to ${i + 1}` },
    });
  }
  // Two captions, so the captions list has something to list.
  for (const language of ['en', 'fr']) {
    const form = new FormData();
    form.set('captionfile', new Blob([`WEBVTT\n\n00:00:00.000 --> 00:00:02.000\nbench ${language}\n`], { type: 'text/vtt' }), `${language}.vtt`);
    await call(url, `/api/v1/videos/${videoUuid}/captions/${language}`, { method: 'PUT', token: rootToken, body: form });
  }
  // An avatar on root's channel: the image read, and every channel summary carries it.
  const avatar = new FormData();
  const png = await generateImage(join(options.workDir, 'avatar.png'), { width: 120, height: 120 });
  avatar.set('avatarfile', new Blob([png as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'avatar.png');
  const picked = await call(url, '/api/v1/video-channels/root_channel/avatar/pick', { method: 'POST', token: rootToken, body: avatar });
  const avatarPath = picked.avatars[0].path as string;
  const playlistUuid = await seedPlaylist(url, rootToken, channelId, videoUuids.slice(0, 3));
  await subscribe(url, userToken, 'root_channel');
  await call(url, `/api/v1/videos/${videoUuid}/rate`, { method: 'PUT', token: rootToken, json: { rating: 'like' } });
  const videoId = (await call(url, `/api/v1/videos/${videoUuid}`)).id as number;
  const viewer = await call(url, '/api/v1/users/me', { token: userToken });
  const [userId, userAccountId] = [viewer.id as number, viewer.account.id as number];
  const { feedToken } = await call(url, '/api/v1/users/scoped-tokens', { token: userToken });
  return {
    host: new URL(url).host,
    videoUuid,
    videoId,
    threadId: threadIds[0],
    videoUuids,
    rootToken,
    userToken,
    userName,
    userPassword: password,
    userId,
    userAccountId,
    feedToken,
    avatarPath,
    playlistUuid,
  };
}
