/**
 * Undo(Announce) against a real temp libSQL database: when the indexed remote video
 * goes, and when it stays (the rule is documented on undoAnnounce in undo.ts).
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Config } from '../../../config';
import * as schema from '../../../db/schema';
import { buildLocalActor } from '../../../services/actors';
import { openTempDb, type TempDb } from '../../../../test/helpers/temp-db';
import { handleUndo } from './undo';

const config = { publicUrl: 'https://video.example', host: 'video.example', keyEncryptionSecret: 'k'.repeat(32), allowLoopbackFederation: false } as Config;
const AS = 'https://www.w3.org/ns/activitystreams';

let temp: TempDb;
let local: schema.Actor;
let localAccountId: number;
let channel: schema.Actor;
let person: schema.Actor;
let instance: schema.Actor;
let announcer: schema.Actor;
let remoteChannelId: number;
let videoUrl: string;
let videoId: number;

async function insertActor(values: schema.NewActor) {
  const [row] = await temp.db.insert(schema.actors).values(values).returning();
  return row;
}

function remote(type: schema.NewActor['type'], name: string, host: string): schema.NewActor {
  const url = `https://${host}/${type === 'Group' ? 'video-channels' : 'accounts'}/${name}`;
  return { type, preferredUsername: name, host, url, inboxUrl: `${url}/inbox`, sharedInboxUrl: `https://${host}/inbox`, publicKeyPem: null };
}

beforeAll(async () => {
  temp = await openTempDb('undo-announce');
  local = await insertActor(await buildLocalActor(config, { type: 'Person', preferredUsername: 'root' }));
  [{ id: localAccountId }] = await temp.db.insert(schema.accounts).values({ actorId: local.id, name: 'root', displayName: 'root' }).returning();
  person = await insertActor(remote('Person', 'alice', 'remote.example'));
  channel = await insertActor(remote('Group', 'alice_channel', 'remote.example'));
  instance = await insertActor(remote('Application', 'peertube', 'remote.example'));
  announcer = await insertActor(remote('Application', 'peertube', 'other.example'));
  const [acc] = await temp.db.insert(schema.accounts).values({ actorId: person.id, name: 'alice', displayName: 'alice' }).returning();
  [{ id: remoteChannelId }] = await temp.db
    .insert(schema.videoChannels)
    .values({ actorId: channel.id, accountId: acc.id, name: 'alice_channel', displayName: 'Alice' })
    .returning();
}, 60_000);

afterAll(async () => {
  await temp?.close();
});

beforeEach(async () => {
  await temp.db.delete(schema.follows);
  await temp.db.delete(schema.videos);
  const uuid = crypto.randomUUID();
  videoUrl = `https://remote.example/videos/watch/${uuid}`;
  [{ id: videoId }] = await temp.db
    .insert(schema.videos)
    .values({ uuid, name: 'shared', channelId: remoteChannelId, state: 1, privacy: 1, isLocal: false, url: videoUrl })
    .returning();
});

const undoAnnounce = (by: schema.Actor, announceActor = by) =>
  handleUndo(
    { db: temp.db, config, signer: by },
    {
      '@context': AS,
      type: 'Undo',
      id: `${by.url}/undo/1`,
      actor: by.url,
      object: { type: 'Announce', id: `${announceActor.url}/announces/1`, actor: announceActor.url, object: videoUrl },
    },
  );
const videoExists = async () => (await temp.db.select({ id: schema.videos.id }).from(schema.videos).where(eq(schema.videos.id, videoId))).length === 1;
const follow = (target: schema.Actor, state: 'accepted' | 'pending' = 'accepted') =>
  temp.db.insert(schema.follows).values({ followerActorId: local.id, followingActorId: target.id, state });

describe('Undo(Announce)', () => {
  it('removes the video when the Announce was the only reason we had it', async () => {
    await follow(announcer);
    await follow(channel, 'pending');
    const result = await undoAnnounce(announcer);
    expect(result.outcome).toBe('processed');
    expect(result.detail).toMatch(/removed/);
    expect(await videoExists()).toBe(false);
  });

  it.each([
    ['its channel', () => channel],
    ['its account', () => person],
    ['its instance', () => instance],
  ])('keeps the video while a local actor follows %s', async (_, target) => {
    await follow(target());
    const result = await undoAnnounce(announcer);
    expect(result).toMatchObject({ outcome: 'processed', detail: expect.stringMatching(/stays, its channel, account or instance is followed/) });
    expect(await videoExists()).toBe(true);
  });

  it('keeps the video when the announcer is its channel (its owner)', async () => {
    const result = await undoAnnounce(channel);
    expect(result.detail).toMatch(/stays, the announcer owns it/);
    expect(await videoExists()).toBe(true);
  });

  it('keeps the video when a local account rated it', async () => {
    await temp.db.insert(schema.rates).values({ accountId: localAccountId, videoId, type: 'like' });
    const result = await undoAnnounce(announcer);
    expect(result.detail).toMatch(/stays, local accounts/);
    expect(await videoExists()).toBe(true);
  });

  it('keeps the video when a local account commented on it', async () => {
    await temp.db
      .insert(schema.comments)
      .values({ accountId: localAccountId, videoId, text: 'hi', url: `${config.publicUrl}/videos/watch/x/comments/${videoId}` });
    const result = await undoAnnounce(announcer);
    expect(result.detail).toMatch(/stays, local accounts/);
    expect(await videoExists()).toBe(true);
  });

  it("ignores the Undo of another actor's Announce", async () => {
    const result = await undoAnnounce(announcer, instance);
    expect(result.outcome).toBe('ignored');
    expect(await videoExists()).toBe(true);
  });

  it('ignores an Undo(Announce) of a video we do not have', async () => {
    videoUrl = 'https://remote.example/videos/watch/unknown';
    const result = await undoAnnounce(announcer);
    expect(result.outcome).toBe('ignored');
    expect(await videoExists()).toBe(true);
  });
});
