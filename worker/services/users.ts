import { and, asc, count, desc, eq, gt, or, sql, sum, type SQL } from 'drizzle-orm';
import type { SQLiteSelect } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, oauthTokens, USER_ROLES, users, videoChannels, videoFiles, videos, type User, type UserRole } from '../db/schema';
import { ApiError } from '../errors';
import { hashPassword, verifyPassword } from '../crypto/password';
import { parseSort, type Pagination } from '../http/pagination';
import type { UserView } from '../serializers/user';
import { actorIdByUrl, buildLocalActor, insertLocalActorQuery, isConstraintViolation, isLocalActorNameTaken, isValidActorName } from './actors';
import { channelsOfAccountsQuery, channelsOfUserQuery } from './channels';
import { signupRefusal, type SignupMode, type SignupRule } from './server-config';
import { isAdmin, type Viewer } from './viewer';
import { getCustomConfig } from './instance-settings';
import { watchLaterQuery } from './playlists';

/** PeerTube's SORTABLE_COLUMNS.USERS. */
export const USER_SORTS = ['id', 'username', 'createdAt', 'lastLoginDate', 'role'] as const;

export type CreateUserInput = {
  username: string;
  email: string;
  password: string | { hash: string } /* already hashed: a registration request keeps only the hash */;
  role: UserRole;
  /** Bytes; -1 is unlimited. */
  videoQuota: number;
  videoQuotaDaily: number;
  /** The account's display name; the username when omitted. */
  displayName?: string;
  /** The first channel; `<username>_channel`, "Main <username> channel" when omitted. */
  channel?: { name: string; displayName: string };
};

export type CreatedUser = { userId: number; accountId: number; channelId: number };

const alreadyTaken = () => ApiError.conflict('User with this username or email already exists.');

/** PeerTube's checkUserNameOrEmailDoNotAlreadyExist and channel checks (sign-ups and registration requests): 409, 400, 409. */
export async function assertNamesFree(db: Db, input: { username: string; email: string; channel?: { name: string } }): Promise<void> {
  const { username, email, channel } = input;
  const [clash] = await db
    .select({ id: users.id })
    .from(users)
    .where(or(eq(users.username, username), eq(users.email, email)))
    .limit(1);
  if (clash || (await isLocalActorNameTaken(db, username))) throw alreadyTaken();
  if (!channel) return;
  if (channel.name === username) throw ApiError.badRequest('Channel name cannot be the same as user username.');
  if (await isLocalActorNameTaken(db, channel.name)) throw ApiError.conflict(`Channel with name ${channel.name} already exists.`);
}

/**
 * Creates a local user with its Person actor, account and first channel, all
 * or nothing: the keys and the password hash are made first, then one batch
 * (a single transaction) writes the five rows.
 */
export async function createUser(db: Db, config: Config, input: CreateUserInput, now = new Date()): Promise<CreatedUser> {
  const username = input.username;
  const email = input.email.trim().toLowerCase();
  if (!isValidActorName(username)) throw ApiError.badRequest('Should have a valid username (lowercase alphanumeric characters)');
  if (input.channel && !isValidActorName(input.channel.name)) throw ApiError.badRequest('Should have a valid channel name');
  await assertNamesFree(db, { username, email, channel: input.channel });
  const channel = input.channel ?? { name: await availableActorName(db, `${username}_channel`), displayName: `Main ${username} channel` };
  const [passwordHash, person, group] = await Promise.all([
    typeof input.password === 'string' ? hashPassword(input.password) : input.password.hash,
    buildLocalActor(config, { type: 'Person', preferredUsername: username }, now),
    buildLocalActor(config, { type: 'Group', preferredUsername: channel.name }, now),
  ]);
  const accountId = sql<number>`(SELECT id FROM ${accounts} WHERE actor_id = ${actorIdByUrl(person.url)})`;
  try {
    const [, , [user], [account], [created]] = await db.batch([
      insertLocalActorQuery(db, person),
      insertLocalActorQuery(db, group),
      db
        .insert(users)
        .values({
          username,
          email,
          passwordHash,
          role: input.role,
          videoQuota: input.videoQuota,
          videoQuotaDaily: input.videoQuotaDaily,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: users.id }),
      db
        .insert(accounts)
        .values({
          actorId: actorIdByUrl(person.url),
          userId: sql<number>`(SELECT id FROM ${users} WHERE username = ${username})`,
          name: username,
          displayName: input.displayName ?? username,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: accounts.id }),
      db
        .insert(videoChannels)
        .values({
          actorId: actorIdByUrl(group.url),
          accountId,
          name: channel.name,
          displayName: channel.displayName,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: videoChannels.id }),
    ]);
    return { userId: user.id, accountId: account.id, channelId: created.id };
  } catch (err) {
    // Lost a race for the username, the email or a name: the batch rolled back whole.
    if (isConstraintViolation(err)) throw alreadyTaken();
    throw err;
  }
}

