/**
 * Update of the signer's own actor (new name, avatar or key): refetched from its
 * origin rather than read from the activity. Updates of videos and notes are not handled yet.
 */
import { resolveActor } from '../../remote-actors';
import { idOf } from '../../as-values';
import { ignored, processed, type ActivityHandler } from './types';
import { handleCreateOrUpdateVideo, isVideoObject } from './video';
import { handleCreateOrUpdatePlaylist, isPlaylistObject } from './playlist';

const ACTOR_TYPES = new Set(['Person', 'Group', 'Application', 'Service', 'Organization']);

export const handleUpdate: ActivityHandler = async (ctx, activity) => {
  const object = activity.object as Record<string, unknown> | string | undefined;
  const objectId = idOf(object);
  if (!objectId) return ignored('Update without an object');
  if (isVideoObject(object)) return handleCreateOrUpdateVideo(ctx, activity);
  if (isPlaylistObject(object)) return handleCreateOrUpdatePlaylist(ctx, object as Record<string, unknown>);
  const type = typeof object === 'object' ? object.type : undefined;
  if (objectId !== ctx.signer.url || (type !== undefined && !ACTOR_TYPES.has(String(type)))) {
    return ignored(`Update of ${String(type ?? objectId)} is not handled yet`);
  }
  await resolveActor(ctx, objectId, { refresh: true });
  return processed(`actor ${objectId} refreshed`);
};
