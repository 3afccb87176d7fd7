import { VIDEO_PRIVACY, VIDEO_STATE } from '../db/schema';
import { ApiError } from '../errors';
import { isAdmin, isModerator, type Viewer } from './viewer';

/** Who may see and manage one video (the video services and the media routes share these). */

/** What these rules read of a video row (services/video-queries.ts VideoRow). */
type VideoRow = { video: { privacy: number }; account: { userId: number | null }; blacklist: unknown };

export const isOwner = (row: VideoRow, viewer: Viewer | undefined) => viewer !== undefined && row.account.userId === viewer.userId;

/**
 * PeerTube's rules for one video fetched by id: public and unlisted for anyone, internal for
 * logged-in users, private for its owner and moderators. Anything else is a 403 for a logged-in
 * user and a 401 otherwise, as PeerTube answers.
 */
export function assertCanView(row: VideoRow, viewer: Viewer | undefined) {
  if (canViewRow(row, viewer)) return;
  if (!viewer) throw ApiError.unauthorized('Cannot get this private video. Authentication is required.');
  if (row.blacklist) throw ApiError.forbidden('Cannot fetch information of private/internal/blocked video');
  throw ApiError.forbidden('Cannot get this private video of another user');
}

/**
 * The rule behind {@link assertCanView}, shared with the media routes. A blacklisted public video
 * is its owner's and the moderators' only (PeerTube's checkCanSeeUserAuthVideo,
 * server/core/middlewares/validators/shared/videos.ts); an unlisted one stays reachable by its
 * link, as PeerTube's requiresUserAuth decides on unlisted before it looks at the blacklist.
 */
export function canView(video: { privacy: number; ownerUserId: number | null; blacklisted?: boolean }, viewer: Viewer | undefined) {
  const p = video.privacy;
  if (video.blacklisted && p === VIDEO_PRIVACY.PUBLIC) return viewer !== undefined && (video.ownerUserId === viewer.userId || isModerator(viewer));
  if (p === VIDEO_PRIVACY.PUBLIC || p === VIDEO_PRIVACY.UNLISTED) return true;
  if (!viewer) return false;
  return p === VIDEO_PRIVACY.INTERNAL || video.ownerUserId === viewer.userId || isModerator(viewer);
}

/** {@link canView} of a video row: may this viewer watch it. */
export function canViewRow(row: VideoRow, viewer: Viewer | undefined) {
  return canView({ privacy: row.video.privacy, ownerUserId: row.account.userId, blacklisted: row.blacklist !== null }, viewer);
}

export function canManage(row: VideoRow, viewer: Viewer | undefined) {
  return isOwner(row, viewer) || isAdmin(viewer) || isModerator(viewer);
}

/**
 * Which local videos are federated: public and unlisted ones, once playable (published, or waiting
 * for their transcode without `waitTranscoding`): PeerTube's canVideoBeFederated. Remote instances
 * hold a copy of exactly these.
 */
export function isFederatable(row: { video: { isLocal: boolean; privacy: number; state: number; waitTranscoding: boolean } }): boolean {
  const v = row.video;
  const visible = v.privacy === VIDEO_PRIVACY.PUBLIC || v.privacy === VIDEO_PRIVACY.UNLISTED;
  const playable = v.state === VIDEO_STATE.PUBLISHED || (v.state === VIDEO_STATE.TO_TRANSCODE && !v.waitTranscoding);
  return v.isLocal && visible && playable;
}
