import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { settings } from '../db/schema';
import { ApiError, toInvalidParams } from '../errors';
import { isolateMemo } from './isolate-memo';

const RESOLUTIONS = ['144p', '240p', '360p', '480p', '720p', '1080p', '1440p', '2160p'] as const;

/**
 * The part of PeerTube's CustomConfig that edgetube honours, editable by admins
 * through PUT /config/custom. Operators' wrangler vars are the defaults; what an
 * admin saves overrides them and is stored in the `settings` table.
 */
export const customConfigSchema = z.object({
  instance: z
    .object({
      name: z.string().min(1).max(120),
      shortDescription: z.string().max(250),
      description: z.string().max(10_000),
      terms: z.string().max(10_000),
      codeOfConduct: z.string().max(10_000),
      isNSFW: z.boolean(),
      defaultNSFWPolicy: z.enum(['display', 'blur', 'do_not_list']),
      defaultClientRoute: z.string().max(200),
    })
    .strict(),
  signup: z
    .object({
      enabled: z.boolean(),
      limit: z.number().int().min(-1),
      requiresApproval: z.boolean(),
      requiresEmailVerification: z.boolean(),
      minimumAge: z.number().int().min(1).max(120),
    })
    .strict(),
  user: z
    .object({
      videoQuota: z.number().int().min(-1),
      videoQuotaDaily: z.number().int().min(-1),
    })
    .strict(),
  transcoding: z
    .object({
      enabled: z.boolean(),
      originalFile: z.object({ keep: z.boolean() }).strict(),
      resolutions: z.object(Object.fromEntries(RESOLUTIONS.map((r) => [r, z.boolean()])) as Record<(typeof RESOLUTIONS)[number], z.ZodBoolean>).strict(),
      hls: z.object({ enabled: z.literal(true) }).strict(),
      webVideos: z.object({ enabled: z.boolean() }).strict(),
    })
    .strict(),
  followers: z
    .object({
      instance: z.object({ enabled: z.boolean(), manualApproval: z.boolean() }).strict(),
    })
    .strict(),
  followings: z
    .object({
      instance: z.object({ autoFollowBack: z.object({ enabled: z.boolean() }).strict() }).strict(),
    })
    .strict(),
});

export type CustomConfig = z.infer<typeof customConfigSchema>;

/** A PUT may send the whole document (as PeerTube's web client does) or only what changes. */
export const customConfigPatchSchema = customConfigSchema.deepPartial();
export type CustomConfigPatch = z.infer<typeof customConfigPatchSchema>;

export function defaultCustomConfig(config: Config): CustomConfig {
  return {
    instance: {
      name: config.instance.name,
      shortDescription: config.instance.shortDescription,
      description: config.instance.description,
      terms: '',
      codeOfConduct: '',
      isNSFW: false,
      defaultNSFWPolicy: 'do_not_list',
      defaultClientRoute: '/videos/trending',
    },
    signup: { enabled: config.signup.enabled, limit: config.signup.limit, requiresApproval: false, requiresEmailVerification: false, minimumAge: 16 },
    user: { videoQuota: config.user.videoQuota, videoQuotaDaily: config.user.videoQuotaDaily },
    transcoding: {
      enabled: true,
      originalFile: { keep: false },
      resolutions: { '144p': false, '240p': true, '360p': true, '480p': true, '720p': true, '1080p': true, '1440p': false, '2160p': false },
      hls: { enabled: true },
      webVideos: { enabled: true },
    },
    followers: { instance: { enabled: true, manualApproval: false } },
    followings: { instance: { autoFollowBack: { enabled: false } } },
  };
}

function merge<T>(base: T, patch: unknown): T {
  if (patch === undefined) return base;
  if (base === null || typeof base !== 'object' || Array.isArray(base) || patch === null || typeof patch !== 'object') return patch as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(patch as Record<string, unknown>)) out[k] = merge(out[k], v);
  return out as T;
}

const KEY = 'custom-config';

/** Every page and /config read them: a few seconds in the isolate saves their round trip. */
const SETTINGS_MEMO_MS = 5_000;
const memo = isolateMemo<CustomConfig>(SETTINGS_MEMO_MS);

/** The effective instance settings: operator defaults overlaid with what admins saved. */
export async function getCustomConfig(db: Db, config: Config): Promise<CustomConfig> {
  // The operator's defaults are part of the key: two configurations on one database (tests) never share an entry.
  const key = `${config.db.url} ${config.publicUrl} ${JSON.stringify([config.instance, config.signup, config.user])}`;
  return memo.get(key, async () => {
    const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
    return merge(defaultCustomConfig(config), row?.value);
  });
}

/** Validates the merged result, not only the patch, so the stored document is always whole and valid. */
export async function updateCustomConfig(db: Db, config: Config, patch: CustomConfigPatch): Promise<CustomConfig> {
  const [row] = await db.select().from(settings).where(eq(settings.key, KEY)).limit(1);
  const stored = merge((row?.value ?? {}) as CustomConfigPatch, patch);
  const result = customConfigSchema.safeParse(merge(defaultCustomConfig(config), stored));
  if (!result.success) throw ApiError.invalidParams(toInvalidParams(result.error, patch, 'json'));
  const effective = result.data;
  await db
    .insert(settings)
    .values({ key: KEY, value: stored, updatedAt: new Date() })
    .onConflictDoUpdate({ target: settings.key, set: { value: stored, updatedAt: new Date() } });
  memo.clear();
  return effective;
}

/** Resolutions enabled for transcoding, as heights. */
export function enabledResolutions(custom: CustomConfig): number[] {
  return Object.entries(custom.transcoding.resolutions)
    .filter(([, on]) => on)
    .map(([r]) => parseInt(r, 10));
}

/** Deletes the admin overrides, back to the operator's defaults (DELETE /config/custom). */
export async function resetCustomConfig(db: Db) {
  await db.delete(settings).where(eq(settings.key, KEY));
  memo.clear();
}
