/**
 * Instance follows, as PeerTube's /server/following and /server/followers:
 * what our instance actor follows (instances by host, channels/accounts by handle)
 * and who follows it. Sending Follow/Undo/Accept/Reject is federation's work: this
 * records the change and an `activitypub-follow` job (conventions.md §6).
 */
import { and, asc, count, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { actors, follows, type Actor, type Follow } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination } from '../http/pagination';
import { batchWithJobs, jobInsert, type JobQueue } from '../jobs/store';
import { followRecounts } from './follows';
import { INSTANCE_ACTOR_NAME } from './accounts';

/** PeerTube's SORTABLE_COLUMNS.FOLLOWING / FOLLOWERS. */
export const FOLLOW_SORTS = ['createdAt', 'redundancyAllowed'] as const;

/** A host as PeerTube validates it (isHostValid): a domain or IP, with an optional port. */
const HOST_RE = /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i;
const HANDLE_RE = /^@?[a-z0-9_.-]{1,100}@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i;

export const followRequestSchema = z
  .object({
    hosts: z
      .array(z.string().trim().toLowerCase().regex(HOST_RE, 'Should have an array of unique hosts'))
      .max(100)
      .refine((a) => new Set(a).size === a.length, 'Should have an array of unique hosts')
      .optional(),
    handles: z
      .array(z.string().trim().toLowerCase().regex(HANDLE_RE, 'Should have an array of handles'))
      .max(100)
      .refine((a) => new Set(a).size === a.length, 'Should have an array of unique handles')
      .optional(),
  })
  .refine((b) => (b.hosts?.length ?? 0) + (b.handles?.length ?? 0) > 0, { message: 'You must provide at least one handle or one host', path: ['hosts'] });

export type FollowRequest = z.output<typeof followRequestSchema>;

const followerActors = alias(actors, 'follower_actor');
const followingActors = alias(actors, 'following_actor');

export type FollowRow = { follow: Follow; follower: Actor; following: Actor };

const isInstanceActor = () => and(eq(actors.preferredUsername, INSTANCE_ACTOR_NAME), isNull(actors.host), eq(actors.type, 'Application'));
const instanceActorQuery = (db: Db) => db.select().from(actors).where(isInstanceActor()).limit(1);

function foundInstanceActor([row]: Actor[]): Actor {
  if (!row) throw new ApiError(503, undefined, 'The instance actor does not exist yet.');
  return row;
}

async function instanceActorOrFail(db: Db): Promise<Actor> {
  return foundInstanceActor(await instanceActorQuery(db));
}

export type FollowListOptions = Pagination & { search?: string; state?: 'pending' | 'accepted'; actorType?: 'Person' | 'Application' | 'Group' };

/** GET /server/following (side = following) and /server/followers (side = followers): the instance actor, the page and its count, for one pipeline; {@link toServerFollows} reads the answers. */
export function serverFollowsQueries(db: Db, side: 'following' | 'followers', options: FollowListOptions) {
  // The instance actor, the page and the count in one round trip (issue 9): the others name it by a subquery.
  const instanceId = sql`(select ${actors.id} from ${actors} where ${isInstanceActor()})`;
  const other = side === 'following' ? followingActors : followerActors;
  const conds: (SQL | undefined)[] = [
    side === 'following' ? eq(follows.followerActorId, instanceId) : eq(follows.followingActorId, instanceId),
    options.state ? eq(follows.state, options.state) : sql`${follows.state} <> 'rejected'`,
    options.actorType ? eq(other.type, options.actorType) : undefined,
    options.search
      ? or(
          sql`instr(lower(${other.host}), ${options.search.toLowerCase()}) > 0`,
          sql`instr(lower(${other.preferredUsername}), ${options.search.toLowerCase()}) > 0`,
        )
      : undefined,
  ];
  const where = and(...conds);
  const order = options.sort.startsWith('-') ? desc(follows.createdAt) : asc(follows.createdAt);
  const base = () =>
    db
      .select({ follow: follows, follower: followerActors, following: followingActors })
      .from(follows)
      .innerJoin(followerActors, eq(followerActors.id, follows.followerActorId))
      .innerJoin(followingActors, eq(followingActors.id, follows.followingActorId));
  return [
    instanceActorQuery(db),
    base().where(where).orderBy(order, asc(follows.id)).limit(options.count).offset(options.start),
    db
      .select({ n: count() })
      .from(follows)
      .innerJoin(followerActors, eq(followerActors.id, follows.followerActorId))
      .innerJoin(followingActors, eq(followingActors.id, follows.followingActorId))
      .where(where),
  ] as const;
}

export function toServerFollows([instance, data, [{ n }]]: readonly [Actor[], FollowRow[], { n: number }[]]): { total: number; data: FollowRow[] } {
  foundInstanceActor(instance);
  return { total: n, data };
}

