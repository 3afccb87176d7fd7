import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api } from './helpers/api';
import { generateClip } from './helpers/clips';
import { createTestVideo, testDb } from './helpers/internal';
import { legacyUpload, newUploader, waitForTorrent, type Uploader } from './helpers/video-uploads';

/**
 * GET /api/v1/videos/{id}/metadata/{videoFileId} end to end: a real upload, transcoded by the
 * real companion, whose ffprobe of each rendition the Worker stored and now serves.
 */

type VideoFileJson = { id: number; resolution: { id: number }; width: number; height: number; size: number; metadataUrl: string };

const { db, close } = testDb();
let dir: string;
let owner: Uploader;
let other: Uploader;
let upload: { uuid: string; shortUUID: string; id: number };
let waitingFiles: VideoFileJson[];
let details: any;

/** A metadataUrl is absolute (PUBLIC_URL); the suite's instance answers it as is. */
async function getJson(url: string, token?: string) {
  const res = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, type: res.headers.get('content-type'), data: (await res.json()) as any };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-file-metadata-'));
  [owner, other] = [await newUploader(), await newUploader()];
  const clip = await readFile(await generateClip(join(dir, 'clip.mp4'), { seconds: 6, width: 640, height: 360 }));
  // Private: the route must follow GET /videos/{id}'s visibility rules.
  const res = await legacyUpload(
    owner.token,
    { channelId: String(owner.channelId), name: 'file metadata clip', privacy: '3' },
    { bytes: clip, name: 'clip.mp4', type: 'video/mp4' },
  );
  expect(res.status).toBe(200);
  upload = res.data.video;
  waitingFiles = (await api(`/api/v1/videos/${upload.uuid}`, { token: owner.token })).data.files;
  details = await waitForTorrent(upload.uuid, owner.token);
});

afterAll(async () => {
  close();
  await rm(dir, { recursive: true, force: true });
});

describe('video file metadata', () => {
  it('answers 404 for the original listed while the renditions are made', async () => {
    expect(waitingFiles).toHaveLength(1);
    expect(waitingFiles[0].id).toBe(0);
    expect(waitingFiles[0].metadataUrl).toMatch(new RegExp(`/api/v1/videos/${upload.uuid}/metadata/0$`));
    const res = await getJson(waitingFiles[0].metadataUrl, owner.token);
    expect(res.status).toBe(404);
    expect(res.type).toMatch(/^application\/problem\+json/);
    expect(res.data).toMatchObject({ status: 404, detail: 'VideoFile matching Video not found' });
  });

  it('serves ffprobe of every rendition, web video and HLS alike', async () => {
    const files: VideoFileJson[] = [...details.files, ...details.streamingPlaylists[0].files];
    expect(details.files.map((f: VideoFileJson) => f.resolution.id)).toEqual([360, 240]);
    for (const f of files) {
      expect(f.metadataUrl).toMatch(new RegExp(`/api/v1/videos/${upload.uuid}/metadata/${f.id}$`));
      const res = await getJson(f.metadataUrl, owner.token);
      expect(res.status, f.metadataUrl).toBe(200);
      expect(Object.keys(res.data).sort()).toEqual(['chapters', 'format', 'streams']);
      const video = res.data.streams.find((s: any) => s.codec_type === 'video');
      const audio = res.data.streams.find((s: any) => s.codec_type === 'audio');
      expect(video).toMatchObject({ codec_name: 'h264', width: f.width, height: f.height });
      expect(f.height).toBe(f.resolution.id);
      expect(audio).toMatchObject({ codec_name: 'aac' });
      expect(res.data.format).toMatchObject({ filename: `${upload.uuid}-${f.resolution.id}.mp4`, nb_streams: 2, size: f.size });
      expect(res.data.format.duration).toBeCloseTo(6, 0);
      expect(res.data.chapters).toEqual([]);
      expect(JSON.stringify(res.data)).not.toMatch(/companion-tmp|\/tmp\//);
    }
  });

  it("follows the video's visibility, then answers by id, uuid or shortUUID once public", async () => {
    const url = details.files[0].metadataUrl as string;
    const path = new URL(url).pathname;
    for (const token of [undefined, other.token]) {
      const video = await api(`/api/v1/videos/${upload.uuid}`, { token });
      const metadata = await getJson(url, token);
      expect(metadata.status).toBe(video.status);
      expect(metadata.type).toMatch(/^application\/problem\+json/);
    }
    expect((await getJson(url)).status).toBe(401);
    expect((await getJson(url, other.token)).status).toBe(403);

    expect((await api(`/api/v1/videos/${upload.uuid}`, { method: 'PUT', token: owner.token, json: { privacy: 1 } })).status).toBe(204);
    for (const ref of [upload.uuid, upload.shortUUID, String(upload.id)]) {
      const res = await api(path.replace(upload.uuid, ref));
      expect(res.status, ref).toBe(200);
      expect(res.data.format.filename).toBe(`${upload.uuid}-${details.files[0].resolution.id}.mp4`);
    }
  });

  it('answers 404 problem+json for an unknown video, an unknown file and a file of another video, 400 for a bad id', async () => {
    const fileId = details.files[0].id;
    const another = await createTestVideo(db, 'another video, without files');
    const cases = [
      [`/api/v1/videos/6f1c2d3e-4b5a-4c6d-8e7f-0123456789ab/metadata/${fileId}`, 'Video not found'],
      [`/api/v1/videos/${upload.uuid}/metadata/999999999`, 'VideoFile matching Video not found'],
      [`/api/v1/videos/${another.uuid}/metadata/${fileId}`, 'VideoFile matching Video not found'],
    ] as const;
    for (const [path, detail] of cases) {
      const res = await api(path, { token: owner.token });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.data).toMatchObject({ status: 404, detail });
    }
    const bad = await api(`/api/v1/videos/${upload.uuid}/metadata/abc`);
    expect(bad.status).toBe(400);
    expect(bad.data['invalid-params']).toHaveProperty('videoFileId');
  });
});
