/**
 * Like, Dislike and View activities of a video, in PeerTube's shapes (send-like.ts,
 * send-dislike.ts, send-view.ts; accepted-by-peertube-like.json). Each is served at its
 * id (routes/social-objects.ts): PeerTube's cleaner refetches rates and deletes them on 404.
 */
import type { Actor } from '../../db/schema';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from '../context';
import { followersUrlOf } from './serialize-note';

/** PeerTube's getPublicAudience. */
export const publicAudience = (actor: Pick<Actor, 'url' | 'followersUrl'>) => ({ to: [AS_PUBLIC], cc: [followersUrlOf(actor)] });

export function serializeRate(input: { type: 'like' | 'dislike'; id: string; actor: Pick<Actor, 'url' | 'followersUrl'>; videoUrl: string }) {
  return {
    '@context': ACTIVITY_CONTEXT,
    id: input.id,
    type: input.type === 'like' ? ('Like' as const) : ('Dislike' as const),
    actor: input.actor.url,
    object: input.videoUrl,
    ...publicAudience(input.actor),
  };
}

/**
 * A counted view (no `expires`: with it, PeerTube reads a live-viewer heartbeat, and so does our
 * inbox). Sent by the instance actor, as PeerTube's VideoViewsManager does.
 */
export function serializeView(input: { id: string; actor: Pick<Actor, 'url' | 'followersUrl'>; videoUrl: string }) {
  return {
    '@context': ACTIVITY_CONTEXT,
    id: input.id,
    type: 'View' as const,
    actor: input.actor.url,
    object: input.videoUrl,
    ...publicAudience(input.actor),
  };
}

/** PeerTube's getLocalVideoViewActivityPubUrl: `<actor>/views/videos/<video id>/<viewer id>`. */
export const localViewUrl = (actorUrl: string, videoId: number, viewerIdentifier: string) => `${actorUrl}/views/videos/${videoId}/${viewerIdentifier}`;

/** Undo of a rate we sent: PeerTube's `<activity id>/undo`, the activity quoted in full. */
export function serializeUndo(activity: { id: string; actor: string; to: string[]; cc: string[] } & Record<string, unknown>) {
  const { '@context': _context, ...object } = activity;
  return {
    '@context': ACTIVITY_CONTEXT,
    id: `${activity.id}/undo`,
    type: 'Undo' as const,
    actor: activity.actor,
    to: activity.to,
    cc: activity.cc,
    object,
  };
}
