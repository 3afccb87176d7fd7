import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { bearer, requireUser } from '../http/auth';
import { ApiError } from '../errors';
import { edgeCache } from '../http/edge-cache';
import { checkClient, getLocalClient, grantToken, revokeToken, type PasswordGrant, type RefreshGrant } from '../services/oauth';
import { clientIp } from '../services/rate-limit';
import { limitSignInAttempts } from '../services/registration';

/** GET /oauth-clients/local: the instance's public OAuth client, which every PeerTube client asks for first. */
export function oauthClientRoutes() {
  const app = new Hono<AppEnv>();
  // The same for everyone, for good: kept by the edge cache as instance data (ADR 0017).
  app.get('/local', edgeCache({ kind: 'instance' }), async (c) => {
    const client = await getLocalClient(c.var.db);
    return c.json({ client_id: client.clientId, client_secret: client.clientSecret });
  });
  return app;
}

// Every field is an optional string here: which ones are required depends on the grant, and
// OAuth reports each missing one in its own shape (RFC 6749, section 5.2), not as invalid-params.
const tokenBody = z.object({
  grant_type: z.string().max(100).optional(),
  client_id: z.string().max(200).optional(),
  client_secret: z.string().max(200).optional(),
  username: z.string().max(400).optional(),
  password: z.string().max(255).optional(),
  refresh_token: z.string().max(200).optional(),
});

const missing = (name: string) => ApiError.oauth('invalid_request', `Missing parameter: \`${name}\``);

/**
 * Turns a token request body into a grant, checking in the order of PeerTube's handleOAuthToken
 * (server/core/lib/auth/oauth.ts), with node-oauth2-server's errors. The client's validity comes
 * between the credentials' presence and the grant: a refusal after that point is `afterClient`,
 * and the caller checks the client before giving it.
 */
export function parseGrant(input: unknown): PasswordGrant | RefreshGrant | { afterClient: ApiError; clientId: string; clientSecret: string } {
  const parsed = tokenBody.safeParse(input ?? {});
  if (!parsed.success) throw ApiError.oauth('invalid_request', `Invalid parameter: \`${parsed.error.issues[0].path.join('.')}\``);
  const b = parsed.data;
  if (!b.client_id || !b.client_secret) throw ApiError.oauth('invalid_client', 'Invalid client: cannot retrieve client credentials');
  const client = { clientId: b.client_id, clientSecret: b.client_secret };
  if (!b.grant_type) return { ...client, afterClient: missing('grant_type') };
  if (b.grant_type !== 'password' && b.grant_type !== 'refresh_token') {
    return { ...client, afterClient: ApiError.oauth('unsupported_grant_type', 'Unsupported grant type: `grant_type` is invalid') };
  }
  if (b.grant_type === 'password') {
    if (!b.username) return { ...client, afterClient: missing('username') };
    if (!b.password) return { ...client, afterClient: missing('password') };
    return { grantType: 'password', ...client, username: b.username, password: b.password };
  }
  if (!b.refresh_token) return { ...client, afterClient: missing('refresh_token') };
  return { grantType: 'refresh_token', ...client, refreshToken: b.refresh_token };
}

/** PeerTube takes the token form url-encoded only (`request.is('application/x-www-form-urlencoded')`). */
async function readTokenBody(c: Context<AppEnv>): Promise<unknown> {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(c.req.header('content-type') ?? '')) {
    throw ApiError.oauth('invalid_request', 'Invalid request: content must be application/x-www-form-urlencoded');
  }
  try {
    return await c.req.parseBody();
  } catch {
    throw ApiError.oauth('invalid_request', 'Invalid request: the body cannot be parsed');
  }
}

/** POST /users/token and POST /users/revoke-token, mounted under /users. */
export function tokenRoutes() {
  const app = new Hono<AppEnv>();

  app.post('/token', async (c) => {
    const { db, config } = c.var;
    const limitHeaders = await limitSignInAttempts(db, config, clientIp(c.req.raw.headers));
    for (const [name, value] of Object.entries(limitHeaders)) c.header(name, value);
    const grant = parseGrant(await readTokenBody(c));
    if ('afterClient' in grant) {
      await checkClient(db, grant.clientId, grant.clientSecret);
      throw grant.afterClient;
    }
    const token = await grantToken(db, grant);
    // RFC 6749, section 5.1: token responses are never cached.
    c.header('Cache-Control', 'no-store');
    c.header('Pragma', 'no-cache');
    return c.json(token);
  });

  app.post('/revoke-token', requireUser(), async (c) => {
    const token = bearer(c.req.header('authorization'));
    if (token) await revokeToken(c.var.db, token);
    return c.json({ success: true });
  });

  return app;
}
