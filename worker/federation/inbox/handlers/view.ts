/**
 * View of one of our videos, sent by the instance where someone watched it
 * (PeerTube federates views to the video's origin). Counted once per activity id.
 * Views of live videos carry `expires` and are viewer heartbeats: not counted.
 */
import { and, eq, sql } from 'drizzle-orm';
import { videos } from '../../../db/schema';
import { idOf } from '../../as-values';
import { ignored, processed, type ActivityHandler } from './types';

export const handleView: ActivityHandler = async (ctx, activity) => {
  const videoUrl = idOf(activity.object);
  if (!videoUrl) return ignored('View without an object');
  if (activity.expires !== undefined) return ignored('a live viewer heartbeat');
  const done = await ctx.db
    .update(videos)
    .set({ views: sql`${videos.views} + 1` })
    .where(and(eq(videos.url, videoUrl), eq(videos.isLocal, true)))
    .returning({ id: videos.id });
  return done.length ? processed(`view of ${videoUrl}`) : ignored(`View of ${videoUrl}, which is not a local video`);
};
