import { createRequire } from 'node:module';
import { randomBytes, randomUUID } from 'node:crypto';
import * as schema from '../../worker/db/schema';
import { instanceUrl } from './api';
import { putMedia, testDb } from './internal';
import type { Uploader } from './video-uploads';
import type { FakeActor, FakeRemote, Received } from './fake-remote-instance';

type Oracle = {
  parseRequest(req: Received['req'], opts?: { headers?: string[]; clockSkew?: number }): { params: { keyId: string; headers: string[] } };
  verifySignature(parsed: unknown, publicKeyPem: string): boolean;
};
/** PeerTube's own HTTP-signature verifier, as a test oracle (dev dependency, CommonJS). */
export const signatureOracle = createRequire(import.meta.url)('@peertube/http-signature') as Oracle;

/** A published local video of `owner`, inserted as the transcoder leaves it. */
export async function seedLocalVideo(owner: Uploader, values: Partial<schema.NewVideo> = {}, namePrefix = 'seeded') {
  const { db, close } = testDb();
  try {
    const uuid = randomUUID();
    const [v] = await db
      .insert(schema.videos)
      .values({
        uuid,
        name: `${namePrefix} ${uuid.slice(0, 8)}`,
        channelId: owner.channelId,
        state: 1,
        privacy: 1,
        url: instanceUrl(`/videos/watch/${uuid}`),
        ...values,
      })
      .returning();
    return v;
  } finally {
    close();
  }
}

/** A video whose origin is the fake remote instance, owned by `owner` there, with its account and channel actors. */
export async function seedRemoteVideo(remote: FakeRemote, owner: FakeActor) {
  const { db, close } = testDb();
  try {
    const host = new URL(remote.origin).host;
    const now = new Date();
    const [person] = await db
      .insert(schema.actors)
      .values({
        type: 'Person',
        preferredUsername: owner.name,
        host,
        url: owner.url,
        inboxUrl: owner.inbox,
        sharedInboxUrl: `${remote.origin}/inbox`,
        followersUrl: `${owner.url}/followers`,
        publicKeyPem: owner.publicKeyPem,
        fetchedAt: now,
      })
      .returning();
    const [account] = await db.insert(schema.accounts).values({ actorId: person.id, name: owner.name, displayName: owner.name }).returning();
    const chanName = `${owner.name}_channel`;
    const [group] = await db
      .insert(schema.actors)
      .values({
        type: 'Group',
        preferredUsername: chanName,
        host,
        url: `${remote.origin}/video-channels/${chanName}`,
        inboxUrl: `${remote.origin}/video-channels/${chanName}/inbox`,
        sharedInboxUrl: `${remote.origin}/inbox`,
        fetchedAt: now,
      })
      .returning();
    const [channel] = await db
      .insert(schema.videoChannels)
      .values({ actorId: group.id, accountId: account.id, name: chanName, displayName: chanName })
      .returning();
    const uuid = randomUUID();
    const [v] = await db
      .insert(schema.videos)
      .values({
        // Just fetched: an outdated copy would be refetched (ADR 0015) from a remote that does not serve it, and deleted.
        uuid,
        name: 'remote video',
        channelId: channel.id,
        state: 1,
        privacy: 1,
        isLocal: false,
        url: `${remote.origin}/videos/watch/${uuid}`,
        fetchedAt: now,
      })
      .returning();
    return v;
  } finally {
    close();
  }
}

export type SeededWithMedia = { id: number; uuid: string; segments: Buffer[] };

export const HLS_MASTER = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=320x240\n240/index.m3u8\n';
const HLS_MEDIA =
  '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:1.000,\nseg-00000.m4s\n#EXTINF:4.000,\nseg-00001.m4s\n#EXT-X-ENDLIST\n';
export const HLS_SEGMENT_NAMES = ['init.mp4', 'seg-00000.m4s', 'seg-00001.m4s'];

/** A video of `owner` with an HLS rendition, its MP4 and torrent in R2, as the companion leaves them. */
export async function seedWithMedia(owner: Uploader, privacy: number): Promise<SeededWithMedia> {
  const v = await seedLocalVideo(owner, { privacy, duration: 5 }, 'token');
  const prefix = `videos/${v.uuid}`;
  const segments = HLS_SEGMENT_NAMES.map(() => randomBytes(2000));
  for (const [i, name] of HLS_SEGMENT_NAMES.entries()) await putMedia(`${prefix}/hls/240/${name}`, new Uint8Array(segments[i]), 'video/mp4');
  await putMedia(`${prefix}/hls/240/index.m3u8`, new TextEncoder().encode(HLS_MEDIA), 'application/vnd.apple.mpegurl');
  await putMedia(`${prefix}/hls/master.m3u8`, new TextEncoder().encode(HLS_MASTER), 'application/vnd.apple.mpegurl');
  await putMedia(`${prefix}/torrents/${v.uuid}-240.torrent`, new TextEncoder().encode('d4:infod4:name4:testee'), 'application/x-bittorrent');
  const { db, close } = testDb();
  try {
    await db.insert(schema.videoFiles).values({
      videoId: v.id,
      resolution: 240,
      width: 320,
      height: 240,
      fps: 25,
      size: 6000,
      bitrate: 300000,
      segments: HLS_SEGMENT_NAMES.map((name, i) => ({ key: `${prefix}/hls/240/${name}`, size: 2000, duration: i === 0 ? 0 : 2 })),
      infoHash: 'b'.repeat(40),
      torrentKey: `${prefix}/torrents/${v.uuid}-240.torrent`,
    });
    await db
      .insert(schema.videoStreamingPlaylists)
      .values({ videoId: v.id, playlistUrl: `${prefix}/hls/master.m3u8`, segmentsSha256Url: `${prefix}/segments-sha256.json`, complete: true });
  } finally {
    close();
  }
  return { id: v.id, uuid: v.uuid, segments };
}
