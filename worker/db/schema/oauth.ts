import { sqliteTable, text, integer, uniqueIndex, index } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { users } from './users';

export const oauthClients = sqliteTable(
  'oauth_clients',
  {
    id: id(),
    clientId: text('client_id').notNull(),
    clientSecret: text('client_secret').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('oauth_clients_client_id_unique').on(t.clientId)],
);

/** Tokens are stored as SHA-256 hashes; the plain values only ever leave in the token response. */
export const oauthTokens = sqliteTable(
  'oauth_tokens',
  {
    id: id(),
    accessTokenHash: text('access_token_hash').notNull(),
    refreshTokenHash: text('refresh_token_hash').notNull(),
    accessTokenExpiresAt: integer('access_token_expires_at', { mode: 'timestamp_ms' }).notNull(),
    refreshTokenExpiresAt: integer('refresh_token_expires_at', { mode: 'timestamp_ms' }).notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    clientId: integer('client_id')
      .notNull()
      .references(() => oauthClients.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('oauth_tokens_access_unique').on(t.accessTokenHash),
    uniqueIndex('oauth_tokens_refresh_unique').on(t.refreshTokenHash),
    index('oauth_tokens_user_idx').on(t.userId),
  ],
);

export type OAuthClient = typeof oauthClients.$inferSelect;
export type OAuthToken = typeof oauthTokens.$inferSelect;