/** `base`, or `base-1`, `base-2`… when taken, as PeerTube names default channels. */
async function availableActorName(db: Db, base: string): Promise<string> {
  if (!(await isLocalActorNameTaken(db, base))) return base;
  for (let i = 1; i < 100; i++) {
    if (!(await isLocalActorNameTaken(db, `${base}-${i}`))) return `${base}-${i}`;
  }
  return `${base}-${crypto.randomUUID().slice(0, 8)}`;
}

/** 403, with PeerTube's message, unless the instance takes sign-ups of that mode now (see server-config.ts `signupRefusal`). */
export async function assertSignupAllowed(db: Db, config: { signup: SignupRule }, mode?: SignupMode): Promise<void> {
  const refusal = await signupRefusal(db, config.signup, mode);
  if (refusal) throw ApiError.forbidden(refusal);
}

export type RegisterInput = Pick<CreateUserInput, 'username' | 'email' | 'password' | 'displayName' | 'channel'>;

/** POST /users/register, and an accepted registration request (`approved`): a plain user with the default quotas (PUT /config/custom over the vars). */
export async function registerUser(db: Db, config: Config, input: RegisterInput, options: { approved?: boolean } = {}): Promise<CreatedUser> {
  const custom = await getCustomConfig(db, config);
  if (!options.approved) await assertSignupAllowed(db, custom);
  return createUser(db, config, {
    ...input,
    role: USER_ROLES.USER,
    videoQuota: custom.user.videoQuota,
    videoQuotaDaily: custom.user.videoQuotaDaily,
  });
}

/**
 * The first administrator (POST /internal/bootstrap): made only while the
 * instance has no user at all, so calling again changes nothing, password included.
 */
export async function createRootUser(db: Db, config: Config, input: { username: string; password: string }): Promise<{ created: boolean }> {
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return { created: false };
  try {
    await createUser(db, config, {
      username: input.username,
      email: `${input.username}@${new URL(config.publicUrl).hostname}`,
      password: input.password,
      role: USER_ROLES.ADMINISTRATOR,
      videoQuota: -1,
      videoQuotaDaily: -1,
    });
  } catch (err) {
    // Two bootstraps at once: the other one made the user.
    if (err instanceof ApiError && err.status === 409) return { created: false };
    throw err;
  }
  return { created: true };
}

// ---------------------------------------------------------------------------
// Reading

/** Bytes stored for the user's videos, all time and in the last 24 hours (PeerTube's quota rules). */
export async function getVideoQuotaUsed(db: Db, userId: number, now = new Date()) {
  return readQuota(await db.batch(quotaQueries(db, userId, now)));
}

/** The bytes a user's videos hold, in all and over the last 24 hours: two statements for a pipeline. */
function quotaQueries(db: Db, userId: number, now = new Date()) {
  const used = (since?: Date) =>
    db
      .select({ bytes: sum(videoFiles.size) })
      .from(videoFiles)
      .innerJoin(videos, eq(videos.id, videoFiles.videoId))
      .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
      .innerJoin(accounts, eq(accounts.id, videoChannels.accountId))
      .where(and(eq(accounts.userId, userId), since ? gt(videoFiles.createdAt, since) : undefined));
  return [used(), used(new Date(now.getTime() - 24 * 3600_000))] as const;
}

