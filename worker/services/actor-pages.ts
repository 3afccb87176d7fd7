/**
 * What the channel and account pages show, each in one pipeline (one libSQL round trip): the
 * actor by its handle, a page of its public videos and their count, its channels, and whether the
 * viewer follows it. The lists select by a subquery on the handle, so nothing waits for the actor.
 */
import { and, asc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, follows, videoChannels } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import type { ChannelWithOwner } from '../serializers/channel';
import type { AccountWithActor } from '../serializers/account';
import { parseHandle } from './actors';
import { selectChannels, toChannel } from './channels';
import { toVideoList, videoListQueries, type VideoRow } from './video-queries';
import type { NsfwPolicy, Viewer } from './viewer';

export type FollowState = 'pending' | 'accepted' | 'rejected' | null;

const handleIs = (config: Config, handle: string): SQL => {
  const { name, host } = parseHandle(handle, config);
  return and(eq(actors.preferredUsername, name), host === null ? isNull(actors.host) : eq(actors.host, host))!;
};

/** The viewer's follow of an actor, selected by a subquery on that actor's id. */
function followQuery(db: Db, viewer: Viewer, actorId: SQL) {
  return db
    .select({ state: follows.state })
    .from(follows)
    .innerJoin(accounts, eq(accounts.actorId, follows.followerActorId))
    .where(and(eq(accounts.id, viewer.accountId), sql`${follows.followingActorId} = (${actorId})`))
    .limit(1);
}

export type ChannelPage = { channel: ChannelWithOwner; videos: ResultList<VideoRow>; follow: FollowState };

/** Who looks, which page of videos, and the viewer's NSFW policy. */
export type PageQuery = { viewer: Viewer | undefined; page: Pagination; policy: NsfwPolicy };

export async function loadChannelPage(db: Db, config: Config, handle: string, { viewer, page, policy }: PageQuery): Promise<ChannelPage> {
  const where = handleIs(config, handle);
  const channelId = sql`select ${videoChannels.id} from ${videoChannels} inner join ${actors} on ${actors.id} = ${videoChannels.actorId} where ${where}`;
  const actorId = sql`select ${actors.id} from ${actors} inner join ${videoChannels} on ${videoChannels.actorId} = ${actors.id} where ${where}`;
  const [rows, list, count, follow] = await db.batch([
    selectChannels(db).where(where).limit(1),
    ...videoListQueries(db, viewer, { kind: 'public', channelId }, {}, page, policy),
    viewer
      ? followQuery(db, viewer, actorId)
      : db
          .select({ state: follows.state })
          .from(follows)
          .where(sql`0`),
  ]);
  if (!rows[0]) throw ApiError.notFound('Video channel not found');
  return { channel: toChannel(rows[0]), videos: toVideoList(list, count), follow: follow[0]?.state ?? null };
}

export type AccountPage = { account: AccountWithActor; channels: ChannelWithOwner[]; videos: ResultList<VideoRow> };

export async function loadAccountPage(db: Db, config: Config, handle: string, { viewer, page, policy }: PageQuery): Promise<AccountPage> {
  const where = handleIs(config, handle);
  const accountId = sql`select ${accounts.id} from ${accounts} inner join ${actors} on ${actors.id} = ${accounts.actorId} where ${where}`;
  const [rows, channels, list, count] = await db.batch([
    db.select({ account: accounts, actor: actors }).from(accounts).innerJoin(actors, eq(actors.id, accounts.actorId)).where(where).limit(1),
    selectChannels(db)
      .where(sql`${videoChannels.accountId} = (${accountId})`)
      .orderBy(asc(videoChannels.id))
      .limit(20),
    ...videoListQueries(db, viewer, { kind: 'public', accountId }, {}, page, policy),
  ]);
  if (!rows[0]) throw ApiError.notFound('Account not found');
  return { account: rows[0], channels: channels.map(toChannel), videos: toVideoList(list, count) };
}
