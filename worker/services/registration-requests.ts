/**
 * PeerTube's registration requests (server/core/controllers/api/users/registrations.ts,
 * middlewares/validators/users/user-registrations.ts, models/user/user-registration.ts): when
 * `signup.requiresApproval` is on, a sign-up is a request that a moderator accepts (which makes
 * the user as a sign-up does, through `registerUser`) or rejects. No email is sent: edgetube
 * has no mailer, so the person learns the answer by signing in (pending and rejected requests
 * have their own sign-in errors, as in PeerTube).
 */
import { and, asc, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { REGISTRATION_STATE, userNotifications, userRegistrations, type UserRegistration } from '../db/schema';
import { ApiError } from '../errors';
import { hashPassword } from '../crypto/password';
import { parseSort, type Pagination } from '../http/pagination';
import { isConstraintViolation } from './actors';
import { getCustomConfig } from './instance-settings';
import { notifyNewRegistrationRequest } from './notifications';
import { registerSchema } from './registration';
import { assertNamesFree, assertSignupAllowed, registerUser } from './users';

/** PeerTube's SORTABLE_COLUMNS.USER_REGISTRATIONS. */
export const REGISTRATION_SORTS = ['createdAt', 'state'] as const;

/** CONSTRAINTS_FIELDS.USER_REGISTRATIONS: REASON_MESSAGE and MODERATOR_MESSAGE, 2 to 3000 characters. */
const registrationMessage = z.string().min(2).max(3000);

/** POST /users/registrations/request's body (PeerTube's UserRegistrationRequest). */
export const registrationRequestSchema = registerSchema.extend({ registrationReason: registrationMessage });
export type RegistrationRequestBody = z.output<typeof registrationRequestSchema>;

/** POST /users/registrations/{id}/accept and /reject (PeerTube's UserRegistrationUpdateState). */
export const moderationResponseSchema = z.object({
  moderationResponse: registrationMessage,
  // Accepted as PeerTube does; there is no email to prevent.
  preventEmailDelivery: z.boolean().optional(),
});

const requestTaken = () => ApiError.conflict('Registration with this username, channel name or email already exists.');

/**
 * A new registration request, in PeerTube's order of checks: sign-ups open (403), the username and
 * email free among users (409), the channel (400, 409), approval required (400), and no other
 * request with the same username, channel name or email (409). Moderators are notified.
 */
export async function requestRegistration(db: Db, config: Config, input: RegistrationRequestBody): Promise<UserRegistration> {
  const custom = await getCustomConfig(db, config);
  await assertSignupAllowed(db, custom, 'request-registration');
  const email = input.email.trim().toLowerCase();
  const { username, channel } = input;
  await assertNamesFree(db, { username, email, channel });
  if (!custom.signup.requiresApproval) throw ApiError.badRequest('Signup approval is not enabled on this instance');
  // UserRegistrationModel.loadByEmailOrHandle.
  const names = channel ? [username, channel.name] : [username];
  const [pending] = await db
    .select({ id: userRegistrations.id })
    .from(userRegistrations)
    .where(or(eq(userRegistrations.email, email), inArray(userRegistrations.username, names), inArray(userRegistrations.channelHandle, names)))
    .limit(1);
  if (pending) throw requestTaken();
  const now = new Date();
  try {
    const [row] = await db
      .insert(userRegistrations)
      .values({
        state: REGISTRATION_STATE.PENDING,
        registrationReason: input.registrationReason,
        passwordHash: await hashPassword(input.password),
        username,
        email,
        accountDisplayName: input.displayName ?? null,
        channelHandle: channel?.name ?? null,
        channelDisplayName: channel?.displayName ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await notifyNewRegistrationRequest(db, row.id);
    return row;
  } catch (err) {
    if (isConstraintViolation(err)) throw requestTaken();
    throw err;
  }
}

/** GET /users/registrations: a page, searched in usernames and emails (UserRegistrationModel.listForApi). */
export async function listRegistrations(db: Db, page: Pagination & { search?: string }): Promise<{ total: number; data: UserRegistration[] }> {
  const conds: SQL[] = [];
  if (page.search) {
    const needle = page.search.toLowerCase();
    conds.push(or(sql`instr(lower(${userRegistrations.email}), ${needle}) > 0`, sql`instr(lower(${userRegistrations.username}), ${needle}) > 0`)!);
  }
  const where = and(...conds);
  const { field, desc: descending } = parseSort(page.sort);
  const column = field === 'state' ? userRegistrations.state : userRegistrations.createdAt;
  const dir = descending ? desc : asc;
  const [data, [{ total }]] = await db.batch([
    db.select().from(userRegistrations).where(where).orderBy(dir(column), dir(userRegistrations.id)).limit(page.count).offset(page.start),
    db.select({ total: count() }).from(userRegistrations).where(where),
  ]);
  return { total, data };
}

/** checkRegistrationIdExist: PeerTube's 404 says "User not found". */
async function loadRegistration(db: Db, id: number): Promise<UserRegistration> {
  const [row] = await db.select().from(userRegistrations).where(eq(userRegistrations.id, id)).limit(1);
  if (!row) throw ApiError.notFound('User not found');
  return row;
}

async function loadPending(db: Db, id: number): Promise<UserRegistration> {
  const row = await loadRegistration(db, id);
  if (row.state !== REGISTRATION_STATE.PENDING) throw ApiError.conflict('This registration is already accepted or rejected.');
  return row;
}

/** Accepts a pending request: the user is made as a sign-up makes it, then the request points at it. */
export async function acceptRegistration(db: Db, config: Config, id: number, moderationResponse: string): Promise<void> {
  const r = await loadPending(db, id);
  const channel = r.channelHandle && r.channelDisplayName ? { name: r.channelHandle, displayName: r.channelDisplayName } : undefined;
  const input = { username: r.username, email: r.email, password: { hash: r.passwordHash }, displayName: r.accountDisplayName ?? undefined, channel };
  const user = await registerUser(db, config, input, { approved: true });
  const now = new Date();
  await db
    .update(userRegistrations)
    .set({ userId: user.userId, state: REGISTRATION_STATE.ACCEPTED, moderationResponse, processedAt: r.processedAt ?? now, updatedAt: now })
    .where(eq(userRegistrations.id, id));
}

export async function rejectRegistration(db: Db, id: number, moderationResponse: string): Promise<void> {
  const r = await loadPending(db, id);
  const now = new Date();
  await db
    .update(userRegistrations)
    .set({ state: REGISTRATION_STATE.REJECTED, moderationResponse, processedAt: r.processedAt ?? now, updatedAt: now })
    .where(eq(userRegistrations.id, id));
}

/** DELETE /users/registrations/{id}: the request and the notifications about it. */
export async function deleteRegistration(db: Db, id: number): Promise<void> {
  await loadRegistration(db, id);
  await db.batch([
    db.delete(userNotifications).where(eq(userNotifications.userRegistrationId, id)),
    db.delete(userRegistrations).where(eq(userRegistrations.id, id)),
  ]);
}

/**
 * PeerTube's sign-in for someone who has no user yet (lib/auth/oauth.ts): a pending request is
 * `account_waiting_for_approval`, a rejected one `account_approval_rejected`, both 400.
 */
export async function refuseUnapprovedSignIn(db: Db, usernameOrEmail: string): Promise<void> {
  const [r] = await db
    .select({ state: userRegistrations.state })
    .from(userRegistrations)
    .where(or(eq(userRegistrations.username, usernameOrEmail), eq(userRegistrations.email, usernameOrEmail)))
    .limit(1);
  if (r?.state === REGISTRATION_STATE.REJECTED) {
    throw new ApiError(400, 'account_approval_rejected', 'Registration approval for this account has been rejected');
  }
  if (r?.state === REGISTRATION_STATE.PENDING) {
    throw new ApiError(400, 'account_waiting_for_approval', 'Registration for this account is awaiting approval');
  }
}
