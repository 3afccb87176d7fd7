import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors';
import { paginationSchema } from '../http/pagination';
import { parseVideoId, type VideoIdRef } from '../services/short-uuid';
import { VIDEO_SORTS, type VideoFilters } from '../services/video-queries';

/** `:id` as PeerTube accepts it; anything else is its 400 with `invalid-params` (fixture api-error-404.json). */
export function videoRef(c: Context, param = 'id'): VideoIdRef {
  const value = c.req.param(param) ?? '';
  const ref = parseVideoId(value);
  if (!ref) {
    throw ApiError.invalidParams({
      id: { type: 'field', value, msg: 'Should have a valid video id (id, short UUID or UUID)', path: 'id', location: 'params' },
    });
  }
  return ref;
}

export const videoListQuery = paginationSchema(VIDEO_SORTS, '-publishedAt');

/** A list filter may come as `x=1&x=2`, `x[]=1` or a single value. */
export function queryList(c: Context, name: string): string[] | undefined {
  const values = [...(c.req.queries(name) ?? []), ...(c.req.queries(`${name}[]`) ?? [])].filter((v) => v !== '');
  return values.length ? values : undefined;
}

const ints = z.array(z.coerce.number().int()).optional();
const strings = z.array(z.string().min(1).max(100)).max(50).optional();
const filtersSchema = z.object({
  categoryOneOf: ints,
  licenceOneOf: ints,
  privacyOneOf: ints,
  languageOneOf: strings,
  tagsOneOf: strings,
  tagsAllOf: strings,
  nsfw: z.enum(['true', 'false', 'both']).optional(),
  isLocal: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  search: z.string().max(200).optional(),
});

/** The filters of GET /videos and the per-account/channel lists (commonVideosFiltersValidator); the search validates its own `search`. */
export function videoFilters(c: Context, options: { search?: boolean } = {}): VideoFilters {
  const raw = {
    categoryOneOf: queryList(c, 'categoryOneOf'),
    licenceOneOf: queryList(c, 'licenceOneOf'),
    privacyOneOf: queryList(c, 'privacyOneOf'),
    languageOneOf: queryList(c, 'languageOneOf'),
    tagsOneOf: queryList(c, 'tagsOneOf'),
    tagsAllOf: queryList(c, 'tagsAllOf'),
    nsfw: c.req.query('nsfw') || undefined,
    isLocal: c.req.query('isLocal') || undefined,
    search: options.search === false ? undefined : c.req.query('search') || undefined,
  };
  const parsed = filtersSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = String(issue.path[0] ?? '_');
    throw ApiError.invalidParams({ [path]: { type: 'field', value: (raw as Record<string, unknown>)[path], msg: issue.message, path, location: 'query' } });
  }
  return parsed.data;
}
