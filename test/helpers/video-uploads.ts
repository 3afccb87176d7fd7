import { createHash } from 'node:crypto';
import { api, login, uniqueName } from './api';
import { internalFetch } from './internal';

export const PASSWORD = 'videos-password';

/** A fresh registered user, logged in, with the id of their default channel. */
export async function newUploader() {
  const username = uniqueName('up');
  const reg = await api('/api/v1/users/register', { method: 'POST', json: { username, email: `${username}@example.com`, password: PASSWORD } });
  if (reg.status !== 204) throw new Error(`register: ${reg.status} ${JSON.stringify(reg.data)}`);
  const token = await login(username, PASSWORD);
  const me = await api('/api/v1/users/me', { token });
  return {
    username,
    token,
    userId: me.data.id as number,
    accountId: me.data.account.id as number,
    channelId: me.data.videoChannels[0].id as number,
    channelName: me.data.videoChannels[0].name as string,
  };
}
export type Uploader = Awaited<ReturnType<typeof newUploader>>;

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export { fakeVideoBytes } from './fake-media';

/** POST /videos/upload as peertube-cli does: fields first, then the file. */
export async function legacyUpload(
  token: string,
  fields: Record<string, string | string[]>,
  file: { bytes: Uint8Array; name: string; type: string } | null,
  extra?: (form: FormData) => void,
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (Array.isArray(v)) v.forEach((x) => form.append(`${k}[]`, x));
    else form.append(k, v);
  }
  extra?.(form);
  if (file) form.append('videofile', new Blob([file.bytes as Uint8Array<ArrayBuffer>], { type: file.type }), file.name);
  return api('/api/v1/videos/upload', { method: 'POST', token, body: form });
}

/** Reads an object back from R2 through the companion's signed endpoint. */
export async function readMedia(key: string) {
  const res = await internalFetch(`/internal/media/${key}`);
  return { status: res.status, bytes: new Uint8Array(await res.arrayBuffer()) };
}

export function resumableInit(token: string, body: Record<string, unknown>, size: number, type = 'video/mp4') {
  return api('/api/v1/videos/upload-resumable', {
    method: 'POST',
    token,
    json: body,
    headers: { 'x-upload-content-length': String(size), 'x-upload-content-type': type },
  });
}

export function putChunk(token: string, location: string, bytes: Uint8Array, start: number, total: number) {
  return api(location, {
    method: 'PUT',
    token,
    body: bytes as Uint8Array<ArrayBuffer>,
    headers: { 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`, 'content-type': 'application/octet-stream' },
  });
}

/** Polls until the video has MP4 files with torrents, as peertube-cli waits for. Bounded. */
export async function waitForTorrent(uuid: string, token: string, timeoutMs = 150_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await api(`/api/v1/videos/${uuid}`, { token });
    if (res.status === 200 && res.data.files?.[0]?.torrentUrl) return res.data;
    if (res.data?.state?.id === 7) throw new Error(`transcoding failed: ${JSON.stringify(res.data.state)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error('video not published in time');
}
