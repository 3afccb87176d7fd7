/**
 * Sends one activity to one inbox: a signed POST (draft-cavage over
 * `(request-target) host date digest`, peertube-compat.md "Signatures").
 * Callers decide about retries; this reports what happened.
 */
import type { Actor } from '../../db/schema';
import { refuseUrl } from '../fetch/address-policy';
import { localActorSigner } from '../local-signer';
import type { FederationDeps } from '../deps';
import { signRequest } from '../signatures';
import { isUrlHostBlocked } from '../../services/blocklist';
import { checkHostHealth, hostOf, isHostFailure, recordHostFailure, recordHostSuccess } from './host-health';

const DELIVERY_TIMEOUT_MS = 15_000;

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly status?: number,
    readonly permanent = false,
  ) {
    super(message);
  }
}

/** Not attempted: the inbox's host is marked unreachable until `until` (host-health.ts). */
export class HostUnreachableError extends DeliveryError {
  override name = 'HostUnreachableError';
  constructor(
    message: string,
    readonly until: Date,
  ) {
    super(message);
  }
}

/**
 * POSTs `activity` to `inbox`, signed by the local actor `from`. Throws
 * HostUnreachableError without sending when the host is marked (host-health.ts),
 * and keeps the host's failure count up to date.
 *
 * @example
 * await deliverActivity(deps, { from: channelActor, inbox: follower.inboxUrl, activity: accept });
 */
export async function deliverActivity(deps: FederationDeps, input: { from: Actor; inbox: string; activity: object }): Promise<void> {
  const refusal = refuseUrl(input.inbox, { allowLoopback: deps.config.allowLoopbackFederation });
  if (refusal) throw new DeliveryError(`refusing to deliver to ${input.inbox}: ${refusal}`, undefined, true);
  // Blocklist: nothing is ever sent to a blocked server (checked again here: it may be blocked after enqueueing).
  if (await isUrlHostBlocked(deps.db, input.inbox)) throw new DeliveryError(`refusing to deliver to ${input.inbox}: the server is blocked`, undefined, true);
  const host = hostOf(input.inbox);
  const health = await checkHostHealth(deps.db, host);
  if (health.unreachableUntil) {
    throw new HostUnreachableError(`${input.inbox}: ${host} is marked unreachable until ${health.unreachableUntil.toISOString()}`, health.unreachableUntil);
  }
  try {
    await postActivity(deps, input);
  } catch (err) {
    if (err instanceof DeliveryError && isHostFailure(err)) await recordHostFailure(deps.db, host, err.message);
    throw err;
  }
  if (health.failing) await recordHostSuccess(deps.db, host);
}

async function postActivity(deps: FederationDeps, input: { from: Actor; inbox: string; activity: object }): Promise<void> {
  const body = JSON.stringify(input.activity);
  const signer = await localActorSigner(deps.config, input.from);
  const signed = await signRequest({ method: 'POST', url: input.inbox, body, ...signer });
  const post = () =>
    (deps.fetchImpl ?? fetch)(input.inbox, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/activity+json',
        accept: 'application/activity+json, application/ld+json',
        'user-agent': `edgetube (+${deps.config.publicUrl})`,
        ...signed,
      },
      redirect: 'manual',
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    });
  let response: Response;
  try {
    response = await post().catch((err: Error) => {
      // No answer at all (a kept connection the host closed as we sent, a reset): once more at
      // once, on a new connection. Inboxes take an activity once whatever the count (its id), as
      // PeerTube's and ours do. Not after a timeout: the host may still be working on the first.
      if (err.name === 'TimeoutError') throw err;
      return post();
    });
  } catch (err) {
    throw new DeliveryError(`${input.inbox}: ${(err as Error).message}`);
  }
  await response.body?.cancel();
  if (!response.ok) {
    // 4xx other than 408/429 will not get better by retrying.
    const permanent = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw new DeliveryError(`${input.inbox} answered ${response.status}`, response.status, permanent);
  }
}
