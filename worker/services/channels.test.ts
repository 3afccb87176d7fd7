import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { actors, follows, jobs, videoChannels, videos } from '../db/schema';
import { findLocalActorByName } from '../federation/local-actors';
import { createFakeR2 } from '../../test/helpers/fake-r2';
import { actorImageKeys } from './actor-images';
import { mediaRemovalHandler } from '../jobs/handlers/media-removal';
import type { Db } from '../db/client';
import { getConfig, type Config } from '../config';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { createLocalActor, isValidActorName, parseHandle } from './actors';
import { createChannel, deleteChannel, getChannelByHandle, listChannels, updateChannel } from './channels';
import { createUser } from './users';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import type { Viewer } from './viewer';

let temp: TempDb;
let db: Db;
let config: Config;
let owner: Viewer;
let other: Viewer;
let admin: Viewer;

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

async function makeViewer(username: string, role: 0 | 2): Promise<Viewer> {
  const created = await createUser(db, config, { username, email: `${username}@example.com`, password: 'password', role, videoQuota: -1, videoQuotaDaily: -1 });
  return { userId: created.userId, accountId: created.accountId, username, role };
}

beforeAll(async () => {
  temp = await openTempDb('channels');
  db = temp.db;
  const { url } = temp;
  config = getConfig({ LIBSQL_URL: url, PUBLIC_URL: 'https://channels.test', KEY_ENCRYPTION_SECRET: 'unit-test-key-encryption-secret' } as Env);
  admin = await makeViewer('admin', 0);
  owner = await makeViewer('owner', 2);
  other = await makeViewer('other', 2);
});
afterAll(async () => {
  await temp?.close();
});

describe('handles and names', () => {
  it('parses name, name@host and @name@host; our host is local', () => {
    expect(parseHandle('owner', config)).toEqual({ name: 'owner', host: null });
    expect(parseHandle('owner@channels.test', config)).toEqual({ name: 'owner', host: null });
    expect(parseHandle('@owner@Peer.Example', config)).toEqual({ name: 'owner', host: 'peer.example' });
  });

  it('creates a lone local actor with its keys, once per name, and never without a key-encryption secret', async () => {
    const actor = await createLocalActor(db, config, { type: 'Application', preferredUsername: 'service_actor' });
    expect(actor).toMatchObject({
      type: 'Application',
      url: 'https://channels.test/accounts/service_actor',
      host: null,
      publicKeyPem: expect.stringContaining('PUBLIC KEY'),
    });
    expect(await createLocalActor(db, config, { type: 'Group', preferredUsername: 'service_actor' })).toBeUndefined();
    await expect(createLocalActor(db, { ...config, keyEncryptionSecret: undefined }, { type: 'Group', preferredUsername: 'keyless' })).rejects.toThrow(
      /KEY_ENCRYPTION_SECRET/,
    );
    expect(await db.select().from(actors).where(eq(actors.preferredUsername, 'keyless'))).toEqual([]);
  });

  it('accepts PeerTube names only', () => {
    for (const ok of ['a', 'root_channel', 'a.b-c_d', '0day']) expect(isValidActorName(ok), ok).toBe(true);
    for (const bad of ['', 'Upper', 'a b', '.dot', 'dash-', 'é', 'x'.repeat(51)]) expect(isValidActorName(bad), bad).toBe(false);
  });
});

