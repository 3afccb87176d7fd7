/**
 * Storing remote videos against a real (file:) libSQL database, with the network
 * replaced by PeerTube 6.3's documents (fixtures/peertube-6.3/signed/keys-*.json).
 */
import { readFileSync } from 'node:fs';
import type { Client } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';
import { buildLocalActor } from '../../services/actors';
import { openTempDb, type TempDb } from '../../../test/helpers/temp-db';
import { parseVideoObject } from './parse';
import { deleteRemoteVideo, fetchAndUpsertRemoteVideo, isFollowedLocally, upsertRemoteVideo } from './store';

const SIGNED = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const read = (name: string) => readFileSync(new URL(name, SIGNED), 'utf8');
const videoObject = () => JSON.parse(JSON.parse(read('create-video-from-peertube.json')).body).object;
const VIDEO_URL = 'http://localhost:9000/videos/watch/40ffba14-5b9e-440e-902f-18b11be2d08e';

const config = { publicUrl: 'https://here.example', host: 'here.example', keyEncryptionSecret: 'k'.repeat(32), allowLoopbackFederation: true } as Config;
const served: Record<string, () => unknown> = {
  'http://localhost:9000/accounts/root': () => JSON.parse(read('keys-root.json')),
  'http://localhost:9000/video-channels/root_channel': () => JSON.parse(read('keys-root_channel.json')),
  [`${VIDEO_URL}/likes`]: () => ({ id: `${VIDEO_URL}/likes`, type: 'OrderedCollection', totalItems: 3 }),
  [`${VIDEO_URL}/dislikes`]: () => ({ id: `${VIDEO_URL}/dislikes`, type: 'OrderedCollection', totalItems: 1 }),
  [VIDEO_URL]: () => videoObject(),
};
const fetchImpl = (async (url: string | URL | Request) => {
  const doc = served[String(url)];
  return doc ? new Response(JSON.stringify(doc()), { headers: { 'content-type': 'application/activity+json' } }) : new Response('no', { status: 404 });
}) as typeof fetch;

let dir: string;
let temp: TempDb;
let client: Client;
let db: Db;
const deps = () => ({ db, config, fetchImpl });

beforeAll(async () => {
  temp = await openTempDb('remote-videos');
  ({ db, dir, client } = temp);
  const { url } = temp;
}, 60_000);

afterAll(async () => {
  await temp?.close();
});

describe('upsertRemoteVideo', () => {
  it('stores the video, its files and playlist, its channel (with its display name) and account', async () => {
    const id = await upsertRemoteVideo(deps(), parseVideoObject(videoObject()));
    const [video] = await db.select().from(schema.videos).where(eq(schema.videos.id, id));
    expect(video).toMatchObject({ isLocal: false, url: VIDEO_URL, privacy: 1, state: 1, duration: 3, likes: 3, dislikes: 1 });
    const files = await db.select().from(schema.videoFiles).where(eq(schema.videoFiles.videoId, id));
    expect(files.map((f) => [f.resolution, f.fileUrl?.startsWith('http://localhost:9000/static/web-videos/'), !!f.torrentUrl, f.infoHash])).toEqual([
      [240, true, true, '35cbfd2a0ba68112793d35cc7d9e939c7d687a89'],
    ]);
    const [playlist] = await db.select().from(schema.videoStreamingPlaylists).where(eq(schema.videoStreamingPlaylists.videoId, id));
    expect(playlist.playlistUrl).toMatch(/master\.m3u8$/);
    const [channel] = await db.select().from(schema.videoChannels).where(eq(schema.videoChannels.id, video.channelId));
    expect(channel).toMatchObject({ name: 'root_channel', displayName: 'Main root channel' });
    const [account] = await db.select().from(schema.accounts).where(eq(schema.accounts.id, channel.accountId));
    expect(account.name).toBe('root');
  });

  it('updates in place: the same row, files replaced, never duplicated', async () => {
    const object = { ...videoObject(), name: 'renamed upstream' };
    const first = await upsertRemoteVideo(deps(), parseVideoObject(videoObject()));
    const again = await upsertRemoteVideo(deps(), parseVideoObject(object));
    expect(again).toBe(first);
    const rows = await db.select().from(schema.videos).where(eq(schema.videos.url, VIDEO_URL));
    expect(rows.map((r) => r.name)).toEqual(['renamed upstream']);
    expect(await db.select().from(schema.videoFiles).where(eq(schema.videoFiles.videoId, first))).toHaveLength(1);
  });

  it('never takes over a uuid that another video already has', async () => {
    const object = { ...videoObject(), id: 'http://localhost:9000/videos/watch/other' };
    await expect(upsertRemoteVideo(deps(), parseVideoObject(object))).rejects.toThrow(/already taken/);
  });

  it('refuses a video that claims to be ours', async () => {
    const object = {
      ...videoObject(),
      id: 'https://here.example/videos/watch/x',
      attributedTo: [{ type: 'Group', id: 'https://here.example/video-channels/c' }],
    };
    await expect(upsertRemoteVideo(deps(), parseVideoObject(object))).rejects.toThrow(/one of ours/);
  });

  it('fetches by id from the origin, and answers null for what is not a video', async () => {
    expect((await fetchAndUpsertRemoteVideo(deps(), VIDEO_URL))?.url).toBe(VIDEO_URL);
    expect(await fetchAndUpsertRemoteVideo(deps(), 'http://localhost:9000/videos/watch/missing')).toBeNull();
  });
});

describe('who may delete, and whose videos we take', () => {
  it("only the owner, from the video's origin, deletes it", async () => {
    const [channelActor] = await db.select().from(schema.actors).where(eq(schema.actors.url, 'http://localhost:9000/video-channels/root_channel'));
    expect(await deleteRemoteVideo(deps(), { id: 999_999, url: 'http://localhost:9000/accounts/someone' }, VIDEO_URL)).toBe(false);
    expect(await deleteRemoteVideo(deps(), { id: channelActor.id, url: 'https://evil.example/video-channels/root_channel' }, VIDEO_URL)).toBe(false);
    expect(await deleteRemoteVideo(deps(), channelActor, VIDEO_URL)).toBe(true);
    expect(await db.select().from(schema.videos).where(eq(schema.videos.url, VIDEO_URL))).toHaveLength(0);
  });

  it('takes videos of an actor, or of an instance, that a local actor follows (accepted)', async () => {
    const instance = (
      await db
        .insert(schema.actors)
        .values(await buildLocalActor(config, { type: 'Application', preferredUsername: 'peertube' }))
        .returning()
    )[0];
    const remoteApp = (
      await db
        .insert(schema.actors)
        .values({
          type: 'Application',
          preferredUsername: 'peertube',
          host: 'localhost:9000',
          url: 'http://localhost:9000/accounts/peertube',
          inboxUrl: 'http://localhost:9000/accounts/peertube/inbox',
        })
        .returning()
    )[0];
    expect(await isFollowedLocally(deps(), ['http://localhost:9000/accounts/root'], 'localhost:9000')).toBe(false);
    const [follow] = await db.insert(schema.follows).values({ followerActorId: instance.id, followingActorId: remoteApp.id, state: 'pending' }).returning();
    expect(await isFollowedLocally(deps(), [], 'localhost:9000')).toBe(false);
    await db.update(schema.follows).set({ state: 'accepted' }).where(eq(schema.follows.id, follow.id));
    expect(await isFollowedLocally(deps(), [], 'localhost:9000')).toBe(true);
    expect(await isFollowedLocally(deps(), [], 'elsewhere.example')).toBe(false);
  });
});
