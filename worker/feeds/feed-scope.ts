import type { Context } from 'hono';
import type { SQL } from 'drizzle-orm';
import type { BatchItem, BatchResponse } from 'drizzle-orm/batch';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { accountByHandleQuery, accountByIdQuery, accountIdByHandle } from '../services/accounts';
import { channelByHandleQuery, channelByIdQuery, channelIdByHandle, toChannel, type ChannelRow } from '../services/channels';
import { serializeAccount, type AccountWithActor } from '../serializers/account';
import { serializeChannel } from '../serializers/channel';
import { getCustomConfig } from '../services/instance-settings';
import { FEED_CONTENT_TYPES, type FeedFormat, type FeedMeta } from '../serializers/feed';
import type { Config } from '../config';

/** `accountId`, `accountName`, `videoChannelId`, `videoChannelName` (PeerTube's feedsAccountOrChannelFiltersValidator). */
export type ScopeQuery = { accountId?: number; accountName?: string; videoChannelId?: number; videoChannelName?: string };

/** The scope's ids as a feed's queries filter on them: values, or subqueries on the handles (video-queries.ts `idIs`). */
export type ScopeIds = { accountId?: number | SQL; channelId?: number | SQL };

/** What the lookups of a scope found; a lookup is absent when the query names no such scope. */
export type ScopeRows = { channel?: ChannelRow[]; account?: AccountWithActor[] };

const abs = (config: Config, path: string | undefined) => (path ? `${config.publicUrl}${path}` : undefined);

/**
 * A feed in one libSQL round trip (issue 9): the lookups of its account or channel travel in the
 * pipeline of the feed's own queries, which name the scope by its id or by a subquery on its
 * handle, so nothing waits for the lookups' answer. `feedScope` then reads the lookups.
 */
export async function feedPipeline<T extends readonly BatchItem<'sqlite'>[]>(
  c: Context<AppEnv>,
  q: ScopeQuery,
  queries: (ids: ScopeIds) => T,
): Promise<{ rows: ScopeRows; results: BatchResponse<T> }> {
  const { db, config } = c.var;
  const byChannelName = q.videoChannelId === undefined && q.videoChannelName !== undefined;
  const byAccountName = q.accountId === undefined && q.accountName !== undefined;
  const channel =
    q.videoChannelId !== undefined ? channelByIdQuery(db, q.videoChannelId) : byChannelName ? channelByHandleQuery(db, config, q.videoChannelName!) : undefined;
  const account = q.accountId !== undefined ? accountByIdQuery(db, q.accountId) : byAccountName ? accountByHandleQuery(db, config, q.accountName!) : undefined;
  const ids: ScopeIds = {
    channelId: byChannelName ? channelIdByHandle(config, q.videoChannelName!) : q.videoChannelId,
    accountId: byAccountName ? accountIdByHandle(config, q.accountName!) : q.accountId,
  };
  const lookups = [channel, account].filter((l) => l !== undefined);
  const answers = await db.batch([...lookups, ...queries(ids)] as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  const rows: ScopeRows = {
    channel: channel && (answers.shift() as ChannelRow[]),
    account: account && (answers.shift() as AccountWithActor[]),
  };
  return { rows, results: answers as unknown as BatchResponse<T> };
}

/**
 * The account or channel a feed is about, and the feed's title, description, link and images
 * (PeerTube's buildFeedMetadata); the instance's when neither is given. Unknown ones are a 404.
 */
export async function feedScope(c: Context<AppEnv>, rows: ScopeRows) {
  const { db, config } = c.var;
  const channel = rows.channel && rows.channel[0] ? toChannel(rows.channel[0]) : undefined;
  if (rows.channel && !channel) throw ApiError.notFound('Video channel not found');
  const account = rows.account?.[0];
  if (rows.account && !account) throw ApiError.notFound('Account not found');

  let meta: Omit<FeedMeta, 'resourceType' | 'queryString'>;
  if (channel) {
    const ch = serializeChannel(channel, config);
    const accountImage = abs(config, ch.ownerAccount.avatars[0]?.path);
    meta = {
      name: ch.displayName,
      description: ch.description ?? '',
      link: `${config.publicUrl}/c/${ch.isLocal ? ch.name : `${ch.name}@${ch.host}`}`,
      imageUrl: abs(config, ch.avatars[0]?.path),
      author: {
        name: ch.displayName,
        link: `${config.publicUrl}/a/${ch.isLocal ? ch.ownerAccount.name : `${ch.ownerAccount.name}@${ch.host}`}`,
        imageUrl: accountImage,
      },
    };
  } else if (account) {
    const a = serializeAccount(account, config);
    const local = account.actor.host === null;
    const link = `${config.publicUrl}/a/${local ? a.name : `${a.name}@${a.host}`}`;
    const imageUrl = abs(config, a.avatars[0]?.path);
    meta = { name: a.displayName, description: a.description ?? '', link, imageUrl, author: { name: a.displayName, link, imageUrl } };
  } else {
    const custom = await getCustomConfig(db, config);
    meta = { name: custom.instance.name, description: custom.instance.description, link: config.publicUrl };
  }
  return { accountId: account?.account.id, channelId: channel?.channel.id, meta };
}

/** Express's req.accepts: the client's most wanted of `types`, the earlier on a tie; undefined when none fits. */
function accepts(header: string | undefined, types: string[]): string | undefined {
  if (!header) return types[0];
  const ranges = header.split(',').map((part) => {
    const [range, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { range: range.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  let best: { type: string; q: number } | undefined;
  for (const type of types) {
    const [major] = type.split('/');
    const q = Math.max(0, ...ranges.filter((r) => r.range === type || r.range === `${major}/*` || r.range === '*/*').map((r) => r.q));
    if (q > 0 && (!best || q > best.q)) best = { type, q };
  }
  return best?.type;
}

/** The content type for a feed format and the request's Accept, or PeerTube's 406. */
export function feedContentType(c: Context<AppEnv>, format: FeedFormat, explicit: boolean) {
  const types = FEED_CONTENT_TYPES[explicit ? format : 'xml'];
  const type = accepts(c.req.header('accept'), types);
  if (!type) throw new ApiError(406, undefined, `You should accept at least one of the following content-types: ${types.join(', ')}`);
  return type;
}
