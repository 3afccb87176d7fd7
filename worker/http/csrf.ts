import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from './context';
import { ApiError } from '../errors';
import { hmacSha256 } from '../crypto/hmac';
import { fromHex, randomHex, toHex, timingSafeEqual } from '../crypto/encoding';

/**
 * CSRF protection, signed double submit (OWASP CSRF cheat sheet): a random id in an HttpOnly
 * cookie, and in every form (or `X-CSRF-Token` header) the HMAC of that id under a key derived
 * from KEY_ENCRYPTION_SECRET. A cross-site page can neither read the cookie nor forge the MAC.
 * The id is also rotated at sign-in, so a token planted before cannot be used after.
 */
export const CSRF_COOKIE = 'et_csrf';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const KEY_LABEL = 'edgetube/csrf/v1';
const ID = /^[0-9a-f]{32}$/;
const TOKEN = /^[0-9a-f]{64}$/;

async function macOf<E extends AppEnv>(c: Context<E>, id: string) {
  const secret = c.var.config.keyEncryptionSecret;
  if (!secret) throw new ApiError(500, undefined, 'KEY_ENCRYPTION_SECRET is required for sign-in forms.');
  const key = toHex(await hmacSha256(secret, KEY_LABEL));
  return hmacSha256(key, id);
}

function setId<E extends AppEnv>(c: Context<E>, id: string) {
  setCookie(c, CSRF_COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax', secure: c.var.config.publicUrl.startsWith('https:') });
}

/** The token for this browser's forms, setting its id cookie on first use (so the page is private). */
export async function csrfToken<E extends AppEnv>(c: Context<E>, options: { rotate?: boolean } = {}): Promise<string> {
  let id = getCookie(c, CSRF_COOKIE);
  if (options.rotate || !id || !ID.test(id)) {
    id = randomHex(16);
    setId(c, id);
  }
  c.header('cache-control', 'private, no-store');
  return toHex(await macOf(c, id));
}

/** Whether a submitted token matches this browser's id. */
export async function isValidCsrfToken(c: Context<AppEnv>, submitted: string | undefined): Promise<boolean> {
  const id = getCookie(c, CSRF_COOKIE);
  if (!id || !ID.test(id) || !submitted || !TOKEN.test(submitted)) return false;
  return timingSafeEqual(fromHex(submitted), await macOf(c, id));
}

/** For page POSTs: a form field `_csrf` or an `X-CSRF-Token` header must carry the token, else 403. */
export function requireCsrf(): MiddlewareHandler<AppEnv> {
  return async function requireCsrf(c, next) {
    let submitted = c.req.header(CSRF_HEADER);
    if (!submitted && /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(c.req.header('content-type') ?? '')) {
      const field = (await c.req.parseBody())[CSRF_FIELD];
      submitted = typeof field === 'string' ? field : undefined;
    }
    if (!(await isValidCsrfToken(c, submitted))) throw ApiError.forbidden('Invalid or missing CSRF token.', 'csrf_token_invalid');
    await next();
  };
}
