import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { accounts, actors, users, videoChannels, videoFiles, videos } from '../db/schema';
import type { Db } from '../db/client';
import { getConfig, type Config } from '../config';
import type { Env } from '../env';
import { ApiError } from '../errors';
import { verifyPassword } from '../crypto/password';
import { decryptPrivateKey } from '../federation/signatures/keys';
import { actorIdByUrl, buildLocalActor, insertLocalActorQuery } from './actors';
import { ensureInstanceActor, getAccountByHandle } from './accounts';
import { assertSignupAllowed, createRootUser, createUser, getUserView, getVideoQuotaUsed, listUsers, registerUser, updateMe, updateUser } from './users';
import { openTempDb, type TempDb } from '../../test/helpers/temp-db';
import { deleteUser } from './user-removal';
import type { Viewer } from './viewer';

const SECRET = 'unit-test-key-encryption-secret';
let temp: TempDb;
let db: Db;
let config: Config;

beforeAll(async () => {
  temp = await openTempDb('users');
  db = temp.db;
  const { url } = temp;
  config = getConfig({ LIBSQL_URL: url, PUBLIC_URL: 'https://users.test', KEY_ENCRYPTION_SECRET: SECRET } as Env);
});
afterAll(async () => {
  await temp?.close();
});

async function rows(table: typeof users | typeof actors | typeof accounts | typeof videoChannels) {
  const [{ n }] = await db.select({ n: count() }).from(table);
  return n;
}
const counts = async () => ({ users: await rows(users), actors: await rows(actors), accounts: await rows(accounts), channels: await rows(videoChannels) });

async function rejection(promise: Promise<unknown>): Promise<ApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

/** A capture queue: the unit tests read the job rows. */
const removalDeps = () => ({ db, queue: { send: async () => undefined, sendBatch: async () => undefined } });

const base = { password: 'secret-password', role: 2 as const, videoQuota: -1, videoQuotaDaily: -1 };
const viewerOf = async (userId: number, role: 0 | 1 | 2): Promise<Viewer> => {
  const view = await getUserView(db, userId);
  return { userId, accountId: view.account.account.id, username: view.user.username, role };
};

describe('bootstrap', () => {
  it('creates the instance actor and the root admin once, and leaves the password alone after', async () => {
    expect(await ensureInstanceActor(db, config)).toEqual({ created: true });
    expect(await ensureInstanceActor(db, config)).toEqual({ created: false });
    expect(await createRootUser(db, config, { username: 'root', password: 'first-password' })).toEqual({ created: true });
    expect(await createRootUser(db, config, { username: 'root', password: 'other-password' })).toEqual({ created: false });

    const [root] = await db.select().from(users).where(eq(users.username, 'root'));
    expect(root.role).toBe(0);
    expect(root.videoQuota).toBe(-1);
    expect(await verifyPassword('first-password', root.passwordHash)).toBe(true);
    const view = await getUserView(db, root.id);
    expect(view.channels.map((c) => [c.channel.name, c.channel.displayName])).toEqual([['root_channel', 'Main root channel']]);

    const app = await getAccountByHandle(db, config, 'peertube');
    expect(app.actor).toMatchObject({ type: 'Application', url: 'https://users.test/accounts/peertube', host: null });
    expect(app.account.userId).toBeNull();
  });
});

