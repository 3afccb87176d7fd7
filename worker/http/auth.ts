import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './context';
import { ApiError } from '../errors';
import { authenticateAccessToken } from '../services/oauth';
import { USER_ROLES } from '../db/schema';
import type { Viewer } from '../services/viewer';
import { loadSession, readSessionCookie } from './session';
import { CSRF_HEADER, isValidCsrfToken } from './csrf';

/** The token of an `Authorization: Bearer <token>` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i);
  return m?.[1];
}

/**
 * PeerTube's `authenticate` (server/core/middlewares/auth.ts) answers every failure with the
 * message "Token is invalid" and node-oauth2-server's error name as the code: no credentials
 * 401 `unauthorized_request`; a header that is not `Bearer <token>` (Basic…) 400
 * `invalid_request`; an unknown or expired token 401 `invalid_token`.
 */
const TOKEN_IS_INVALID = 'Token is invalid';
const noCredentials = () => new ApiError(401, 'unauthorized_request', TOKEN_IS_INVALID);
const malformedAuthorization = () => new ApiError(400, 'invalid_request', TOKEN_IS_INVALID);
const invalidToken = () => new ApiError(401, 'invalid_token', TOKEN_IS_INVALID);

/**
 * Routes where PeerTube runs neither `authenticate` nor `optionalAuthenticate`, so it never reads
 * the Authorization header: a stale or foreign one changes nothing there (a client refreshing
 * its token with the expired one still attached, for example). Checked in the controllers of
 * server/core/controllers/api/ (accounts.ts, video-channel.ts, server/follows.ts, server/stats.ts,
 * config.ts, oauth-clients.ts, users/token.ts, users/registrations.ts, videos/index.ts, video-playlist.ts).
 */
const IGNORES_CREDENTIALS: [method: string, path: RegExp][] = [
  ['POST', /^\/api\/v1\/users\/(token|register|registrations\/request)$/],
  ['GET', /^\/api\/v1\/(ping|oauth-clients\/local|config|config\/about|server\/(stats|following|followers))$/],
  ['GET', /^\/api\/v1\/(accounts|video-channels)(\/[^/]+)?$/],
  ['GET', /^\/api\/v1\/accounts\/[^/]+\/video-channels$/],
  ['GET', /^\/api\/v1\/videos\/(categories|licences|languages|privacies)$/],
  ['GET', /^\/api\/v1\/video-playlists\/privacies$/],
];

const ignoresCredentials = (method: string, path: string) => IGNORES_CREDENTIALS.some(([m, re]) => m === method && re.test(path));

/** node-oauth2-server's getTokenFromRequestHeader: `/^Bearer\s(\S+)/`, case-sensitive. */
function peertubeBearer(header: string): string | undefined {
  return /^Bearer\s(\S+)/.exec(header)?.[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets `viewer` when the request carries a valid access token, or the browser session cookie. An
 * Authorization header that is present but invalid is refused as PeerTube refuses it (clients then refresh).
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const authorization = c.req.header('authorization');
    if (authorization !== undefined && !ignoresCredentials(c.req.method, c.req.path)) {
      const token = peertubeBearer(authorization);
      if (!token) throw malformedAuthorization();
      const viewer = await authenticateAccessToken(c.var.db, token);
      if (!viewer) throw invalidToken();
      c.set('viewer', viewer);
    } else if (readSessionCookie(c)) {
      // The pages' own scripts call the API with the session cookie. A cookie rides along on
      // cross-site requests too, so anything that changes state must prove it came from our page.
      if (!SAFE_METHODS.has(c.req.method) && !(await isValidCsrfToken(c, c.req.header(CSRF_HEADER)))) {
        throw ApiError.forbidden('Invalid or missing CSRF token.', 'csrf_token_invalid');
      }
      await loadSession(c);
    }
    await next();
  };
}

/** What `requireUser` guarantees to the handlers after it: a viewer. */
export type UserVariables = { Variables: { viewer: Viewer } };

/**
 * Requires an authenticated user, optionally with at least the given role. Its type narrows the
 * handlers after it in the same route: `c.var.viewer` is a Viewer there, not `Viewer | undefined`.
 * A sub-app that puts it on every route (`app.use('*', requireUser())`) is a `Hono<UserEnv>`.
 *
 * @example app.get('/me', requireUser(), (c) => c.json({ id: c.var.viewer.userId }))
 */
export function requireUser(options: { role?: 'admin' | 'moderator' } = {}): MiddlewareHandler<AppEnv & UserVariables> {
  const maxRole = options.role === 'admin' ? USER_ROLES.ADMINISTRATOR : options.role === 'moderator' ? USER_ROLES.MODERATOR : USER_ROLES.USER;
  return async function requireUser(c, next) {
    const viewer = c.var.viewer;
    if (!viewer) throw noCredentials();
    if (viewer.role > maxRole) throw ApiError.forbidden('User does not have the right to do this.');
    await next();
  };
}