const readQuota = ([[all], [daily]]: readonly [{ bytes: string | null }[], { bytes: string | null }[]]) => ({
  videoQuotaUsed: Number(all?.bytes ?? 0),
  videoQuotaUsedDaily: Number(daily?.bytes ?? 0),
});

function selectUsers(db: Db) {
  return db
    .select({ user: users, account: accounts, actor: actors })
    .from(users)
    .innerJoin(accounts, eq(accounts.userId, users.id))
    .innerJoin(actors, eq(actors.id, accounts.actorId));
}

/** One user with account, channels, quota used (when asked), the Watch later list of account `watchLaterOf`: one pipeline; 404 when unknown. */
export async function getUserView(db: Db, userId: number, options: { withQuota?: boolean; watchLaterOf?: number } = {}) {
  const [rows, channels, watchLater, ...quota] = await db.batch([
    selectUsers(db).where(eq(users.id, userId)).limit(1),
    channelsOfUserQuery(db, userId),
    watchLaterQuery(db, options.watchLaterOf ?? -1),
    ...(options.withQuota ? quotaQueries(db, userId) : []),
  ]);
  if (rows.length === 0) throw ApiError.notFound('User not found');
  const view: UserView = { user: rows[0].user, account: { account: rows[0].account, actor: rows[0].actor }, channels };
  if (options.withQuota) view.quota = readQuota(quota as Parameters<typeof readQuota>[0]);
  return { ...view, watchLater: watchLater.at(0) };
}

const USER_SORT_COLUMNS = { id: users.id, username: users.username, createdAt: users.createdAt, lastLoginDate: users.lastLoginDate, role: users.role };

/** GET /users: paginated, sorted, optionally filtered by a search on username and email, or by `blocked`. */
export async function listUsers(db: Db, options: Pagination & { search?: string; blocked?: boolean }) {
  const filters: SQL[] = [];
  if (options.search) {
    const needle = options.search.toLowerCase();
    filters.push(or(sql`instr(lower(${users.username}), ${needle}) > 0`, sql`instr(lower(${users.email}), ${needle}) > 0`)!);
  }
  if (options.blocked !== undefined) filters.push(eq(users.blocked, options.blocked));
  const where = filters.length ? and(...filters) : undefined;
  const { field, desc: descending } = parseSort(options.sort);
  const column = USER_SORT_COLUMNS[field as keyof typeof USER_SORT_COLUMNS] ?? users.id;
  const order = [descending ? desc(column) : asc(column), asc(users.id)];
  const page = <T extends SQLiteSelect>(query: T) =>
    query
      .where(where)
      .orderBy(...order)
      .limit(options.count)
      .offset(options.start);
  // One pipeline: the page, the total, and the channels of the page's accounts (a subquery: same filter, total order).
  const [rows, [{ total }], channels] = await db.batch([
    page(selectUsers(db).$dynamic()),
    db.select({ total: count() }).from(users).where(where),
    channelsOfAccountsQuery(db, page(db.select({ id: accounts.id }).from(users).innerJoin(accounts, eq(accounts.userId, users.id)).$dynamic())),
  ]);
  const data: UserView[] = rows.map(({ user, account, actor }) => ({
    user,
    account: { account, actor },
    channels: channels.filter((c) => c.channel.accountId === account.id),
  }));
  return { total, data };
}

// ---------------------------------------------------------------------------
// Writing

export async function loadUser(db: Db, userId: number): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw ApiError.notFound('User not found');
  return user;
}

/** PeerTube's checkCanModerate: admins manage everyone, moderators manage plain users. */
export function assertCanModerate(viewer: Viewer, target: User) {
  if (isAdmin(viewer)) return;
  if (viewer.role === USER_ROLES.MODERATOR && target.role === USER_ROLES.USER) return;
  throw ApiError.forbidden('Users can only be managed by moderators or admins.');
}

/** Only administrators hand out the administrator and moderator roles. */
export function assertCanGrantRole(viewer: Viewer, role: number) {
  if (!isAdmin(viewer) && role !== USER_ROLES.USER) {
    throw ApiError.forbidden('You can only create users (and not administrators or moderators)');
  }
}

async function assertEmailFree(db: Db, email: string, exceptUserId: number) {
  const [other] = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).limit(1);
  if (other && other.id !== exceptUserId) throw ApiError.conflict('User with this email already exists.');
}

