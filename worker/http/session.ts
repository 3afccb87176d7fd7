import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context';
import { REFRESH_TOKEN_LIFETIME_S, type TokenResponse } from '../services/oauth';
import { resumeSession, type SessionTokens } from '../services/web-sessions';

/** One cookie holds the pair: `<access>.<refresh>`, both hex (services/oauth.ts). */
export const SESSION_COOKIE = 'et_session';
const PAIR = /^([0-9a-f]{16,128})\.([0-9a-f]{16,128})$/;

function cookieOptions<E extends AppEnv>(c: Context<E>) {
  // Secure only over https, so the local http instance keeps working; Lax keeps the cookie off
  // cross-site POSTs and subresources while links from elsewhere still arrive signed in.
  return { path: '/', httpOnly: true, sameSite: 'Lax' as const, secure: c.var.config.publicUrl.startsWith('https:') };
}

export function readSessionCookie(c: Context<AppEnv>): SessionTokens | undefined {
  const m = PAIR.exec(getCookie(c, SESSION_COOKIE) ?? '');
  return m ? { accessToken: m[1], refreshToken: m[2] } : undefined;
}

export function writeSessionCookie(c: Context<AppEnv>, tokens: TokenResponse) {
  setCookie(c, SESSION_COOKIE, `${tokens.access_token}.${tokens.refresh_token}`, { ...cookieOptions(c), maxAge: REFRESH_TOKEN_LIFETIME_S });
}

export function clearSessionCookie<E extends AppEnv>(c: Context<E>) {
  deleteCookie(c, SESSION_COOKIE, cookieOptions(c));
}

/**
 * Resolves the session cookie to `viewer` (and `session`), refreshing the tokens when the access
 * token has expired. A dead session clears its cookie and the request goes on anonymous.
 * Responses to a signed-in request are private: no shared cache may keep them.
 */
export async function loadSession(c: Context<AppEnv>): Promise<void> {
  const tokens = readSessionCookie(c);
  if (!tokens) return;
  const resumed = await resumeSession(c.var.db, tokens);
  if (!resumed) {
    clearSessionCookie(c);
    return;
  }
  if (resumed.renewed) writeSessionCookie(c, resumed.renewed);
  c.set('viewer', resumed.viewer);
  c.set('session', resumed.tokens);
  c.header('cache-control', 'private, no-store');
}

/** Page middleware: the viewer from the session cookie, when there is one. */
export function withSession(): MiddlewareHandler<AppEnv> {
  return async function withSession(c, next) {
    if (!c.var.viewer) await loadSession(c);
    await next();
  };
}
