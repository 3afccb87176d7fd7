/**
 * Create, Update and Delete of a remote `Video`, called from create.ts, update.ts
 * and delete.ts. A Video is taken when one of our actors follows its account, its
 * channel or its instance (or it is already indexed, for an Update); PeerTube sends
 * Create(Video) to the account's followers and Update to both (fixtures/peertube-6.3/signed/).
 */
import { idOf, sameOrigin } from '../../as-values';
import { deleteRemoteVideo, findRemoteVideoId, indexVideoFromActivity, isFollowedLocally } from '../../remote-videos/store';
import { notifyNewVideo } from '../../../services/notifications';
import { ignored, processed, type HandlerResult, type InboxContext } from './types';
import type { Activity } from '../activity';

/** Whether the object of an activity is a Video given inline. */
export function isVideoObject(object: unknown): boolean {
  return !!object && typeof object === 'object' && (object as { type?: unknown }).type === 'Video';
}

function attributedUrls(object: unknown): string[] {
  if (!object || typeof object !== 'object') return [];
  const a = (object as { attributedTo?: unknown }).attributedTo;
  return (Array.isArray(a) ? a : [a]).map(idOf).filter((u): u is string => typeof u === 'string');
}

export async function handleCreateOrUpdateVideo(ctx: InboxContext, activity: Activity): Promise<HandlerResult> {
  const videoUrl = idOf(activity.object);
  if (!videoUrl) return ignored(`${activity.type} of a Video without an id`);
  const host = new URL(ctx.signer.url).host.toLowerCase();
  const known = await findRemoteVideoId(ctx, videoUrl);
  if (!known && !(await isFollowedLocally(ctx, [ctx.signer.url, ...attributedUrls(activity.object)], host))) {
    return ignored(`${activity.type} of ${videoUrl}: nobody here follows ${ctx.signer.url}`);
  }
  const stored = await indexVideoFromActivity(ctx, ctx.signer, activity.object);
  // A video new to us, from a channel someone here subscribes to (PeerTube notifies on create only).
  if (stored && !known && activity.type === 'Create') await notifyNewVideo(ctx.db, stored.videoId);
  return stored ? processed(`video ${stored.url} indexed`) : ignored(`${videoUrl} could not be indexed`);
}

/** Announce of a video by a channel or an instance we follow: the object is fetched from its origin. */
export async function handleAnnounceVideo(ctx: InboxContext, activity: Activity): Promise<HandlerResult> {
  const videoUrl = idOf(activity.object);
  if (!videoUrl) return ignored('Announce without an object');
  const host = new URL(ctx.signer.url).host.toLowerCase();
  const known = await findRemoteVideoId(ctx, videoUrl);
  if (!known && !(await isFollowedLocally(ctx, [ctx.signer.url], host))) return ignored(`Announce by ${ctx.signer.url}, whom nobody here follows`);
  // Only an object of the signer's origin is taken as sent; anything else is refetched.
  const object = typeof activity.object === 'object' && sameOrigin(videoUrl, ctx.signer.url) ? activity.object : videoUrl;
  const stored = await indexVideoFromActivity(ctx, ctx.signer, object);
  if (stored && !known) await notifyNewVideo(ctx.db, stored.videoId);
  return stored ? processed(`video ${stored.url} indexed`) : ignored(`Announce of ${videoUrl}, which is not a video we can index`);
}

/** Delete of a remote video by its owner; null when `url` is not such a video (the caller tries other objects). */
export async function handleDeleteVideo(ctx: InboxContext, url: string): Promise<HandlerResult | null> {
  return (await deleteRemoteVideo(ctx, ctx.signer, url)) ? processed(`video ${url} deleted`) : null;
}
