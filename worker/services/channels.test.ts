import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { actors, videoChannels, videos } from '../db/schema';
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

  it("never deletes a user's last channel, nor another user's channel", async () => {
    expect((await rejection(deleteChannel(db, config, other, 'owner_music'))).status).toBe(403);
    await deleteChannel(db, config, owner, 'owner_music');
    expect((await rejection(getChannelByHandle(db, config, 'owner_music'))).status).toBe(404);
    expect(await db.select().from(actors).where(eq(actors.preferredUsername, 'owner_music'))).toEqual([]);
    const last = await rejection(deleteChannel(db, config, owner, 'owner_channel'));
    expect(last.status).toBe(409);
    expect((await rejection(deleteChannel(db, config, admin, 'owner_channel'))).status).toBe(409);
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
