/**
 * Flag: another instance reports a video or account we know (PeerTube's processFlagActivity;
 * Mastodon sends `object: [account, ...statuses]`). One activity is one abuse row, keyed by
 * the activity id, so a replay records nothing new.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { accounts, actors, videoChannels, videos } from '../../../db/schema';
import { ABUSE_PREDEFINED_REASONS, recordReceivedAbuse } from '../../../services/abuses';
import { idOf } from '../../as-values';
import { contentToText } from '../html-to-text';
import { accountOfActor } from './rate-helpers';
import { ignored, processed, type ActivityHandler } from './types';

const MAX_REASON = 3000;

export const handleFlag: ActivityHandler = async (ctx, activity) => {
  const objects = (Array.isArray(activity.object) ? activity.object : [activity.object])
    .map(idOf)
    .filter((u): u is string => typeof u === 'string')
    .slice(0, 50);
  if (objects.length === 0) return ignored('Flag without an object');

  const [video] = await ctx.db
    .select({ id: videos.id, accountId: videoChannels.accountId })
    .from(videos)
    .innerJoin(videoChannels, eq(videoChannels.id, videos.channelId))
    .where(inArray(videos.url, objects))
    .limit(1);
  const [account] = video
    ? []
    : await ctx.db
        .select({ id: accounts.id })
        .from(accounts)
        .innerJoin(actors, eq(actors.id, accounts.actorId))
        .where(and(inArray(actors.url, objects), eq(actors.type, 'Person')))
        .limit(1);
  const flaggedAccountId = video?.accountId ?? account?.id;
  if (flaggedAccountId === undefined) return ignored(`Flag of ${objects.join(', ')}, none of which is known here`);

  const tags = Array.isArray(activity.tag) ? activity.tag : [];
  const predefinedReasons = tags
    .map((t) => (t && typeof t === 'object' ? (t as { name?: unknown }).name : undefined))
    .filter((n): n is (typeof ABUSE_PREDEFINED_REASONS)[number] => typeof n === 'string' && (ABUSE_PREDEFINED_REASONS as readonly string[]).includes(n));
  const reason = contentToText(activity).slice(0, MAX_REASON) || 'No reason given';
  const reporter = await accountOfActor(ctx, ctx.signer.id);

  const { created } = await recordReceivedAbuse(ctx.db, {
    activityUrl: activity.id,
    reason,
    predefinedReasons: [...new Set(predefinedReasons)],
    reporterAccountId: reporter?.id ?? null,
    flaggedAccountId,
    videoId: video?.id ?? null,
  });
  return created ? processed(`abuse reported by ${ctx.signer.url}`) : ignored(`Flag ${activity.id} already recorded`);
};
