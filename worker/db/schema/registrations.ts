import { sqliteTable, integer, text, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { id, timestamps } from './columns';
import { users } from './users';

/** PeerTube's UserRegistrationState. */
export const REGISTRATION_STATE = { PENDING: 1, REJECTED: 2, ACCEPTED: 3 } as const;

/**
 * PeerTube's UserRegistration (server/core/models/user/user-registration.ts): a sign-up waiting for
 * a moderator when `signup.requiresApproval` is on. The password is kept hashed, as the user's
 * will be; accepting makes the user and links it here.
 */
export const userRegistrations = sqliteTable(
  'user_registrations',
  {
    id: id(),
    /** 1 pending, 2 rejected, 3 accepted. */
    state: integer('state').notNull().default(1),
    registrationReason: text('registration_reason').notNull(),
    moderationResponse: text('moderation_response'),
    passwordHash: text('password_hash').notNull(),
    username: text('username').notNull(),
    email: text('email').notNull(),
    /** Null: no email verification here (PeerTube's value when it is not required). */
    emailVerified: integer('email_verified', { mode: 'boolean' }),
    accountDisplayName: text('account_display_name'),
    channelHandle: text('channel_handle'),
    channelDisplayName: text('channel_display_name'),
    processedAt: integer('processed_at', { mode: 'timestamp_ms' }),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('user_registrations_username_unique').on(t.username),
    uniqueIndex('user_registrations_email_unique').on(t.email),
    uniqueIndex('user_registrations_channel_handle_unique').on(t.channelHandle),
    uniqueIndex('user_registrations_user_unique').on(t.userId),
    index('user_registrations_created_idx').on(t.createdAt),
  ],
);

export type UserRegistration = typeof userRegistrations.$inferSelect;