export type AdminUserUpdate = {
  password?: string;
  email?: string;
  emailVerified?: boolean;
  videoQuota?: number;
  videoQuotaDaily?: number;
  role?: UserRole;
};

/** PUT /users/{id}. A new password or role ends the user's sessions, as in PeerTube. */
export async function updateUser(db: Db, viewer: Viewer, userId: number, patch: AdminUserUpdate): Promise<void> {
  const target = await loadUser(db, userId);
  if (target.username === 'root' && patch.role !== undefined && patch.role !== target.role) throw ApiError.badRequest('Cannot change root role.');
  assertCanModerate(viewer, target);
  if (patch.role !== undefined) assertCanGrantRole(viewer, patch.role);
  const set: Partial<typeof users.$inferInsert> = { updatedAt: new Date() };
  if (patch.email !== undefined) {
    set.email = patch.email.trim().toLowerCase();
    if (set.email !== target.email) await assertEmailFree(db, set.email, target.id);
  }
  if (patch.emailVerified !== undefined) set.emailVerified = patch.emailVerified;
  if (patch.videoQuota !== undefined) set.videoQuota = patch.videoQuota;
  if (patch.videoQuotaDaily !== undefined) set.videoQuotaDaily = patch.videoQuotaDaily;
  if (patch.role !== undefined) set.role = patch.role;
  if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
  const endSessions = patch.password !== undefined || (patch.role !== undefined && patch.role !== target.role);
  await db.batch([
    db.update(users).set(set).where(eq(users.id, target.id)),
    ...(endSessions ? [db.delete(oauthTokens).where(eq(oauthTokens.userId, target.id))] : []),
  ]);
}

export type MeUpdate = {
  displayName?: string;
  description?: string | null;
  nsfwPolicy?: User['nsfwPolicy'];
  p2pEnabled?: boolean;
  autoPlayVideo?: boolean;
  videosHistoryEnabled?: boolean;
  /** The interface language; null goes back to the browser's. */
  language?: string | null;
  email?: string;
  password?: string;
  currentPassword?: string;
};

/** PUT /users/me. Changing the email or the password needs the current password (400 without it, 401 when wrong). */
export async function updateMe(db: Db, viewer: Viewer, patch: MeUpdate): Promise<void> {
  const me = await loadUser(db, viewer.userId);
  const set: Partial<typeof users.$inferInsert> = {};
  if (patch.email !== undefined || patch.password !== undefined) {
    if (!patch.currentPassword) throw ApiError.badRequest('currentPassword parameter is missing');
    if (!(await verifyPassword(patch.currentPassword, me.passwordHash))) {
      throw ApiError.unauthorized('currentPassword is invalid.', 'current_password_is_invalid');
    }
    if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password);
    if (patch.email !== undefined) {
      set.email = patch.email.trim().toLowerCase();
      if (set.email !== me.email) await assertEmailFree(db, set.email, me.id);
    }
  }
  if (patch.nsfwPolicy !== undefined) set.nsfwPolicy = patch.nsfwPolicy;
  if (patch.p2pEnabled !== undefined) set.p2pEnabled = patch.p2pEnabled;
  if (patch.autoPlayVideo !== undefined) set.autoPlayVideo = patch.autoPlayVideo;
  if (patch.videosHistoryEnabled !== undefined) set.videosHistoryEnabled = patch.videosHistoryEnabled;
  if (patch.language !== undefined) set.language = patch.language;

  const accountSet: Partial<typeof accounts.$inferInsert> = {};
  if (patch.displayName !== undefined) accountSet.displayName = patch.displayName;
  if (patch.description !== undefined) accountSet.description = patch.description;

  const now = new Date();
  const userUpdate = db
    .update(users)
    .set({ ...set, updatedAt: now })
    .where(eq(users.id, me.id));
  if (Object.keys(accountSet).length === 0) await userUpdate;
  else
    await db.batch([
      userUpdate,
      db
        .update(accounts)
        .set({ ...accountSet, updatedAt: now })
        .where(eq(accounts.userId, me.id)),
    ]);
}