describe('createUser', () => {
  it('writes user, Person actor, account and default channel with sealed keys', async () => {
    const created = await createUser(db, config, { ...base, username: 'alice', email: 'Alice@Example.com' });
    const view = await getUserView(db, created.userId);
    expect(view.user.email).toBe('alice@example.com');
    const person = view.account.actor;
    expect(person).toMatchObject({
      type: 'Person',
      preferredUsername: 'alice',
      host: null,
      url: 'https://users.test/accounts/alice',
      inboxUrl: 'https://users.test/accounts/alice/inbox',
      sharedInboxUrl: 'https://users.test/inbox',
      outboxUrl: 'https://users.test/accounts/alice/outbox',
      followersUrl: 'https://users.test/accounts/alice/followers',
      followingUrl: 'https://users.test/accounts/alice/following',
    });
    expect(person.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    expect(person.privateKeyEnc).not.toContain('PRIVATE KEY');
    expect(await decryptPrivateKey(person.privateKeyEnc!, SECRET)).toMatch(/^-----BEGIN PRIVATE KEY-----/);

    expect(view.channels).toHaveLength(1);
    const { channel, actor } = view.channels[0];
    expect(channel).toMatchObject({ id: created.channelId, name: 'alice_channel', displayName: 'Main alice channel', accountId: created.accountId });
    expect(actor).toMatchObject({ type: 'Group', url: 'https://users.test/video-channels/alice_channel' });
  });

  it('answers 409 on a taken username or email, and writes nothing', async () => {
    const before = await counts();
    expect((await rejection(createUser(db, config, { ...base, username: 'alice', email: 'new@example.com' }))).status).toBe(409);
    expect((await rejection(createUser(db, config, { ...base, username: 'alice2', email: 'ALICE@example.com' }))).status).toBe(409);
    expect(await counts()).toEqual(before);
  });

  it('keeps names unique across accounts and channels', async () => {
    const before = await counts();
    // A username that is already a channel's name, and a channel named like an account.
    expect((await rejection(createUser(db, config, { ...base, username: 'alice_channel', email: 'ac@example.com' }))).status).toBe(409);
    expect(
      (await rejection(createUser(db, config, { ...base, username: 'bob', email: 'bob@example.com', channel: { name: 'alice', displayName: 'x' } }))).status,
    ).toBe(409);
    expect((await rejection(createUser(db, config, { ...base, username: 'peertube', email: 'pt@example.com' }))).status).toBe(409);
    expect(
      (await rejection(createUser(db, config, { ...base, username: 'carol', email: 'c@example.com', channel: { name: 'carol', displayName: 'x' } }))).status,
    ).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('picks the next free default channel name', async () => {
    await createUser(db, config, {
      ...base,
      username: 'dave_channel_owner',
      email: 'dco@example.com',
      channel: { name: 'dave_channel', displayName: 'taken' },
    });
    const created = await createUser(db, config, { ...base, username: 'dave', email: 'dave@example.com' });
    expect((await getUserView(db, created.userId)).channels[0].channel.name).toBe('dave_channel-1');
  });

  it('rolls the whole batch back when an actor name is taken between check and write', async () => {
    const before = await counts();
    const person = await buildLocalActor(config, { type: 'Person', preferredUsername: 'erin' });
    const clash = await buildLocalActor(config, { type: 'Group', preferredUsername: 'alice' });
    const now = new Date();
    const err = await db
      .batch([
        insertLocalActorQuery(db, person),
        insertLocalActorQuery(db, clash),
        db.insert(users).values({ username: 'erin', email: 'erin@example.com', passwordHash: 'x', createdAt: now, updatedAt: now }),
        db.insert(videoChannels).values({ actorId: actorIdByUrl(clash.url), accountId: 1, name: 'alice', displayName: 'x', createdAt: now, updatedAt: now }),
      ])
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeTruthy();
    expect(await counts()).toEqual(before);
  });

  it('fails loudly without a key-encryption secret, before writing', async () => {
    const noSecret = { ...config, keyEncryptionSecret: undefined };
    const before = await counts();
    await expect(createUser(db, noSecret, { ...base, username: 'frank', email: 'frank@example.com' })).rejects.toThrow(/KEY_ENCRYPTION_SECRET/);
    expect(await counts()).toEqual(before);
  });
});

describe('registration', () => {
  it('is refused when sign-up is disabled', async () => {
    const closed = { ...config, signup: { enabled: false, limit: -1 } };
    expect((await rejection(assertSignupAllowed(db, closed))).status).toBe(403);
    expect((await rejection(registerUser(db, closed, { username: 'gina', email: 'gina@example.com', password: 'password' }))).status).toBe(403);
  });

  it("answers PeerTube's message for each refusal; approval required refuses sign-ups and takes requests", async () => {
    const why = async (signup: { enabled: boolean; limit: number; requiresApproval?: boolean }, mode?: 'request-registration') =>
      (await rejection(assertSignupAllowed(db, { signup }, mode))).message;
    expect(await why({ enabled: false, limit: -1 })).toBe('User registration is not allowed');
    expect(await why({ enabled: false, limit: -1, requiresApproval: true }, 'request-registration')).toBe('User registration is not allowed');
    expect(await why({ enabled: true, limit: -1, requiresApproval: true })).toBe('User registration requires approval');
    expect(await why({ enabled: true, limit: 1, requiresApproval: true }, 'request-registration')).toBe('User limit is reached on this instance');
    expect(await why({ enabled: true, limit: 1 })).toBe('User limit is reached on this instance');
    await assertSignupAllowed(db, { signup: { enabled: true, limit: -1, requiresApproval: false } });
    await assertSignupAllowed(db, { signup: { enabled: true, limit: -1, requiresApproval: true } }, 'request-registration');
  });

  it('is refused once the instance holds `limit` users, root included', async () => {
    const n = await rows(users);
    await assertSignupAllowed(db, { ...config, signup: { enabled: true, limit: n + 1 } });
    const limited = { ...config, signup: { enabled: true, limit: n + 1 }, user: { videoQuota: 5_000, videoQuotaDaily: 1_000 } };
    const created = await registerUser(db, limited, { username: 'gina', email: 'gina@example.com', password: 'password', displayName: 'Gina G' });
    const view = await getUserView(db, created.userId);
    expect(view.user).toMatchObject({ role: 2, videoQuota: 5_000, videoQuotaDaily: 1_000 });
    expect(view.account.account.displayName).toBe('Gina G');
    const full = await rejection(registerUser(db, limited, { username: 'hank', email: 'hank@example.com', password: 'password' }));
    expect(full.status).toBe(403);
    expect(await getAccountByHandle(db, config, 'hank').catch((e: ApiError) => e.status)).toBe(404);
  });
});

describe('quota, updates and deletion', () => {
  it("sums the sizes of the user's files, and those of the last 24 hours", async () => {
    const created = await createUser(db, config, { ...base, username: 'ivan', email: 'ivan@example.com' });
    const now = new Date();
    const [video] = await db
      .insert(videos)
      .values({ uuid: crypto.randomUUID(), name: 'v', channelId: created.channelId, url: 'https://users.test/videos/watch/1' })
      .returning();
    await db.insert(videoFiles).values([
      { videoId: video.id, resolution: 720, size: 1000, createdAt: new Date(now.getTime() - 48 * 3600_000) },
      { videoId: video.id, resolution: 480, size: 300, createdAt: new Date(now.getTime() - 3600_000) },
    ]);
    expect(await getVideoQuotaUsed(db, created.userId, now)).toEqual({ videoQuotaUsed: 1300, videoQuotaUsedDaily: 300 });
    expect(await getVideoQuotaUsed(db, 999_999, now)).toEqual({ videoQuotaUsed: 0, videoQuotaUsedDaily: 0 });
  });

  it('needs the current password to change email or password', async () => {
    const created = await createUser(db, config, { ...base, username: 'judy', email: 'judy@example.com' });
    const me = await viewerOf(created.userId, 2);
    expect((await rejection(updateMe(db, me, { password: 'new-password' }))).status).toBe(400);
    const wrong = await rejection(updateMe(db, me, { password: 'new-password', currentPassword: 'nope-nope' }));
    expect([wrong.status, wrong.code]).toEqual([401, 'current_password_is_invalid']);
    await updateMe(db, me, { password: 'new-password', currentPassword: base.password, displayName: 'Judy', nsfwPolicy: 'blur' });
    const view = await getUserView(db, created.userId);
    expect(await verifyPassword('new-password', view.user.passwordHash)).toBe(true);
    expect(view.user.nsfwPolicy).toBe('blur');
    expect(view.account.account.displayName).toBe('Judy');
    expect((await rejection(updateMe(db, me, { email: 'alice@example.com', currentPassword: 'new-password' }))).status).toBe(409);
  });

  it('follows PeerTube on who may manage whom', async () => {
    const [root] = await db.select().from(users).where(eq(users.username, 'root'));
    const rootViewer = await viewerOf(root.id, 0);
    const mod = await createUser(db, config, { ...base, username: 'kim', email: 'kim@example.com', role: 1 });
    const modViewer = await viewerOf(mod.userId, 1);
    const plain = await createUser(db, config, { ...base, username: 'leo', email: 'leo@example.com' });

    expect((await rejection(updateUser(db, rootViewer, root.id, { role: 2 }))).status).toBe(400);
    expect((await rejection(updateUser(db, modViewer, root.id, { videoQuota: 5 }))).status).toBe(403);
    expect((await rejection(updateUser(db, modViewer, plain.userId, { role: 0 }))).status).toBe(403);
    await updateUser(db, modViewer, plain.userId, { videoQuota: 42 });
    expect((await getUserView(db, plain.userId)).user.videoQuota).toBe(42);
    expect((await rejection(deleteUser(removalDeps(), rootViewer, root.id))).status).toBe(400);
    expect((await rejection(deleteUser(removalDeps(), rootViewer, 999_999))).status).toBe(404);
  });

  it('deletes a user with its account and channels; its actors stay, as PeerTube keeps them, for their names', async () => {
    const [root] = await db.select().from(users).where(eq(users.username, 'root'));
    const created = await createUser(db, config, { ...base, username: 'mia', email: 'mia@example.com' });
    const before = await counts();
    await deleteUser(removalDeps(), await viewerOf(root.id, 0), created.userId);
    expect(await counts()).toEqual({ users: before.users - 1, actors: before.actors, accounts: before.accounts - 1, channels: before.channels - 1 });
    expect((await rejection(getUserView(db, created.userId))).status).toBe(404);
  });

  it('lists users with search, sort and paging', async () => {
    const page = await listUsers(db, { start: 0, count: 2, sort: 'username' });
    expect(page.total).toBe(await rows(users));
    expect(page.data.map((v) => v.user.username)).toEqual(['alice', 'dave']);
    const found = await listUsers(db, { start: 0, count: 10, sort: '-createdAt', search: 'JUD' });
    expect(found.data.map((v) => v.user.username)).toEqual(['judy']);
    expect(found.data[0].channels[0].channel.name).toBe('judy_channel');
  });
});
