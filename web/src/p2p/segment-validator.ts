/**
 * Checks a segment against the video's segments-sha256 JSON before the player uses it. Two
 * shapes exist (transcoder/media/segments-sha256.ts): PeerTube's live form and ours,
 * `{ "<segment file>": "<sha256>" }`, and PeerTube's VOD form, one object per file keyed by the
 * request's byte range, `{ "<file>": { "<start>-<end>": "<sha256>" } }` (remote PeerTube videos).
 */
export type SegmentLike = { url: string; range?: string; data: ArrayBuffer };

export class SegmentHashMismatch extends Error {
  override readonly name = 'SegmentHashMismatch';
}

export function createSegmentValidator(segmentsSha256Url: string, fetchJson: (url: string) => Promise<unknown> = defaultFetchJson) {
  let hashes: Promise<Record<string, unknown>> | undefined;
  const load = () => {
    hashes ??= fetchJson(segmentsSha256Url).then((json) => json as Record<string, unknown>);
    // A failed fetch must not poison later checks: try again next time.
    hashes.catch(() => { hashes = undefined; });
    return hashes;
  };

  return async function validate(segment: SegmentLike): Promise<void> {
    const table = await load();
    const file = new URL(segment.url, 'http://base.invalid/').pathname.split('/').pop() ?? '';
    const entry = table[file];
    let expected: unknown = entry;
    if (entry && typeof entry === 'object') {
      const range = /bytes=(\d+)-(\d+)/.exec(segment.range ?? '');
      expected = range ? (entry as Record<string, unknown>)[`${range[1]}-${range[2]}`] : undefined;
    }
    if (typeof expected !== 'string') throw new SegmentHashMismatch(`no hash for ${file}`);
    const actual = await sha256Hex(segment.data);
    if (actual !== expected) throw new SegmentHashMismatch(`hash mismatch for ${file}`);
  };
}

async function sha256Hex(data: ArrayBuffer) {
  const digest = await crypto.subtle.digest('SHA-256', data);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function defaultFetchJson(url: string) {
  const res = await fetch(url, { credentials: 'omit' });
  if (!res.ok) throw new Error(`segments-sha256: ${res.status}`);
  return res.json();
}
