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

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets `viewer` when the request carries a valid access token, or the browser session cookie. A token that is
 * present but invalid is a 401, as in PeerTube (clients then refresh).
 */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async function authenticate(c, next) {
    const token = bearer(c.req.header('authorization'));
    if (token) {
      const viewer = await authenticateAccessToken(c.var.db, token);
      if (!viewer) throw new ApiError(401, 'invalid_token', 'Invalid token.', { oauth: true });
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
    if (!viewer) throw ApiError.unauthorized('Authentication is required.');
    if (viewer.role > maxRole) throw ApiError.forbidden('User does not have the right to do this.');
    await next();
  };
}
