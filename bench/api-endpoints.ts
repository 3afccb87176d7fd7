/**
 * The read endpoints `npm run bench:api` loads, each anonymously and logged in.
 * Add yours here: a name, a path built from what the seed made, and the Accept header a
 * real client sends. Everything else (load, round trips, ratios) is the bench's.
 *
 * @example
 *   { name: 'channel page', path: (s) => `/c/${s.channelName}` },
 */
import type { Seeded } from './lib/api-seed';

export const ACTIVITY_JSON = 'application/activity+json';
export const HTML = 'text/html,application/xhtml+xml';
/** What feed readers send. */
export const FEED = 'application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8';

export interface BenchEndpoint {
  name: string;
  path: (seeded: Seeded) => string;
  accept?: string;
  /** Loaded only anonymously (for example a route that rejects tokens). */
  anonymousOnly?: boolean;
  /**
   * A page for signed-in people only (anonymously, a redirect to sign in): loaded only logged in,
   * with the session cookie of the seeded user, or of root for the administration pages.
   */
  signedInOnly?: 'user' | 'root';
}

/** The route that does no I/O: every other figure is divided by its req/s from the same run. */
export const NO_IO_ENDPOINT: BenchEndpoint = { name: 'ping (no I/O)', path: () => '/api/v1/ping' };