/** The same in one round trip. */
export async function listServerFollows(db: Db, side: 'following' | 'followers', options: FollowListOptions) {
  return toServerFollows(await db.batch(serverFollowsQueries(db, side, options)));
}

/** POST /server/following: one job per host or handle; the follow appears once its actor is resolved. */
export async function requestServerFollows(db: Db, config: Config, queue: JobQueue, input: FollowRequest): Promise<void> {
  await instanceActorOrFail(db);
  const ownHost = config.host.toLowerCase();
  if ((input.hosts ?? []).includes(ownHost)) throw ApiError.badRequest('Cannot follow your own instance.');
  if ((input.handles ?? []).some((handle) => handle.endsWith(`@${ownHost}`))) throw ApiError.badRequest('Cannot follow a local actor.');
  await batchWithJobs(
    db,
    queue,
    [],
    [
      ...(input.hosts ?? []).map((host) => jobInsert(db, { type: 'activitypub-follow', payload: { action: 'follow', host }, maxAttempts: 5 })),
      ...(input.handles ?? []).map((handle) =>
        jobInsert(db, { type: 'activitypub-follow', payload: { action: 'follow', handle: handle.replace(/^@/, '') }, maxAttempts: 5 }),
      ),
    ],
  );
}

/** `host` names an instance (its Application actor); `name@host` a channel or account. */
function targetWhere(table: typeof followingActors, hostOrHandle: string): SQL {
  const value = hostOrHandle.trim().toLowerCase().replace(/^@/, '');
  const at = value.lastIndexOf('@');
  if (at === -1) return and(eq(table.host, value), eq(table.type, 'Application'))!;
  return and(eq(table.preferredUsername, value.slice(0, at)), eq(table.host, value.slice(at + 1)))!;
}

/** DELETE /server/following/{hostOrHandle}: the row goes now, the Undo through a job. */
export async function removeServerFollowing(db: Db, queue: JobQueue, hostOrHandle: string): Promise<void> {
  const instance = await instanceActorOrFail(db);
  const [row] = await db
    .select({ follow: follows })
    .from(follows)
    .innerJoin(followingActors, eq(followingActors.id, follows.followingActorId))
    .where(and(eq(follows.followerActorId, instance.id), targetWhere(followingActors, hostOrHandle)))
    .limit(1);
  if (!row) throw ApiError.notFound(`Follow ${hostOrHandle} not found.`);
  const f = row.follow;
  const undo = f.activityUrl
    ? [
        jobInsert(db, {
          type: 'activitypub-follow',
          payload: { action: 'unfollow', followerActorId: f.followerActorId, followingActorId: f.followingActorId, followActivityId: f.activityUrl },
          maxAttempts: 5,
        }),
      ]
    : [];
  await batchWithJobs(db, queue, [db.delete(follows).where(eq(follows.id, f.id)), ...followRecounts(db, [f.followerActorId, f.followingActorId])], undo);
}

async function findFollower(db: Db, handle: string) {
  const instance = await instanceActorOrFail(db);
  const value = handle.trim().toLowerCase().replace(/^@/, '');
  const at = value.lastIndexOf('@');
  if (at <= 0) throw ApiError.badRequest('Should have a valid name with host (name@host).');
  const [row] = await db
    .select({ follow: follows })
    .from(follows)
    .innerJoin(followerActors, eq(followerActors.id, follows.followerActorId))
    .where(
      and(eq(follows.followingActorId, instance.id), eq(followerActors.preferredUsername, value.slice(0, at)), eq(followerActors.host, value.slice(at + 1))),
    )
    .limit(1);
  if (!row) throw ApiError.notFound(`Follower ${handle} not found.`);
  return row.follow;
}

/**
 * POST /server/followers/{handle}/accept|reject, and DELETE /server/followers/{handle}
 * (reject too: PeerTube sends Reject and removes the follow).
 */
export async function answerServerFollower(db: Db, queue: JobQueue, handle: string, answer: 'accept' | 'reject'): Promise<void> {
  const f = await findFollower(db, handle);
  if (answer === 'accept' && f.state === 'accepted') throw ApiError.badRequest('Follow is already accepted.');
  const write =
    answer === 'accept'
      ? db.update(follows).set({ state: 'accepted', updatedAt: new Date() }).where(eq(follows.id, f.id))
      : db.delete(follows).where(eq(follows.id, f.id));
  const reply = f.activityUrl
    ? [
        jobInsert(db, {
          type: 'activitypub-follow',
          payload: {
            action: answer,
            followerActorId: f.followerActorId,
            followingActorId: f.followingActorId,
            followActivityId: f.activityUrl,
            followId: f.id,
          },
          maxAttempts: 5,
        }),
      ]
    : [];
  await batchWithJobs(db, queue, [write, ...followRecounts(db, [f.followerActorId, f.followingActorId])], reply);
}
