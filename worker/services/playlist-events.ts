import type { Db } from '../db/client';
import { PLAYLIST_PRIVACY } from '../db/schema';
import { enqueueJob, type JobQueue } from '../jobs/store';
import type { PlaylistEventPayload } from '../jobs/types';
import type { Actor, VideoPlaylist } from '../db/schema';

/** What an event needs of playlists.ts's PlaylistRow; declared here, as playlists.ts imports this module. */
type PlaylistRow = { playlist: VideoPlaylist; accountActor: Actor; channelActor: Actor | null };

/**
 * Domain events of local playlists, recorded as `activitypub-playlist` jobs for the outbox
 * (conventions.md, 6). As with videos, a failed enqueue is logged and never fails the write.
 */
async function record(db: Db, queue: JobQueue, payload: PlaylistEventPayload) {
  try {
    await enqueueJob(db, queue, { type: 'activitypub-playlist', payload });
  } catch (err) {
    console.error('could not record a playlist event', payload, err);
  }
}

const isPrivate = (privacy: number) => privacy === PLAYLIST_PRIVACY.PRIVATE;

/** A playlist made, or its privacy or content changed: PeerTube's Create when it stops being private, Delete when it becomes private, Update otherwise. */
export async function recordPlaylistChanged(db: Db, queue: JobQueue, row: PlaylistRow, before: { privacy: number } | null) {
  const now = row.playlist.privacy;
  if (before && !isPrivate(before.privacy) && isPrivate(now)) return recordPlaylistDeleted(db, queue, row, before);
  if (isPrivate(now)) return;
  await record(db, queue, { action: before === null || isPrivate(before.privacy) ? 'create' : 'update', playlistId: row.playlist.id });
}

/** The row is gone by the time the job runs, so the event carries what the Delete needs. */
export async function recordPlaylistDeleted(db: Db, queue: JobQueue, row: PlaylistRow, before: { privacy: number } = row.playlist) {
  if (isPrivate(before.privacy)) return;
  await record(db, queue, {
    action: 'delete',
    playlistUrl: row.playlist.url,
    accountActorId: row.accountActor.id,
    channelActorId: row.channelActor?.id ?? null,
  });
}
