import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, loginAsRoot } from './api';
import { generateClip } from './clips';
import { waitForTorrent } from './video-uploads';

/** Uploads a clip generated now (real ffmpeg) as root, and waits until the companion has published it. */
export async function publishGeneratedClip(name: string, clip: { seconds?: number; width?: number; height?: number } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'edgetube-clip-'));
  try {
    const token = await loginAsRoot();
    const me = await api('/api/v1/users/me', { token });
    const path = await generateClip(join(dir, 'clip.mp4'), { seconds: 6, ...clip });
    const form = new FormData();
    form.set('channelId', String(me.data.videoChannels[0].id));
    form.set('name', name);
    form.set('privacy', '1');
    form.set('videofile', new Blob([await readFile(path)], { type: 'video/mp4' }), 'clip.mp4');
    const upload = await api('/api/v1/videos/upload', { method: 'POST', token, body: form });
    if (upload.status !== 200) throw new Error(`upload failed: ${upload.status} ${JSON.stringify(upload.data)}`);
    return { token, video: await waitForTorrent(upload.data.video.uuid, token) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
