import type { Config } from '../config';
import type { VideoRow } from '../services/video-queries';
import { serializeVideo } from './video';

/** PeerTube's VideoBlacklist (VideoBlacklistModel.toFormattedJSON). */
export function serializeVideoBlacklist(row: VideoRow & { blacklist: NonNullable<VideoRow['blacklist']> }, config: Config) {
  const b = row.blacklist;
  return {
    id: b.id,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    reason: b.reason,
    unfederated: b.unfederated,
    type: b.type,
    video: serializeVideo(row, config),
  };
}
