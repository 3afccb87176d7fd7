/**
 * Tells remote followers about a local playlist, as PeerTube's send-create/update/delete of a
 * VideoPlaylist: from the owner account, to the followers of the account, of the playlist's
 * channel and of the instance. Private playlists are never sent (PeerTube's sendCreateVideoPlaylist).
 */
import { eq } from 'drizzle-orm';
import { actors, PLAYLIST_PRIVACY } from '../../db/schema';
import type { PlaylistEventPayload } from '../../jobs/types';
import { findPlaylist } from '../../services/playlists';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from '../context';
import type { FederationDeps } from '../deps';
import { findInstanceActor } from '../local-actors';
import { playlistAudience, serializePlaylistObject } from '../objects/serialize-playlist';
import { deliveryInboxes, remoteFollowers } from './recipients';
import { sendToInboxes } from './send';

async function recipientInboxes(deps: FederationDeps, actorIds: Array<number | null>) {
  const instance = await findInstanceActor(deps.db);
  const ids = [...new Set([...actorIds, instance?.id ?? null].filter((id): id is number => id !== null))];
  const followers = (await Promise.all(ids.map((id) => remoteFollowers(deps.db, id)))).flat();
  return deliveryInboxes(followers);
}

export async function federatePlaylist(deps: FederationDeps, event: PlaylistEventPayload): Promise<'sent' | 'skipped'> {
  if (event.action === 'delete') {
    const [account] = await deps.db.select().from(actors).where(eq(actors.id, event.accountActorId)).limit(1);
    if (!account) return 'skipped';
    const activity = {
      '@context': ACTIVITY_CONTEXT,
      type: 'Delete',
      id: `${event.playlistUrl}/delete`,
      actor: account.url,
      to: [AS_PUBLIC],
      cc: [account.followersUrl || `${account.url}/followers`],
      object: event.playlistUrl,
    };
    await sendToInboxes(deps, { from: account, inboxes: await recipientInboxes(deps, [event.accountActorId, event.channelActorId]), activity });
    return 'sent';
  }
  const row = await findPlaylist(deps.db, { id: event.playlistId });
  if (!row || !row.playlist.isLocal || row.playlist.privacy === PLAYLIST_PRIVACY.PRIVATE) return 'skipped';
  // The object goes without its pages: receivers read the elements from `first`, as from PeerTube.
  const { '@context': _context, ...object } = await serializePlaylistObject(deps.config, row, undefined, async () => ({ total: row.videosLength, data: [] }));
  const type = event.action === 'create' ? 'Create' : 'Update';
  const activity = {
    '@context': ACTIVITY_CONTEXT,
    type,
    id: type === 'Create' ? `${row.playlist.url}/activity` : `${row.playlist.url}/updates/${new Date().toISOString()}`,
    actor: row.accountActor.url,
    ...playlistAudience(row),
    object: { ...object, ...playlistAudience(row) },
  };
  await sendToInboxes(deps, { from: row.accountActor, inboxes: await recipientInboxes(deps, [row.accountActor.id, row.channelActor?.id ?? null]), activity });
  return 'sent';
}
