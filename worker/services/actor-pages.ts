/**
 * What the channel and account pages show, each in one pipeline (one libSQL round trip): the
 * actor by its handle, a page of its public videos and their count, its channels, and whether the
 * viewer follows it. The lists select by a subquery on the handle, so nothing waits for the actor.
 */
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accounts, actors, follows, videoChannels } from '../db/schema';
import { ApiError } from '../errors';
import type { Pagination, ResultList } from '../http/pagination';
import type { ChannelWithOwner } from '../serializers/channel';
import type { AccountWithActor } from '../serializers/account';
import { handleWhere } from './actors';
import { accountByHandleQuery, accountIdByHandle } from './accounts';
import { channelByHandleQuery, channelIdByHandle, selectChannels, toChannel } from './channels';
import { toVideoList, videoListQueries, type VideoRow } from './video-queries';
import type { NsfwPolicy, Viewer } from './viewer';

export type FollowState = 'pending' | 'accepted' | 'rejected' | null;

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
  const where = handleWhere(config, handle);
  const channelId = channelIdByHandle(config, handle);
  const actorId = sql`select ${actors.id} from ${actors} inner join ${videoChannels} on ${videoChannels.actorId} = ${actors.id} where ${where}`;
  const [rows, list, count, follow] = await db.batch([
    channelByHandleQuery(db, config, handle),
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
  const accountId = accountIdByHandle(config, handle);
  const [rows, channels, list, count] = await db.batch([
    accountByHandleQuery(db, config, handle),
    selectChannels(db)
      .where(sql`${videoChannels.accountId} = (${accountId})`)
      .orderBy(asc(videoChannels.id))
      .limit(20),
    ...videoListQueries(db, viewer, { kind: 'public', accountId }, {}, page, policy),
  ]);
  if (!rows[0]) throw ApiError.notFound('Account not found');
  return { account: rows[0], channels: channels.map(toChannel), videos: toVideoList(list, count) };
}
