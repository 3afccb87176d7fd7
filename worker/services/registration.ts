import { z } from 'zod';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { ACTOR_NAME_MAX, ACTOR_NAME_RE } from './actors';
import { assertWithinRateLimit, consumeRateLimit, enforceRateLimit, peekRateLimit, RATE_LIMIT_WINDOWS } from './rate-limit';
import { registerUser, type CreatedUser } from './users';

// Field rules from PeerTube's CONSTRAINTS_FIELDS.USERS and its custom validators, shared by the
// API (api/users.ts) and the sign-up page.
export const usernameField = z.string().min(1).max(ACTOR_NAME_MAX).regex(ACTOR_NAME_RE, 'Should have a valid username (lowercase alphanumeric characters)');
export const channelNameField = z
  .string()
  .min(1)
  .max(ACTOR_NAME_MAX)
  .regex(ACTOR_NAME_RE, 'Should have a valid channel name (lowercase alphanumeric characters)');
export const passwordField = z.string().min(6).max(255);
export const emailField = z.string().max(400).email();
export const displayNameField = z.string().min(1).max(120);

/** POST /users/register's body (PeerTube's UserRegister). */
export const registerSchema = z.object({
  username: usernameField,
  password: passwordField,
  email: emailField,
  displayName: displayNameField.optional(),
  channel: z.object({ name: channelNameField, displayName: displayNameField }).optional(),
});
export type RegisterBody = z.output<typeof registerSchema>;

/**
 * Registers a user under the per-address hourly limit. Only successful registrations count,
 * as in PeerTube. Returns the rate-limit headers for the answer.
 */
export async function registerRateLimited(
  db: Db,
  config: Config,
  clientKey: string,
  input: RegisterBody,
): Promise<{ user: CreatedUser; headers: Record<string, string> }> {
  const { result, headers } = await underRegisterRateLimit(db, config, clientKey, () => registerUser(db, config, input));
  return { user: result, headers };
}

/** PeerTube's registrationRateLimiter, shared by sign-ups and registration requests: only what succeeds counts. */
export async function underRegisterRateLimit<T>(
  db: Db,
  config: Config,
  clientKey: string,
  register: () => Promise<T>,
): Promise<{ result: T; headers: Record<string, string> }> {
  const rule = { key: `register:${clientKey}`, limit: config.rateLimits.registerPerHour, windowMs: RATE_LIMIT_WINDOWS.register };
  assertWithinRateLimit(await peekRateLimit(db, rule));
  const result = await register();
  const state = await consumeRateLimit(db, rule);
  return { result, headers: state.headers };
}

/** Counts one sign-in attempt (token endpoint or sign-in page) against the per-address limit; 429 beyond it. */
export function limitSignInAttempts(db: Db, config: Config, clientKey: string): Promise<Record<string, string>> {
  return enforceRateLimit(db, { key: `token:${clientKey}`, limit: config.rateLimits.tokenPerMinute, windowMs: RATE_LIMIT_WINDOWS.token });
}
