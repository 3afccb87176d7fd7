import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import type { Translate } from '../i18n';
import type { Viewer } from '../services/viewer';
import type { VideoDetailsJson } from '../serializers/video';
import { VIDEO_PRIVACY, users } from '../db/schema';

/** What the player's P2P module takes (web/src/player/p2p.ts, P2PSource). */
export type PlayerP2P = { swarmId: string; segmentsSha256Url: string; trackers: string[]; iceServers: { urls: string }[]; label: string };

/** PeerTube's STUN servers (client/src/assets/player/shared/common/utils.ts getRtcConfig). */
const ICE_SERVERS = [{ urls: 'stun:stun.stunprotocol.org' }, { urls: 'stun:stun.framasoft.org' }];

/**
 * Whether this viewer's player may share segments (ADR 0021): not when the instance's tracker is
 * off, nor when the signed-in user turned `p2pEnabled` off. Signed-in pages are never edge-cached,
 * so reading the user here cannot leak into another viewer's page.
 */
export async function viewerAllowsP2P(db: Db, config: Config, viewer: Viewer | undefined): Promise<boolean> {
  if (!config.tracker.enabled) return false;
  if (!viewer) return true;
  // Read with the session or token (services/oauth.ts): no round trip of its own.
  if (viewer.p2pEnabled !== undefined) return viewer.p2pEnabled;
  const [user] = await db.select({ p2pEnabled: users.p2pEnabled }).from(users).where(eq(users.id, viewer.userId));
  return user?.p2pEnabled ?? true;
}

/**
 * The player's P2P settings for a video, or null when it cannot share: no segments-sha256 to check
 * peers' bytes against, or a private/internal video (its media URLs carry a per-viewer token, and
 * the tracker serves no swarm for it). The swarm id is the master playlist URL, as PeerTube's.
 */
export function playerP2P(details: VideoDetailsJson, config: Config, t: Translate): PlayerP2P | null {
  const playlist = details.streamingPlaylists[0];
  const open = details.privacy.id === VIDEO_PRIVACY.PUBLIC || details.privacy.id === VIDEO_PRIVACY.UNLISTED;
  if (!open || !playlist?.playlistUrl || !playlist.segmentsSha256Url) return null;
  const trackers = details.trackerUrls.filter((u) => /^wss?:/.test(u));
  // A remote video's viewers on its origin announce there (PeerTube's /tracker/socket): join them too.
  const origin = new URL(playlist.playlistUrl).origin;
  if (origin !== config.publicUrl) trackers.push(`${origin.replace(/^http/, 'ws')}/tracker/socket`);
  return { swarmId: playlist.playlistUrl, segmentsSha256Url: playlist.segmentsSha256Url, trackers, iceServers: ICE_SERVERS, label: t('player.p2pStats') };
}