describe('channels', () => {
  it('creates a Group actor channel owned by the viewer, and refuses taken names', async () => {
    const { id } = await createChannel(db, config, owner, { name: 'owner_music', displayName: 'Music', description: 'All of it', support: 'Tip jar' });
    const found = await getChannelByHandle(db, config, 'owner_music@channels.test');
    expect(found.channel).toMatchObject({ id, accountId: owner.accountId, displayName: 'Music', description: 'All of it', support: 'Tip jar' });
    expect(found.actor).toMatchObject({ type: 'Group', url: 'https://channels.test/video-channels/owner_music' });
    expect(found.owner.account.id).toBe(owner.accountId);

    const before = await db.select({ n: count() }).from(actors);
    expect((await rejection(createChannel(db, config, other, { name: 'owner_music', displayName: 'x' }))).status).toBe(409);
    expect((await rejection(createChannel(db, config, other, { name: 'owner', displayName: 'x' }))).status).toBe(409);
    expect(await db.select({ n: count() }).from(actors)).toEqual(before);
  });

  it('lets only the owner or an admin update, and updates video support in bulk when asked', async () => {
    const found = await getChannelByHandle(db, config, 'owner_music');
    await db.insert(videos).values({ uuid: crypto.randomUUID(), name: 'v', channelId: found.channel.id, url: 'https://channels.test/videos/watch/x' });
    expect((await rejection(updateChannel(db, config, other, 'owner_music', { displayName: 'Hijacked' }))).status).toBe(403);
    await updateChannel(db, config, owner, 'owner_music', { displayName: 'Songs', support: 'New support', bulkVideosSupportUpdate: true });
    await updateChannel(db, config, admin, 'owner_music', { description: null });
    const after = await getChannelByHandle(db, config, 'owner_music');
    expect(after.channel).toMatchObject({ displayName: 'Songs', description: null, support: 'New support' });
    const [video] = await db.select().from(videos).where(eq(videos.channelId, found.channel.id));
    expect(video.support).toBe('New support');
    expect((await rejection(updateChannel(db, config, owner, 'nope', { displayName: 'x' }))).status).toBe(404);
  });

  it("never deletes a user's last channel, nor another user's channel; a deleted one tells its followers, its actor kept for its name and key", async () => {
    const r2 = createFakeR2();
    const deps = { db, queue: { send: async () => undefined, sendBatch: async () => undefined } };
    await db
      .update(actors)
      .set({ avatarFile: 'a1.png', avatarWidth: 400, avatarHeight: 400, bannerFile: 'b1.jpg', bannerWidth: 1920, bannerHeight: 317 })
      .where(eq(actors.preferredUsername, 'owner_music'));
    const [music] = await db.select().from(actors).where(eq(actors.preferredUsername, 'owner_music'));
    // The channel's video (the update test made it) and its media, the actor's images and their sizes; and another video's media.
    const [video] = await db
      .select({ uuid: videos.uuid })
      .from(videos)
      .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
      .where(eq(videoChannels.actorId, music.id));
    const images = [...actorImageKeys(music, 'avatar'), ...actorImageKeys(music, 'banner')];
    expect(images.length).toBeGreaterThan(2);
    for (const key of [`videos/${video.uuid}/hls/240/seg-00000.m4s`, `videos/${video.uuid}/thumbnail.jpg`, ...images, 'videos/another/thumbnail.jpg'])
      await r2.bucket.put(key, 'x');
    const [follower] = await db
      .insert(actors)
      .values({
        type: 'Person',
        preferredUsername: 'fan',
        host: 'peer.example',
        url: 'https://peer.example/accounts/fan',
        inboxUrl: 'https://peer.example/accounts/fan/inbox',
        sharedInboxUrl: 'https://peer.example/inbox',
      })
      .returning();
    await db
      .insert(follows)
      .values({ followerActorId: follower.id, followingActorId: music.id, state: 'accepted', activityUrl: 'https://peer.example/follows/1' });
    expect((await rejection(deleteChannel(deps, config, other, 'owner_music'))).status).toBe(403);
    await deleteChannel(deps, config, owner, 'owner_music');
    expect((await rejection(getChannelByHandle(db, config, 'owner_music'))).status).toBe(404);
    // The actor row stays, as PeerTube keeps it: the name is not given again, and the Delete is signed with its key.
    expect(await db.select({ id: actors.id }).from(actors).where(eq(actors.preferredUsername, 'owner_music'))).toEqual([{ id: music.id }]);
    expect(await findLocalActorByName(db, 'channel', 'owner_music')).toBeNull();
    expect((await rejection(createChannel(db, config, owner, { name: 'owner_music', displayName: 'Again' }))).status).toBe(409);
    expect(await db.select().from(follows).where(eq(follows.followingActorId, music.id))).toEqual([]);
    const events = (await db.select().from(jobs).where(eq(jobs.type, 'activitypub-social'))).map((j) => j.payload);
    expect(events).toContainEqual({ event: 'actor-deleted', actorId: music.id, inboxes: ['https://peer.example/inbox'] });
    // Media and images leave R2 through the jobs the removal queued (one per video, one for the images); the image columns are cleared.
    const removals = await db.select().from(jobs).where(eq(jobs.type, 'media-removal'));
    expect(removals.map((j) => j.payload)).toEqual([{ videoUuid: video.uuid }, { keys: images }]);
    expect(r2.objects.size).toBe(images.length + 3);
    const ctx = { db, config, media: r2.bucket, queue: deps.queue };
    for (const job of removals) expect(await mediaRemovalHandler.run(ctx, job as Parameters<typeof mediaRemovalHandler.run>[1])).toBe('completed');
    expect([...r2.objects.keys()]).toEqual(['videos/another/thumbnail.jpg']);
    expect((await db.select().from(actors).where(eq(actors.id, music.id)))[0]).toMatchObject({ avatarFile: null, bannerFile: null });

    const last = await rejection(deleteChannel(deps, config, owner, 'owner_channel'));
    expect(last.status).toBe(409);
    expect((await rejection(deleteChannel(deps, config, admin, 'owner_channel'))).status).toBe(409);
  });

  it('lists with paging, sort, search and per account', async () => {
    const all = await listChannels(db, { start: 0, count: 100, sort: 'name' });
    expect(all.total).toBe(3);
    expect(all.data.map((c) => c.channel.name)).toEqual(['admin_channel', 'other_channel', 'owner_channel']);
    const page = await listChannels(db, { start: 1, count: 1, sort: '-name' });
    expect(page.data.map((c) => c.channel.name)).toEqual(['other_channel']);
    expect((await listChannels(db, { start: 0, count: 10, sort: 'id', search: 'MAIN OTHER' })).data.map((c) => c.channel.name)).toEqual(['other_channel']);
    const mine = await listChannels(db, { start: 0, count: 10, sort: 'id', accountId: owner.accountId });
    expect(mine).toMatchObject({ total: 1, data: [{ channel: { name: 'owner_channel' } }] });
    expect(await db.select({ n: count() }).from(videoChannels)).toEqual([{ n: 3 }]);
  });
});
