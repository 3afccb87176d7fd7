import type { Db } from '../db/client';
import { ApiError } from '../errors';
import { getLocalClient, grantToken, revokeToken, authenticateAccessToken, type TokenResponse } from './oauth';
import type { Viewer } from './viewer';

/**
 * Browser sessions are the API's own OAuth tokens (issued to the instance's local client),
 * so a page and a PeerTube client signed in as the same user hold the same kind of credential,
 * and revoking one is the API's revoke (issue 12, "Sessions").
 */
export type SessionTokens = { accessToken: string; refreshToken: string };

export type ResumedSession = { viewer: Viewer; tokens: SessionTokens; renewed: TokenResponse | null };

const toTokens = (t: TokenResponse): SessionTokens => ({ accessToken: t.access_token, refreshToken: t.refresh_token });

/** Signs in with a username (or email) and password: the OAuth password grant. */
export async function signInWithPassword(db: Db, username: string, password: string): Promise<TokenResponse> {
  const client = await getLocalClient(db);
  return grantToken(db, { grantType: 'password', clientId: client.clientId, clientSecret: client.clientSecret, username, password });
}

/**
 * The viewer of a session; when its access token has expired (or was rotated by another tab),
 * the refresh token is exchanged for a new pair, transparently. Null when neither works.
 */
export async function resumeSession(db: Db, tokens: SessionTokens): Promise<ResumedSession | null> {
  const viewer = await authenticateAccessToken(db, tokens.accessToken, { withUnread: true });
  if (viewer) return { viewer, tokens, renewed: null };
  const client = await getLocalClient(db);
  let renewed: TokenResponse;
  try {
    renewed = await grantToken(db, {
      grantType: 'refresh_token',
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      refreshToken: tokens.refreshToken,
    });
  } catch (err) {
    if (err instanceof ApiError && err.status < 500) return null;
    throw err;
  }
  const fresh = await authenticateAccessToken(db, renewed.access_token, { withUnread: true });
  return fresh ? { viewer: fresh, tokens: toTokens(renewed), renewed } : null;
}

/** Signing out revokes the pair, so a copied cookie stops working too. */
export function signOut(db: Db, tokens: SessionTokens): Promise<void> {
  return revokeToken(db, tokens.accessToken);
}
