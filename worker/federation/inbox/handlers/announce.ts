/**
 * Announce: a channel or an instance actor shares a video (PeerTube sends both,
 * fixtures/peertube-6.3/signed/announce-video-…). We index it when we follow the announcer.
 */
import { handleAnnounceVideo } from './video';
import type { ActivityHandler } from './types';

export const handleAnnounce: ActivityHandler = (ctx, activity) => handleAnnounceVideo(ctx, activity);
