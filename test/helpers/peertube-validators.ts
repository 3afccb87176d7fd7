/**
 * PeerTube 6.3's checks of what it receives, rewritten from its source so that tests can ask
 * "would PeerTube take this?" without PeerTube. Each function names the file it follows; the
 * `validator` package calls there are spelled out here (isURL, isLength, isInt with their options).
 */

type UrlOptions = {
  /**
   * PeerTube drops `require_tld` when its own hostname is `localhost` or `127.0.0.1`
   * (server/core/helpers/custom-validators/activitypub/misc.ts, isUrlValid): a dev peer takes `localhost` URLs.
   */
  requireTld?: boolean;
};

/** validator.isLength: length in code points, within [min, max]. */
function isLength(value: string, min: number, max?: number): boolean {
  const n = [...value].length;
  return n >= min && (max === undefined || n <= max);
}

/** validator.isInt(value + '', { min }), whose default allows leading zeroes. */
function isIntString(value: unknown, min: number): boolean {
  const s = `${value}`;
  return /^[-+]?[0-9]+$/.test(s) && Number.parseFloat(s) >= min;
}

function isIpv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9][0-9]{0,2})$/.test(p) && Number(p) <= 255);
}

/** validator.isFQDN with require_tld as given (and its other defaults: no underscores, no trailing dot). */
function isFqdn(host: string, requireTld: boolean): boolean {
  const labels = host.split('.');
  if (requireTld) {
    const tld = labels[labels.length - 1];
    if (labels.length < 2 || !/^([a-z\u00A1-\u00A8\u00AA-\uD7FF\uF900-\uFDCF\uFDF0-\uFFEF]{2,}|xn[a-z0-9-]{2,})$/i.test(tld)) return false;
  }
  return labels.every((l) => l.length > 0 && l.length <= 63 && /^[a-z\u00A1-\uFFFF0-9-]+$/i.test(l) && !l.startsWith('-') && !l.endsWith('-'));
}

/**
 * isActivityPubUrlValid: validator.isURL with require_host, require_protocol, protocols http(s),
 * and a length of 3 to 2000 (CONSTRAINTS_FIELDS.ACTORS.URL) —
 * server/core/helpers/custom-validators/activitypub/misc.ts.
 */
export function isActivityPubUrlValid(value: unknown, options: UrlOptions = {}): boolean {
  if (value === undefined || value === null) return false;
  const s = `${value}`;
  if (!isLength(s, 3, 2000) || /\s/.test(s) || !/^https?:\/\//i.test(s)) return false;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return false;
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!host) return false;
  return isIpv4(host) || host.includes(':') || isFqdn(host, options.requireTld ?? true);
}

/** isVideoChapterTitleValid: 1 to 100 characters (CONSTRAINTS_FIELDS.VIDEO_CHAPTERS.TITLE) — server/core/helpers/custom-validators/video-chapters.ts. */
export function isVideoChapterTitleValid(value: unknown): boolean {
  return isLength(`${value}`, 1, 100);
}

/** isVideoChapterTimecodeValid: an integer ≥ 0 — server/core/helpers/custom-validators/video-chapters.ts. */
export function isVideoChapterTimecodeValid(value: unknown): boolean {
  return isIntString(value, 0);
}

/**
 * isVideoChaptersObjectValid — server/core/helpers/custom-validators/activitypub/video-chapters.ts:
 * an http(s) `id`, and `hasPart` an array whose every part has a valid `name` and `startOffset`.
 * (`endOffset` is not checked there.)
 */
export function isVideoChaptersObjectValid(object: unknown, options: UrlOptions = {}): boolean {
  if (!object || typeof object !== 'object') return false;
  const o = object as { id?: unknown; hasPart?: unknown };
  if (!isActivityPubUrlValid(o.id, options)) return false;
  if (!Array.isArray(o.hasPart)) return false;
  return o.hasPart.every(
    (part: { name?: unknown; startOffset?: unknown }) => isVideoChapterTitleValid(part?.name) && isVideoChapterTimecodeValid(part?.startOffset),
  );
}

/** isDateValid: validator.isISO8601 — server/core/helpers/custom-validators/misc.ts. */
function isDateValid(value: unknown): boolean {
  return (
    typeof value === 'string' && /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(value) && !Number.isNaN(Date.parse(value))
  );
}

/**
 * hasAPPublic — server/core/helpers/activity-pub-utils.ts. As written in 6.3 it is
 * `toOrCC.some(f => f === 'as:Public' || publicValue)`, true for any non-empty array; kept so.
 */
function hasAPPublic(toOrCc: unknown): boolean {
  return Array.isArray(toOrCc) && toOrCc.length > 0;
}

/**
 * sanitizeAndCheckVideoCommentObject — server/core/helpers/custom-validators/activitypub/video-comments.ts:
 * a Note (or a Tombstone of one) with an id, non-empty `content`, `inReplyTo`, an ISO `published`,
 * a `url` (the id when absent), `to` an array, an optional `replyApproval` URL, and public.
 */
export function isVideoCommentObjectValid(object: unknown, options: UrlOptions = {}): boolean {
  if (!object || typeof object !== 'object') return false;
  const c = { ...(object as Record<string, any>) };
  if (!(c.type === 'Note' || (c.type === 'Tombstone' && c.formerType === 'Note'))) return false;
  if (typeof c.url !== 'string') c.url = typeof c.url === 'object' && c.url ? c.url.href || c.url.url : c.id;
  const url = (v: unknown) => isActivityPubUrlValid(v, options);
  if (c.type === 'Tombstone') return url(c.id) && isDateValid(c.published) && isDateValid(c.deleted) && url(c.url);
  return (
    url(c.id) &&
    c.content !== undefined &&
    c.content !== null &&
    isLength(`${c.content}`, 1) &&
    url(c.inReplyTo) &&
    isDateValid(c.published) &&
    url(c.url) &&
    Array.isArray(c.to) &&
    (c.replyApproval === undefined || c.replyApproval === null || url(c.replyApproval)) &&
    (hasAPPublic(c.to) || hasAPPublic(c.cc))
  );
}
