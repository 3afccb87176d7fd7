/**
 * Checks a segment received from a peer against the video's segments-sha256 JSON before the
 * player uses it (ADR 0021). Two shapes exist (transcoder/media/segments-sha256.ts): PeerTube's
 * live form, which ours is, `{ "<segment file>": "<sha256>" }`, and PeerTube's VOD form, one
 * object per file keyed by the request's byte range, `{ "<file>": { "<start>-<end>": "<sha256>" } }`
 * (remote PeerTube videos). The file is looked up by the last path component of the segment URL,
 * as PeerTube's player does.
 */
export type SegmentLike = { url: string; range?: string; data: ArrayBuffer };

export class SegmentHashMismatch extends Error {
  override readonly name = 'SegmentHashMismatch';
}

type FetchJson = (url: string) => Promise<unknown>;

export function createSegmentValidator(segmentsSha256Url: string, fetchJson: FetchJson = defaultFetchJson) {
  let table: Promise<Record<string, unknown>> | undefined;
  let reloaded = false;
  const load = (fresh = false) => {
    if (!table || fresh) {
      const loading = fetchJson(segmentsSha256Url).then((json) => (json && typeof json === 'object' ? (json as Record<string, unknown>) : {}));
      // A failed fetch must not poison later checks: the next check tries again.
      loading.catch(() => {
        if (table === loading) table = undefined;
      });
      table = loading;
    }
    return table;
  };

  return async function validate(segment: SegmentLike): Promise<void> {
    const file = new URL(segment.url, 'http://base.invalid/').pathname.split('/').pop() ?? '';
    let expected = expectedHash(await load(), file, segment.range);
    // A table read before this segment existed (a video still being published): read it again, once.
    if (expected === undefined && !reloaded) {
      reloaded = true;
      expected = expectedHash(await load(true), file, segment.range);
    }
    if (expected === undefined) throw new SegmentHashMismatch(`no hash for ${file}`);
    const actual = await sha256Hex(segment.data);
    if (actual !== expected) throw new SegmentHashMismatch(`hash mismatch for ${file}`);
  };
}

function expectedHash(table: Record<string, unknown>, file: string, range: string | undefined): string | undefined {
  const entry = table[file];
  if (typeof entry === 'string') return entry;
  if (!entry || typeof entry !== 'object') return undefined;
  const bytes = /bytes=(\d+)-(\d+)/.exec(range ?? '');
  const value = bytes ? (entry as Record<string, unknown>)[`${bytes[1]}-${bytes[2]}`] : undefined;
  return typeof value === 'string' ? value : undefined;
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
