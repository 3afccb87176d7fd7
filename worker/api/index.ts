import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { configRoutes } from './config';
import { jobRoutes } from './job-list';
import { runnerRoutes } from './runners';
import { oauthClientRoutes, tokenRoutes } from './oauth';
import { userRoutes } from './users';
import { userRegistrationRoutes } from './user-registrations';
import { accountRoutes } from './accounts';
import { videoChannelRoutes } from './video-channels';
import { videoBlacklistRoutes } from './video-blacklist';
import { videoUploadRoutes } from './video-uploads';
import { videoRoutes } from './videos';
import { videoListRoutes } from './videos-lists';
import { serverRoutes } from './server';
import { searchRoutes } from './search';
import { videoCommentRoutes } from './video-comments';
import { userVideoRatingRoutes, videoRateRoutes } from './video-rates';
import { videoViewRoutes } from './video-views';
import { videoCaptionRoutes } from './video-captions';
import { blocklistRoutes, blocklistStatusRoutes } from './blocklist';
import { abuseRoutes, myAbuseRoutes } from './abuses';
import { subscriptionRoutes } from './subscriptions';
import { notificationRoutes } from './notifications';
import { p2pRoutes } from './p2p';
import { videoPlaylistRoutes } from './video-playlists';
import { playlistListRoutes } from './playlist-lists';
import { channelImageRoutes, myAvatarRoutes } from './actor-images';

/** The REST API, PeerTube-compatible, mounted at /api/v1. */
export function apiRoutes() {
  const api = new Hono<AppEnv>();
  // PeerTube's liveness probe; it touches no I/O, so the read benchmark measures against it.
  api.get('/ping', (c) => c.text('pong'));
  api.route('/config', configRoutes());
  api.route('/jobs', jobRoutes());
  api.route('/runners', runnerRoutes());
  api.route('/oauth-clients', oauthClientRoutes());
  api.route('/users/me/blocklist', blocklistRoutes('me'));
  api.route('/users/me/subscriptions', subscriptionRoutes());
  api.route('/users/me/abuses', myAbuseRoutes());
  api.route('/users/me', notificationRoutes());
  api.route('/users/me', myAvatarRoutes());
  api.route('/users', tokenRoutes());
  api.route('/users', userVideoRatingRoutes());
  api.route('/users', userRegistrationRoutes());
  api.route('/users', userRoutes());
  api.route('/accounts', accountRoutes());
  api.route('/video-channels', channelImageRoutes());
  api.route('/video-channels', videoChannelRoutes());
  // Uploads first: PUT/DELETE /videos/upload-resumable must not be taken for /videos/:id.
  api.route('/videos', videoBlacklistRoutes());
  api.route('/videos', videoUploadRoutes());
  api.route('/videos', videoRoutes());
  api.route('/videos', videoCommentRoutes());
  api.route('/videos', videoRateRoutes());
  api.route('/videos', videoViewRoutes());
  api.route('/videos', videoCaptionRoutes());
  api.route('/server', serverRoutes());
  api.route('/search', searchRoutes());
  api.route('/p2p', p2pRoutes());
  api.route('/abuses', abuseRoutes());
  api.route('/blocklist', blocklistStatusRoutes());
  api.route('/video-playlists', videoPlaylistRoutes());
  api.route('/', playlistListRoutes());
  api.route('/', videoListRoutes());
  return api;
}
