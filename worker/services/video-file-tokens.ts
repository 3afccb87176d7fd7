import { hmacSha256 } from '../crypto/hmac';
import { fromHex, toHex, timingSafeEqual } from '../crypto/encoding';

/**
 * PeerTube's video file tokens (server/core/lib/video-tokens-manager.ts): a short-lived string
 * that stands in for `Authorization: Bearer` in a media URL (`?videoFileToken=`), for players and
 * torrent clients that cannot send headers. PeerTube keeps them in an in-memory LRU; Workers share
 * no memory, so here a token is stateless: `<userId>.<expires>.<mac>`, the MAC binding purpose,
 * video uuid, user and expiry under a key derived from KEY_ENCRYPTION_SECRET (ADR 0014).
 */

/** PeerTube's LRU_CACHE.VIDEO_TOKENS.TTL. */
export const VIDEO_FILE_TOKEN_TTL_MS = 8 * 3600 * 1000;

const PURPOSE = 'video-file';
/** Separates this use of the secret from the others (actor key encryption uses HKDF with its own label). */
const KEY_LABEL = 'edgetube/video-file-token/v1';
const TOKEN = /^(\d{1,15})\.(\d{1,15})\.([0-9a-f]{64})$/;

export type VideoFileTokenClaim = { videoUuid: string; userId: number };

async function mac(secret: string, claim: VideoFileTokenClaim, expiresS: number) {
  const key = toHex(await hmacSha256(secret, KEY_LABEL));
  return hmacSha256(key, `${PURPOSE}\n${claim.videoUuid.toLowerCase()}\n${claim.userId}\n${expiresS}`);
}

/**
 * A token for one user and one video, valid {@link VIDEO_FILE_TOKEN_TTL_MS}.
 *
 * @example
 * const { token, expires } = await createVideoFileToken(secret, { videoUuid: video.uuid, userId: viewer.userId });
 * // GET /static/web-videos/<uuid>-720.mp4?videoFileToken=<token>
 */
export async function createVideoFileToken(secret: string, claim: VideoFileTokenClaim, now = Date.now()) {
  const expiresS = Math.floor((now + VIDEO_FILE_TOKEN_TTL_MS) / 1000);
  const token = `${claim.userId}.${expiresS}.${toHex(await mac(secret, claim, expiresS))}`;
  return { token, expires: new Date(expiresS * 1000) };
}

/** The user a token was issued to, when it is well formed, unexpired and made for this video; otherwise null. */
export async function verifyVideoFileToken(secret: string, token: string, videoUuid: string, now = Date.now()): Promise<{ userId: number } | null> {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const userId = Number(m[1]);
  const expiresS = Number(m[2]);
  if (expiresS * 1000 <= now) return null;
  const expected = await mac(secret, { videoUuid, userId }, expiresS);
  return timingSafeEqual(fromHex(m[3]), expected) ? { userId } : null;
}
