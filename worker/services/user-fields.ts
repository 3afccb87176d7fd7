import { z } from 'zod';
import { displayNameField, emailField, passwordField } from './registration';

// Field rules from PeerTube's CONSTRAINTS_FIELDS.USERS and its custom validators, shared by the
// API (api/users.ts) and the account and admin pages.

/** PeerTube validates integers with validator.isInt(value + ''), so "12" passes as well as 12. */
export const intLike = z.preprocess((v) => (typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : v), z.number().int());
const toBool = (v: unknown) => (v === 'true' ? true : v === 'false' ? false : v);
export const boolLike = z.preprocess(toBool, z.boolean());
export const quotaField = intLike.pipe(z.number().min(-1));
export const roleField = intLike.pipe(z.number().refine((r) => r === 0 || r === 1 || r === 2, 'Should have a valid role')).transform((r) => r as 0 | 1 | 2);
export const descriptionField = z.string().min(3).max(1000).nullable();
export const NSFW_POLICIES = ['display', 'blur', 'do_not_list'] as const;

/** PUT /users/{id} (PeerTube's UserUpdate). */
export const updateUserSchema = z.object({
  password: passwordField.optional(),
  email: emailField.optional(),
  emailVerified: boolLike.optional(),
  videoQuota: quotaField.optional(),
  videoQuotaDaily: quotaField.optional(),
  role: roleField.optional(),
  adminFlags: intLike.optional(),
});

/** PUT /users/me. Other UserUpdateMe fields (theme, video languages…) are accepted and ignored: nothing stores them yet. */
export const updateMeSchema = z.object({
  displayName: displayNameField.optional(),
  description: descriptionField.optional(),
  nsfwPolicy: z.enum(NSFW_POLICIES).optional(),
  p2pEnabled: boolLike.optional(),
  autoPlayVideo: boolLike.optional(),
  videosHistoryEnabled: z.preprocess(toBool, z.boolean({ message: 'Should have a valid videos history enabled boolean' })).optional(),
  // The interface language (PeerTube 7's UserUpdateMe.language); null follows the browser again.
  language: z
    .string()
    .regex(/^[a-z]{2,3}(-[a-zA-Z]{2,4})?$/, 'Should have a valid language')
    .nullable()
    .optional(),
  email: emailField.optional(),
  password: passwordField.optional(),
  currentPassword: z.string().max(255).optional(),
});
