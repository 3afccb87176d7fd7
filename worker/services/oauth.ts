import { and, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { accounts, oauthClients, oauthTokens, userNotifications, users } from '../db/schema';
import { refuseUnapprovedSignIn } from './registration-requests';
import { ApiError } from '../errors';
import { randomHex, sha256Hex } from '../crypto/encoding';
import { verifyPassword } from '../crypto/password';
import type { NsfwPolicy, Viewer } from './viewer';

/** PeerTube's lifetimes: access tokens 1 day, refresh tokens 14 days. */
export const ACCESS_TOKEN_LIFETIME_S = 24 * 3600;
export const REFRESH_TOKEN_LIFETIME_S = 14 * 24 * 3600;

export type TokenResponse = {
  token_type: 'Bearer';
  access_token: string;
  refresh_token: string;
  expires_in: number;
  refresh_token_expires_in: number;
};

/** The instance's own OAuth client, created on first use (GET /oauth-clients/local). */
export async function getLocalClient(db: Db) {
  const existing = await db.select().from(oauthClients).orderBy(oauthClients.id).limit(1);
  if (existing[0]) return existing[0];
  await db
    .insert(oauthClients)
    .values({ clientId: randomHex(16), clientSecret: randomHex(32) })
    .onConflictDoNothing();
  const [created] = await db.select().from(oauthClients).orderBy(oauthClients.id).limit(1);
  return created;
}

/** The client of a token request, or 400 invalid_client. */
export async function checkClient(db: Db, clientId: string, clientSecret: string) {
  const [client] = await db.select().from(oauthClients).where(eq(oauthClients.clientId, clientId)).limit(1);
  // Both values are public (GET /oauth-clients/local), so a plain comparison leaks nothing.
  if (!client || client.clientSecret !== clientSecret) throw ApiError.oauth('invalid_client', 'Invalid client: client is invalid');
  return client;
}

async function issue(db: Db, userId: number, clientRowId: number, now: Date): Promise<TokenResponse> {
  const access = randomHex(32);
  const refresh = randomHex(32);
  await db.insert(oauthTokens).values({
    accessTokenHash: await sha256Hex(access),
    refreshTokenHash: await sha256Hex(refresh),
    accessTokenExpiresAt: new Date(now.getTime() + ACCESS_TOKEN_LIFETIME_S * 1000),
    refreshTokenExpiresAt: new Date(now.getTime() + REFRESH_TOKEN_LIFETIME_S * 1000),
    userId,
    clientId: clientRowId,
  });
  // Expired tokens are useless; dropping them here keeps the table small without a separate job.
  await db.delete(oauthTokens).where(and(eq(oauthTokens.userId, userId), lt(oauthTokens.refreshTokenExpiresAt, now)));
  return {
    token_type: 'Bearer',
    access_token: access,
    refresh_token: refresh,
    expires_in: ACCESS_TOKEN_LIFETIME_S,
    refresh_token_expires_in: REFRESH_TOKEN_LIFETIME_S,
  };
}

export type PasswordGrant = { grantType: 'password'; clientId: string; clientSecret: string; username: string; password: string };
export type RefreshGrant = { grantType: 'refresh_token'; clientId: string; clientSecret: string; refreshToken: string };

/** POST /users/token: the password and refresh_token grants. */
export async function grantToken(db: Db, grant: PasswordGrant | RefreshGrant, now = new Date()): Promise<TokenResponse> {
  const client = await checkClient(db, grant.clientId, grant.clientSecret);
  if (grant.grantType === 'password') {
    const name = grant.username.trim().toLowerCase();
    const [user] = await db
      .select()
      .from(users)
      .where(or(eq(users.username, name), eq(users.email, name)))
      .limit(1);
    // Hash even for an unknown user, so timing does not tell which usernames exist.
    const ok = await verifyPassword(grant.password, user?.passwordHash ?? 'pbkdf2-sha256$100000$00$00');
    if (!user) await refuseUnapprovedSignIn(db, name);
    if (!user || !ok) throw ApiError.oauth('invalid_grant', 'Invalid grant: user credentials are invalid');
    // checkUserValidityOrThrow (server/core/lib/auth/oauth-model.ts): AccessDeniedError, 400 access_denied.
    if (user.blocked) throw ApiError.oauth('access_denied', 'User is blocked.');
    await db.update(users).set({ lastLoginDate: now }).where(eq(users.id, user.id));
    return issue(db, user.id, client.id, now);
  }
  const hash = await sha256Hex(grant.refreshToken);
  const [token] = await db
    .select()
    .from(oauthTokens)
    .where(and(eq(oauthTokens.refreshTokenHash, hash), eq(oauthTokens.clientId, client.id), gt(oauthTokens.refreshTokenExpiresAt, now)))
    .limit(1);
  if (!token) throw ApiError.oauth('invalid_grant', 'Invalid grant: refresh token is invalid');
  // Rotate: the old pair dies with the refresh.
  await db.delete(oauthTokens).where(eq(oauthTokens.id, token.id));
  const [user] = await db.select({ blocked: users.blocked }).from(users).where(eq(users.id, token.userId)).limit(1);
  if (!user || user.blocked) throw ApiError.oauth('invalid_grant', 'Invalid grant: user is blocked');
  return issue(db, token.userId, client.id, now);
}

/** POST /users/revoke-token: the token pair stops working at once. */
export async function revokeToken(db: Db, accessToken: string) {
  await db.delete(oauthTokens).where(eq(oauthTokens.accessTokenHash, await sha256Hex(accessToken)));
}

// The account's actor, the NSFW policy and the interface language ride along with the token check, so a logged-in list needs no query of its own.
const viewerColumns = {
  userId: users.id,
  username: users.username,
  role: users.role,
  blocked: users.blocked,
  accountId: accounts.id,
  actorId: accounts.actorId,
  nsfwPolicy: users.nsfwPolicy,
  language: users.language,
  p2pEnabled: users.p2pEnabled,
  videosHistoryEnabled: users.videosHistoryEnabled,
};

function toViewer(
  row:
    | {
        userId: number;
        username: string;
        role: number;
        blocked: boolean;
        accountId: number;
        actorId: number;
        nsfwPolicy: NsfwPolicy;
        language: string | null;
        p2pEnabled: boolean;
        videosHistoryEnabled: boolean;
      }
    | undefined,
): Viewer | null {
  if (!row || row.blocked) return null;
  return {
    userId: row.userId,
    username: row.username,
    role: row.role as Viewer['role'],
    accountId: row.accountId,
    actorId: row.actorId,
    nsfwPolicy: row.nsfwPolicy,
    language: row.language,
    p2pEnabled: row.p2pEnabled,
    videosHistoryEnabled: row.videosHistoryEnabled,
  };
}

/**
 * Resolves a bearer token to its viewer, or null when unknown, expired or revoked. Pages ask for
 * the unread notification count too (the nav shows it), in the same statement.
 */
export async function authenticateAccessToken(db: Db, accessToken: string, options: { withUnread?: boolean } = {}): Promise<Viewer | null> {
  const unread = sql<number>`(select count(*) from ${userNotifications} where ${userNotifications.userId} = ${users.id} and ${userNotifications.read} = 0)`;
  const rows = await db
    .select({ ...viewerColumns, unreadNotifications: options.withUnread ? unread : sql<null>`null` })
    .from(oauthTokens)
    .innerJoin(users, eq(users.id, oauthTokens.userId))
    .innerJoin(accounts, eq(accounts.userId, users.id))
    .where(and(eq(oauthTokens.accessTokenHash, await sha256Hex(accessToken)), gt(oauthTokens.accessTokenExpiresAt, new Date())))
    .limit(1);
  const viewer = toViewer(rows[0]);
  if (viewer && rows[0].unreadNotifications !== null) viewer.unreadNotifications = Number(rows[0].unreadNotifications);
  return viewer;
}

/** The viewer a credential issued earlier (a video file token) stands for, or null once the user is deleted or blocked. */
export async function findActiveViewer(db: Db, userId: number): Promise<Viewer | null> {
  const rows = await db.select(viewerColumns).from(users).innerJoin(accounts, eq(accounts.userId, users.id)).where(eq(users.id, userId)).limit(1);
  return toViewer(rows[0]);
}
