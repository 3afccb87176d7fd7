/**
 * The inbox pipeline, up to the point where an activity is accepted for
 * processing: size limit, JSON, HTTP signature (Digest, Date, key of the
 * keyId), signer = actor, and once-only (by activity id; an Update by id and
 * object, once-key.ts). Nothing here trusts the body before the signature is
 * checked, and nothing is processed twice.
 */
import type { Actor } from '../../db/schema';
import { inboxActivities } from '../../db/schema';
import { verifyRequest } from '../signatures';
import { actorKeyResolvers, fetchSigned, InvalidRemoteActorError, resolveActor } from '../remote-actors';
import type { FederationDeps } from '../deps';
import { RemoteFetchError } from '../fetch/remote-fetch';
import { readBodyLimited } from '../../http/read-limited';
import { sameOrigin } from '../as-values';
import { parseActivity, type Activity } from './activity';
import { onceKeyOf, releaseOnceKeys } from './once-key';
import { signatureRejection } from './signature-rejection';
import { drainStream } from '../../media/drain';
import { isUrlHostBlocked } from '../../services/blocklist';

/** Bodies above this are refused with 413 (PeerTube's limit is 500 kB of JSON; Mastodon's 1 MB). */
export const MAX_INBOX_BODY_BYTES = 1024 * 1024;
/** How much of an oversized body is read and thrown away so that the 413 arrives. */
const MAX_DRAINED_BYTES = 64 * 1024 * 1024;

export type InboxRequest = { method: string; url: string; headers: Headers; body: ReadableStream<Uint8Array> | null };

export type InboxOutcome =
  | { status: 204; result: 'accepted'; activity: Activity; signer: Actor; onceKey: string }
  | { status: 204; result: 'duplicate'; activityId: string }
  | { status: 202 | 204; result: 'ignored'; detail: string }
  | { status: 400 | 401 | 403 | 413; result: 'rejected'; reason: string; detail: string };

/**
 * Checks an inbox POST. On `accepted` the caller processes the activity (through a
 * job, or inline); every other outcome is answered as is and processes nothing.
 */
export async function receiveInbox(deps: FederationDeps, request: InboxRequest, now = Date.now()): Promise<InboxOutcome> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_INBOX_BODY_BYTES) {
    // Read what the sender is still sending before answering: a 413 given over an unread body
    // reaches the client as a connection reset (the same reason the upload routes drain).
    await drainStream(request.body, MAX_DRAINED_BYTES);
    return reject(413, 'too_large', 'the body is too large');
  }
  const raw = await readBodyLimited(request.body, MAX_INBOX_BODY_BYTES);
  if (raw === null) return reject(413, 'too_large', 'the body is too large');

  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(raw));
  } catch {
    return reject(400, 'malformed_json', 'the body is not valid JSON');
  }
  const parsed = parseActivity(body);
  if (!parsed.ok) return reject(400, 'invalid_activity', parsed.detail);
  // Blocklist (issue 4 §7): a blocked server is refused before any key of it is fetched.
  const keyId = /keyId="([^"]+)"/.exec(request.headers.get('signature') ?? '')?.[1];
  if ((await isUrlHostBlocked(deps.db, parsed.activity.actor)) || (keyId && (await isUrlHostBlocked(deps.db, keyId)))) {
    return reject(403, 'blocked_server', 'this server is blocked');
  }

  const verified = await verifyRequest({ method: request.method, url: request.url, headers: request.headers, rawBody: raw, now }, actorKeyResolvers(deps));
  if (!verified.ok) {
    // Mastodon announces an account's deletion to every inbox once the actor (and its key) is gone.
    // PeerTube 6.3 answers 204 to that Delete (checkSignature, server/core/middlewares/activitypub.ts:
    // "Handling signature error on actor delete activity"), not the 202 of what we ignore otherwise.
    const { type, object, actor } = parsed.activity;
    if (verified.reason === 'key_not_found' && type === 'Delete' && object === actor) {
      return ignore(`Delete of ${actor}, whose key is gone`, 204);
    }
    const rejection = signatureRejection(verified);
    return reject(rejection.status, verified.reason, rejection.detail);
  }

  // Blocklist: the signer's host too (a keyId on another host than the key's owner).
  if (await isUrlHostBlocked(deps.db, verified.actorUrl)) return reject(403, 'blocked_server', 'this server is blocked');

  let activity = parsed.activity;
  if (verified.actorUrl !== activity.actor) {
    // A forwarded activity (PeerTube relays replies with an LD signature, which we do not check).
    // Not trusted as it stands (design.md, decision 7): only the copy its origin serves is.
    const original = await refetchFromOrigin(deps, activity);
    if (!original) {
      console.warn(`inbox: ${verified.actorUrl} signed ${activity.id} of ${activity.actor}, which its origin does not serve; ignored`);
      return ignore('the signer is not the actor, and the activity cannot be fetched from its origin');
    }
    activity = original;
  }
  if (!sameOrigin(activity.id, activity.actor)) return ignore("the activity id is not on its actor's origin");

  // The key resolver stored the signer; a refetched activity's actor may need a fetch.
  let signer: Actor;
  try {
    signer = await resolveActor(deps, activity.actor);
  } catch (err) {
    if (!(err instanceof RemoteFetchError) && !(err instanceof InvalidRemoteActorError)) throw err;
    return ignore(`the actor ${activity.actor} cannot be fetched`);
  }

  const onceKey = await onceKeyOf(activity);
  const inserted = await deps.db
    .insert(inboxActivities)
    .values({ activityId: onceKey, type: activity.type, actorUrl: activity.actor })
    .onConflictDoNothing()
    .returning({ id: inboxActivities.activityId });
  if (inserted.length === 0) return { status: 204, result: 'duplicate', activityId: activity.id };
  await releaseOnceKeys(deps.db, activity);

  return { status: 204, result: 'accepted', activity, signer, onceKey };
}

/**
 * The activity as its own origin serves it (signed GET by the instance actor), or null.
 * fetchRemoteObject already checks that the id is on the origin that served it.
 */
async function refetchFromOrigin(deps: FederationDeps, claimed: Activity): Promise<Activity | null> {
  if (!sameOrigin(claimed.id, claimed.actor)) return null;
  let fetched: unknown;
  try {
    fetched = await fetchSigned(deps, claimed.id);
  } catch (err) {
    console.warn(`inbox: cannot refetch ${claimed.id}: ${(err as Error).message}`);
    return null;
  }
  const parsed = parseActivity(fetched);
  if (!parsed.ok) return null;
  const original = parsed.activity;
  return original.id === claimed.id && original.actor === claimed.actor && original.type === claimed.type ? original : null;
}

function reject(status: 400 | 401 | 403 | 413, reason: string, detail: string): InboxOutcome {
  return { status, result: 'rejected', reason, detail };
}

function ignore(detail: string, status: 202 | 204 = 202): InboxOutcome {
  return { status, result: 'ignored', detail };
}