export const API_ENDPOINTS: BenchEndpoint[] = [
  { name: 'videos list', path: () => '/api/v1/videos?count=15' },
  { name: 'video detail', path: (s) => `/api/v1/videos/${s.videoUuid}` },
  { name: 'video captions', path: (s) => `/api/v1/videos/${s.videoUuid}/captions` },
  { name: 'video chapters', path: (s) => `/api/v1/videos/${s.videoUuid}/chapters` },
  { name: 'comment threads', path: (s) => `/api/v1/videos/${s.videoUuid}/comment-threads` },
  { name: 'webfinger', path: (s) => `/.well-known/webfinger?resource=acct:root@${s.host}` },
  { name: 'nodeinfo', path: () => '/nodeinfo/2.0.json' },
  { name: 'AP actor', path: () => '/accounts/root', accept: ACTIVITY_JSON },
  { name: 'AP video', path: (s) => `/videos/watch/${s.videoUuid}`, accept: ACTIVITY_JSON },
  { name: 'AP outbox', path: () => '/accounts/root/outbox', accept: ACTIVITY_JSON },
  { name: 'config', path: () => '/api/v1/config' },
  { name: 'account', path: () => '/api/v1/accounts/root' },
  { name: 'account videos', path: () => '/api/v1/accounts/root/videos?count=15' },
  { name: 'account channels', path: () => '/api/v1/accounts/root/video-channels' },
  { name: 'channel', path: () => '/api/v1/video-channels/root_channel' },
  { name: 'channel videos', path: () => '/api/v1/video-channels/root_channel/videos?count=15' },
  { name: 'channels list', path: () => '/api/v1/video-channels' },
  { name: 'AP channel', path: () => '/video-channels/root_channel', accept: ACTIVITY_JSON },
  { name: 'playlists list', path: () => '/api/v1/video-playlists?count=15' },
  { name: 'playlist', path: (s) => `/api/v1/video-playlists/${s.playlistUuid}` },
  { name: 'playlist elements', path: (s) => `/api/v1/video-playlists/${s.playlistUuid}/videos` },
  { name: 'channel playlists', path: () => '/api/v1/video-channels/root_channel/video-playlists' },
  { name: 'playlist search', path: () => '/api/v1/search/video-playlists?search=a' },
  { name: 'video search (host filter)', path: (s) => `/api/v1/search/videos?search=a&host=${s.host}` },
  { name: 'channel search (host filter)', path: (s) => `/api/v1/search/video-channels?search=a&host=${s.host}` },
  { name: 'registration requests (moderators)', path: () => '/api/v1/users/registrations', signedInOnly: 'root' },
  { name: 'comments on my videos', path: () => '/api/v1/users/me/videos/comments?isHeldForReview=true', signedInOnly: 'user' },
  { name: 'my watch history', path: () => '/api/v1/users/me/history/videos?count=15', signedInOnly: 'user' },
  { name: 'categories', path: () => '/api/v1/videos/categories' },
  { name: 'channel avatar', path: (s) => s.avatarPath, accept: 'image/avif,image/webp,image/*,*/*;q=0.8' },
  { name: 'accounts list', path: () => '/api/v1/accounts?count=15' },
  { name: 'server stats', path: () => '/api/v1/server/stats' },
  { name: 'blocklist status', path: (s) => `/api/v1/blocklist/status?hosts=example.com&accounts=root@${s.host}` },
  { name: 'AP video Create', path: (s) => `/videos/watch/${s.videoUuid}/activity`, accept: ACTIVITY_JSON },
  { name: 'AP video chapters', path: (s) => `/videos/watch/${s.videoUuid}/chapters`, accept: ACTIVITY_JSON },
  { name: 'home page', path: () => '/', accept: HTML },
  { name: 'watch page', path: (s) => `/videos/watch/${s.videoUuid}`, accept: HTML },
  { name: 'embed page', path: (s) => `/videos/embed/${s.videoUuid}`, accept: HTML },
  { name: 'home trending tab', path: () => '/videos/trending', accept: HTML },
  { name: 'channel page', path: () => '/c/root_channel', accept: HTML },
  { name: 'account page', path: () => '/a/root', accept: HTML },
  { name: 'search page', path: () => '/search?search=a', accept: HTML },
  { name: 'videos feed (RSS)', path: () => '/feeds/videos.xml', accept: FEED },
  { name: 'channel feed (JSON)', path: () => '/feeds/videos.json?videoChannelName=root_channel' },
  { name: 'comments feed (Atom)', path: () => '/feeds/video-comments.atom', accept: FEED },
  { name: 'subscriptions feed (token)', path: (s) => `/feeds/subscriptions.xml?accountId=${s.userAccountId}&token=${s.feedToken}`, accept: FEED },
  { name: 'sign-in page', path: () => '/login', accept: HTML, anonymousOnly: true },
  { name: 'my account page', path: () => '/my/account', accept: HTML, signedInOnly: 'user' },
  { name: 'my channels page', path: () => '/my/channels', accept: HTML, signedInOnly: 'user' },
  { name: 'notifications page', path: () => '/my/notifications', accept: HTML, signedInOnly: 'user' },
  { name: 'watch history page', path: () => '/my/history/videos', accept: HTML, signedInOnly: 'user' },
  { name: 'admin settings page', path: () => '/admin/settings', accept: HTML, signedInOnly: 'root' },
  { name: 'admin users page', path: () => '/admin/users', accept: HTML, signedInOnly: 'root' },
  { name: 'playlist page', path: (s) => `/w/p/${s.playlistUuid}`, accept: HTML },
  { name: 'channel playlists page', path: () => '/c/root_channel/video-playlists', accept: HTML },
  { name: 'my playlists page', path: () => '/my/library/video-playlists', accept: HTML, signedInOnly: 'user' },
  { name: 'admin registrations page', path: () => '/admin/registrations', accept: HTML, signedInOnly: 'root' },
  // Public reads clients and remote instances make (the audit of issue 9's round trips).
  { name: 'about', path: () => '/api/v1/config/about' },
  { name: 'local OAuth client', path: () => '/api/v1/oauth-clients/local' },
  { name: 'video description', path: (s) => `/api/v1/videos/${s.videoUuid}/description` },
  { name: 'comment thread', path: (s) => `/api/v1/videos/${s.videoUuid}/comment-threads/${s.threadId}` },
  { name: 'account playlists', path: () => '/api/v1/accounts/root/video-playlists' },
  { name: 'instance followers', path: () => '/api/v1/server/followers' },
  { name: 'instance following', path: () => '/api/v1/server/following' },
  { name: 'oEmbed', path: (s) => `/services/oembed?url=${encodeURIComponent(`http://${s.host}/w/${s.videoUuid}`)}` },
  { name: 'AP followers', path: () => '/accounts/root/followers', accept: ACTIVITY_JSON },
  { name: 'AP following', path: () => '/accounts/root/following', accept: ACTIVITY_JSON },
  { name: 'AP channel outbox', path: () => '/video-channels/root_channel/outbox', accept: ACTIVITY_JSON },
  { name: 'AP video comments', path: (s) => `/videos/watch/${s.videoUuid}/comments`, accept: ACTIVITY_JSON },
  { name: 'AP video likes', path: (s) => `/videos/watch/${s.videoUuid}/likes?page=1`, accept: ACTIVITY_JSON },
  { name: 'AP comment', path: (s) => `/videos/watch/${s.videoUuid}/comments/${s.threadId}`, accept: ACTIVITY_JSON },
  { name: 'AP playlist', path: (s) => `/video-playlists/${s.playlistUuid}`, accept: ACTIVITY_JSON },
  { name: 'AP account likes', path: () => '/accounts/root/likes', accept: ACTIVITY_JSON },
  { name: 'AP channel followers', path: () => '/video-channels/root_channel/followers', accept: ACTIVITY_JSON },
  { name: 'AP like', path: (s) => `/accounts/root/likes/${s.videoId}`, accept: ACTIVITY_JSON },
  { name: 'sign-up page', path: () => '/signup', accept: HTML, anonymousOnly: true },
  { name: 'upload page', path: () => '/videos/upload', accept: HTML, signedInOnly: 'user' },
  { name: 'admin jobs page', path: () => '/admin/jobs', accept: HTML, signedInOnly: 'root' },
  { name: 'user (moderators)', path: (s) => `/api/v1/users/${s.userId}`, signedInOnly: 'root' },
  { name: 'admin user page', path: (s) => `/admin/users/${s.userId}`, accept: HTML, signedInOnly: 'root' },
  { name: 'new channel page', path: () => '/my/channels/new', accept: HTML, signedInOnly: 'user' },
  { name: 'new playlist page', path: () => '/my/library/video-playlists/new', accept: HTML, signedInOnly: 'user' },
  { name: 'licences', path: () => '/api/v1/videos/licences' },
  // The signed-in user's own reads.
  { name: 'me', path: () => '/api/v1/users/me', signedInOnly: 'user' },
  { name: 'my videos', path: () => '/api/v1/users/me/videos', signedInOnly: 'user' },
  { name: 'my notifications', path: () => '/api/v1/users/me/notifications?count=15', signedInOnly: 'user' },
  { name: 'my subscriptions', path: () => '/api/v1/users/me/subscriptions', signedInOnly: 'user' },
  { name: 'my subscriptions videos', path: () => '/api/v1/users/me/subscriptions/videos?count=15', signedInOnly: 'user' },
  { name: 'subscriptions exist', path: (s) => `/api/v1/users/me/subscriptions/exist?uris=root_channel@${s.host}`, signedInOnly: 'user' },
  { name: 'my rating', path: (s) => `/api/v1/users/me/videos/${s.videoId}/rating`, signedInOnly: 'user' },
  { name: 'subscriptions page', path: () => '/videos/subscriptions', accept: HTML, signedInOnly: 'user' },
  { name: 'videos in my playlists', path: (s) => `/api/v1/users/me/video-playlists/videos-exist?videoIds=${s.videoId}`, signedInOnly: 'user' },
  { name: 'my quota used', path: () => '/api/v1/users/me/video-quota-used', signedInOnly: 'user' },
  { name: 'my scoped tokens', path: () => '/api/v1/users/scoped-tokens', signedInOnly: 'user' },
  { name: 'my blocked accounts', path: () => '/api/v1/users/me/blocklist/accounts', signedInOnly: 'user' },
  { name: 'my blocked servers', path: () => '/api/v1/users/me/blocklist/servers', signedInOnly: 'user' },
  { name: 'my abuses', path: () => '/api/v1/users/me/abuses', signedInOnly: 'user' },
  { name: 'my subscriptions page', path: () => '/my/subscriptions', accept: HTML, signedInOnly: 'user' },
  { name: 'my videos page', path: () => '/my/videos', accept: HTML, signedInOnly: 'user' },
  { name: 'save to playlist page', path: (s) => `/w/${s.videoUuid}/save`, accept: HTML, signedInOnly: 'user' },
  // Moderators' and administrators' reads.
  { name: 'users list (moderators)', path: () => '/api/v1/users?count=15', signedInOnly: 'root' },
  { name: 'custom config (admins)', path: () => '/api/v1/config/custom', signedInOnly: 'root' },
  { name: 'abuses (moderators)', path: () => '/api/v1/abuses', signedInOnly: 'root' },
  { name: 'video blacklist (moderators)', path: () => '/api/v1/videos/blacklist', signedInOnly: 'root' },
  { name: 'instance blocked accounts', path: () => '/api/v1/server/blocklist/accounts', signedInOnly: 'root' },
  { name: 'instance blocked servers', path: () => '/api/v1/server/blocklist/servers', signedInOnly: 'root' },
  { name: 'admin follows page', path: () => '/admin/follows', accept: HTML, signedInOnly: 'root' },
  { name: 'admin moderation page', path: () => '/admin/moderation', accept: HTML, signedInOnly: 'root' },
];
