import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import type { Viewer } from '../services/viewer';
import { users } from '../db/schema';
import type { serializeVideoDetails } from '../serializers/video';

/** What the player's P2P module needs (web/src/p2p/index.ts, P2POptions). */
export type PlayerP2P = { playlistUrl: string; segmentsSha256Url: string; trackers: string[] };

/** The P2P module's bundle (scripts/build-web.ts). */
export const P2P_SCRIPT_PATH = '/p2p/edgetube-p2p.js';

/**
 * Whether the player shares segments, and with whom (ADR 0017). Off when the instance's tracker is
 * off, when the signed-in user turned `p2pEnabled` off, or without a segments-sha256 to check
 * peers' bytes against. `?p2p=0` is read by the player itself, so cached pages stay shared.
 */
export async function playerP2P(db: Db, config: Config, viewer: Viewer | undefined, details: ReturnType<typeof serializeVideoDetails>): Promise<PlayerP2P | null> {
  const playlist = details.streamingPlaylists[0];
  if (!config.tracker.enabled || !playlist?.playlistUrl || !playlist.segmentsSha256Url) return null;
  if (viewer) {
    const [user] = await db.select({ p2pEnabled: users.p2pEnabled }).from(users).where(eq(users.id, viewer.userId));
    if (user && !user.p2pEnabled) return null;
  }
  const trackers = details.trackerUrls.filter((u: string) => /^wss?:/.test(u));
  // A remote video's viewers on its origin announce there (PeerTube's /tracker/socket): join them too.
  const origin = new URL(playlist.playlistUrl).origin;
  if (origin !== config.publicUrl) trackers.push(`${origin.replace(/^http/, 'ws')}/tracker/socket`);
  return { playlistUrl: playlist.playlistUrl, segmentsSha256Url: playlist.segmentsSha256Url, trackers };
}
