import type { Context } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { getAccountByHandle, loadAccount } from '../services/accounts';
import { getChannelById, getChannelByHandle } from '../services/channels';
import { serializeAccount } from '../serializers/account';
import { serializeChannel } from '../serializers/channel';
import { getCustomConfig } from '../services/instance-settings';
import { FEED_CONTENT_TYPES, type FeedFormat, type FeedMeta } from '../serializers/feed';
import type { Config } from '../config';

/** `accountId`, `accountName`, `videoChannelId`, `videoChannelName` (PeerTube's feedsAccountOrChannelFiltersValidator). */
export type ScopeQuery = { accountId?: number; accountName?: string; videoChannelId?: number; videoChannelName?: string };

const abs = (config: Config, path: string | undefined) => (path ? `${config.publicUrl}${path}` : undefined);

/**
 * The account or channel a feed is about, and the feed's title, description, link and images
 * (PeerTube's buildFeedMetadata); the instance's when neither is given. Unknown ones are a 404.
 */
export async function resolveFeedScope(c: Context<AppEnv>, q: ScopeQuery) {
  const { db, config } = c.var;
  const channel =
    q.videoChannelId !== undefined
      ? await getChannelById(db, q.videoChannelId)
      : q.videoChannelName !== undefined
        ? await getChannelByHandle(db, config, q.videoChannelName)
        : undefined;
  if ((q.videoChannelId !== undefined || q.videoChannelName !== undefined) && !channel) throw ApiError.notFound('Video channel not found');
  const account =
    q.accountId !== undefined
      ? await loadAccount(db, q.accountId)
      : q.accountName !== undefined
        ? await getAccountByHandle(db, config, q.accountName)
        : undefined;
  if ((q.accountId !== undefined || q.accountName !== undefined) && !account) throw ApiError.notFound('Account not found');

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
