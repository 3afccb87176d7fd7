/**
 * The activities that tell followers about a local video, in PeerTube 6.3's shapes
 * (fixtures/peertube-6.3/signed/create-video-…, update-video-…, announce-video-…):
 * the owner account Creates, Updates and Deletes it; the channel and the instance
 * actor Announce it.
 */
import type { Config } from '../../config';
import type { Actor } from '../../db/schema';
import type { VideoExtras, VideoRow } from '../../services/video-queries';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from '../context';
import { serializeVideoObject, videoAudience } from '../objects/serialize-video';
import { VIDEO_CONTEXT } from '../objects/video-context';

const followersOf = (a: Pick<Actor, 'url' | 'followersUrl'>) => a.followersUrl || `${a.url}/followers`;

function videoObject(config: Config, row: VideoRow, extras: VideoExtras) {
  const { '@context': _context, ...object } = serializeVideoObject(config, row, extras);
  return object;
}

export function buildCreateVideo(config: Config, row: VideoRow, extras: VideoExtras) {
  return {
    '@context': VIDEO_CONTEXT,
    type: 'Create',
    id: `${row.video.url}/activity`,
    actor: row.accountActor.url,
    ...videoAudience(row),
    object: videoObject(config, row, extras),
  };
}

/** `at` makes each Update's id unique, as PeerTube's `<video>/updates/<iso date>`. */
export function buildUpdateVideo(config: Config, row: VideoRow, extras: VideoExtras, at = new Date()) {
  return {
    '@context': VIDEO_CONTEXT,
    type: 'Update',
    id: `${row.video.url}/updates/${at.toISOString()}`,
    actor: row.accountActor.url,
    ...videoAudience(row),
    object: videoObject(config, row, extras),
  };
}

/** Announce by the channel or by the instance actor, addressed as PeerTube addresses it. */
export function buildAnnounceVideo(row: VideoRow, by: Pick<Actor, 'id' | 'url' | 'followersUrl'>, instanceActor?: Pick<Actor, 'url' | 'followersUrl'>) {
  const to = [AS_PUBLIC, followersOf(row.channelActor), ...(instanceActor ? [followersOf(instanceActor)] : []), followersOf(row.accountActor)];
  return {
    '@context': ACTIVITY_CONTEXT,
    type: 'Announce',
    id: `${row.video.url}/announces/${by.id}`,
    actor: by.url,
    to: [...new Set(to)],
    cc: [],
    object: row.video.url,
  };
}

/** Delete needs no row: the video may already be gone when it is sent. */
export function buildDeleteVideo(video: { url: string }, account: Pick<Actor, 'url' | 'followersUrl'>) {
  return {
    '@context': ACTIVITY_CONTEXT,
    type: 'Delete',
    id: `${video.url}/delete`,
    actor: account.url,
    to: [AS_PUBLIC],
    cc: [followersOf(account)],
    object: video.url,
  };
}
