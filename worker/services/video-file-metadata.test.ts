import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { jobs, videoFiles, videos } from '../db/schema';
import type { Db } from '../db/client';
import { getConfig } from '../config';
import type { Env } from '../env';
import type { ApiError } from '../errors';
import { doneReportSchema, type DoneReport, type RenditionReport, type VideoFileMetadata } from '../jobs/companion-protocol';
import type { JobMessage } from '../jobs/contract';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { recordTranscodeResult } from './transcoding';
import { createUser } from './users';
import { getVideoFileMetadata } from './video-file-metadata';

let temp: TempDb;
let db: Db;
let channelId: number;

beforeAll(async () => {
  temp = await openTempDb('file-metadata');
  db = temp.db;
  const config = getConfig({ LIBSQL_URL: temp.url, PUBLIC_URL: 'https://meta.test', KEY_ENCRYPTION_SECRET: 'unit-test-key-encryption-secret' } as Env);
  ({ channelId } = await createUser(db, config, {
    username: 'meta',
    email: 'meta@example.com',
    password: 'secret-password',
    role: 2,
    videoQuota: -1,
    videoQuotaDaily: -1,
  }));
});
afterAll(async () => {
  await temp?.close();
});

const metadataOf = (height: number): VideoFileMetadata => ({
  streams: [
    { index: 0, codec_type: 'video', codec_name: 'h264', width: Math.round((height * 16) / 9), height },
    { index: 1, codec_type: 'audio', codec_name: 'aac' },
  ],
  format: { filename: `x-${height}.mp4`, duration: 6.02, size: 1000 },
  chapters: [],
});

function rendition(resolution: number, metadata?: VideoFileMetadata): RenditionReport {
  const prefix = `videos/x/hls/${resolution}`;
  return {
    resolution,
    width: Math.round((resolution * 16) / 9),
    height: resolution,
    fps: 30,
    bitrate: 100_000,
    playlistKey: `${prefix}.m3u8`,
    segments: [
      { key: `${prefix}/init.mp4`, size: 100, duration: 0 },
      { key: `${prefix}/seg-00001.m4s`, size: 900, duration: 6 },
    ],
    size: 1000,
    infoHash: 'a'.repeat(40),
    torrentKey: `videos/x/torrents/x-${resolution}.torrent`,
    metadata,
  };
}

async function transcodedVideo(renditions: RenditionReport[]) {
  const uuid = crypto.randomUUID();
  const [video] = await db
    .insert(videos)
    .values({ uuid, name: 'v', channelId, url: `https://meta.test/videos/watch/${uuid}` })
    .returning();
  const report: DoneReport = {
    attempt: 1,
    durationSeconds: 6,
    aspectRatio: 1.7778,
    masterKey: 'videos/x/hls/master.m3u8',
    segmentsSha256Key: 'videos/x/hls/segments-sha256.json',
    renditions,
  };
  const sent: JobMessage[] = [];
  const queue = { send: async (m: JobMessage) => void sent.push(m), sendBatch: async () => undefined };
  expect(await recordTranscodeResult(db, queue, video.id, doneReportSchema.parse(report))).toBe(true);
  // The announcement is recorded with the result, and its consumer woken.
  const [event] = await db
    .select()
    .from(jobs)
    .where(eq(jobs.dedupeKey, `activitypub-video:create:${video.id}`));
  expect(event).toMatchObject({ type: 'activitypub-video', payload: { action: 'create', videoId: video.id } });
  expect(sent).toEqual([{ v: 1, type: 'job', jobId: event.id }]);
  const files = await db.select().from(videoFiles).where(eq(videoFiles.videoId, video.id));
  const byResolution = (r: number) => files.find((f) => f.resolution === r)!.id;
  return { videoId: video.id, byResolution };
}

const status = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (e: ApiError) => e.status,
  );

describe('video file metadata', () => {
  it("stores each rendition's metadata from the done report and answers it for that video only", async () => {
    const a = await transcodedVideo([rendition(360, metadataOf(360)), rendition(240)]);
    const b = await transcodedVideo([rendition(360, metadataOf(360))]);
    expect(await getVideoFileMetadata(db, a.videoId, a.byResolution(360))).toEqual(metadataOf(360));
    // Reported without metadata: stored as null, and unknown to the route.
    const [bare] = await db
      .select()
      .from(videoFiles)
      .where(eq(videoFiles.id, a.byResolution(240)));
    expect(bare.metadata).toBeNull();
    expect(await status(getVideoFileMetadata(db, a.videoId, a.byResolution(240)))).toBe(404);
    // A file of another video, the original's placeholder id and an id of nothing.
    expect(await status(getVideoFileMetadata(db, a.videoId, b.byResolution(360)))).toBe(404);
    expect(await status(getVideoFileMetadata(db, a.videoId, 0))).toBe(404);
    expect(await status(getVideoFileMetadata(db, a.videoId, 999_999))).toBe(404);
  });

  it('bounds the metadata a done report may carry', () => {
    const huge = { ...metadataOf(360), format: { filename: 'x.mp4', tags: { comment: 'x'.repeat(64 * 1024) } } };
    const report = { attempt: 1, durationSeconds: 6, aspectRatio: null, masterKey: 'm', segmentsSha256Key: 's', renditions: [rendition(360, huge)] };
    const parsed = doneReportSchema.safeParse(report);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['renditions', 0, 'metadata'], message: 'larger than 65536 bytes' });
    expect(doneReportSchema.safeParse({ ...report, renditions: [rendition(360, { ...huge, format: { filename: 'x.mp4' } })] }).success).toBe(true);
    expect(doneReportSchema.safeParse({ ...report, renditions: [rendition(360, { streams: 'no', format: {}, chapters: [] } as never)] }).success).toBe(false);
  });
});
