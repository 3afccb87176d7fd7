import { signHmacRequest } from '../../crypto/hmac';
import type { Config } from '../../config';
import type { CompanionRequest } from '../companion-protocol';
import { COMPANION_BUSY_RETRY_SECONDS } from '../companion-protocol';
import { RetryLaterError } from '../errors';

/**
 * Hands one job to a companion (design.md, decision 5): POST `${COMPANION_URL}/jobs`, signed.
 * With several companions, each job starts at a different one and goes to the first that
 * accepts. All busy: retry later without spending an attempt; none reachable: the attempt fails.
 */
export async function dispatchToCompanion(config: Config, request: CompanionRequest): Promise<'detached'> {
  const { urls, secret } = config.companion;
  if (!urls.length || !secret) throw new Error('no transcoding companion is configured (COMPANION_URL, COMPANION_SECRET)');
  const body = JSON.stringify(request);
  const order = urls.map((_, i) => urls[(request.jobId + i) % urls.length]);
  let busyFor = 0;
  const errors: string[] = [];
  for (const url of order) {
    const answer = await dispatch(url, secret, body);
    if (answer.accepted) return 'detached';
    if (answer.busyForMs !== undefined) busyFor = busyFor ? Math.min(busyFor, answer.busyForMs) : answer.busyForMs;
    else errors.push(answer.error);
  }
  if (busyFor) throw new RetryLaterError('every transcoding companion is busy', busyFor);
  throw new Error(`no transcoding companion took the job: ${errors.join('; ')}`);
}

type DispatchAnswer = { accepted: true } | { accepted: false; busyForMs: number } | { accepted: false; busyForMs?: undefined; error: string };

async function dispatch(url: string, secret: string, body: string): Promise<DispatchAnswer> {
  const target = `${url.replace(/\/+$/, '')}/jobs`;
  try {
    const headers = await signHmacRequest(secret, { method: 'POST', url: target, body });
    const res = await fetch(target, { method: 'POST', body, headers: { ...headers, 'content-type': 'application/json' }, signal: AbortSignal.timeout(15_000) });
    const text = await res.text();
    if (res.status === 202 || res.status === 200) return { accepted: true };
    if (res.status === 503) return { accepted: false, busyForMs: (Number(res.headers.get('retry-after')) || COMPANION_BUSY_RETRY_SECONDS) * 1000 };
    return { accepted: false, error: `${new URL(target).host} answered ${res.status} ${text.slice(0, 300)}` };
  } catch (err) {
    return { accepted: false, error: `${new URL(target).host}: ${(err as Error).message}` };
  }
}
