/**
 * Follows made by our instance actor: of another instance (by host) or of a
 * channel/account (by handle), their Undo, and the answers to instance followers
 * an admin approves or rejects. Also the crawl of a followed actor's outbox.
 *
 * Finding an instance's actor follows PeerTube 6.3 (peertube-compat.md, "Seen on a
 * live PeerTube"): an unsigned GET of `/.well-known/nodeinfo`, the link with
 * `rel: https://www.w3.org/ns/activitystreams#Application`; without it,
 * `/accounts/peertube`, where every PeerTube keeps it.
 */
import { eq } from 'drizzle-orm';
import { actors, follows, type Actor } from '../db/schema';
import { enqueueJob } from '../jobs/store';
import type { CrawlJobPayload, FollowJobPayload } from '../jobs/types';
import { ACTIVITY_CONTEXT, AS_PUBLIC } from './context';
import { isPrivateHost, refuseUrl } from './fetch/address-policy';
import { RemoteFetchError } from './fetch/remote-fetch';
import { findFollow } from '../services/follows';
import { findInstanceActor } from './local-actors';
import { fetchSigned, resolveActor } from './remote-actors';
import type { FederationDeps } from './deps';
import { ensureRemoteChannel, fetchAndUpsertRemoteVideo } from './remote-videos/store';
import { sendToActors } from './outbox/send';

export const NODEINFO_APPLICATION_REL = 'https://www.w3.org/ns/activitystreams#Application';
const WELL_KNOWN_TIMEOUT_MS = 10_000;
const WELL_KNOWN_MAX_BYTES = 256 * 1024;
/** The crawl after an Accept is bounded: PeerTube pages hold 10 items. */
export const CRAWL_MAX_PAGES = 3;
export const CRAWL_MAX_VIDEOS = 30;

export class FollowTargetError extends Error {
  override name = 'FollowTargetError';
}

/** http only for loopback/private hosts when the dev setting allows them; https otherwise. */
export function baseUrlOfHost(deps: Pick<FederationDeps, 'config'>, host: string): string {
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  const scheme = deps.config.allowLoopbackFederation && isPrivateHost(hostname) ? 'http' : 'https';
  return `${scheme}://${host}`;
}

/** GETs a small JSON document (NodeInfo, WebFinger): unsigned, with the same address policy, timeout and size limit. */
async function fetchWellKnown(deps: FederationDeps, url: string): Promise<Record<string, unknown>> {
  const refusal = refuseUrl(url, { allowLoopback: deps.config.allowLoopbackFederation });
  if (refusal) throw new RemoteFetchError('refused_url', `refusing to fetch ${url}: ${refusal}`);
  let res: Response;
  try {
    res = await (deps.fetchImpl ?? fetch)(url, {
      headers: { accept: 'application/json, application/jrd+json', 'user-agent': `edgetube (+${deps.config.publicUrl})` },
      redirect: 'follow',
      signal: AbortSignal.timeout(WELL_KNOWN_TIMEOUT_MS),
    });
  } catch (err) {
    throw new RemoteFetchError('network', `${url}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new RemoteFetchError('http_status', `${url} answered ${res.status}`, res.status);
  }
  const text = await res.text();
  if (text.length > WELL_KNOWN_MAX_BYTES) throw new RemoteFetchError('too_large', `${url} is too large`);
  try {
    const body = JSON.parse(text) as unknown;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    return body as Record<string, unknown>;
  } catch {
    throw new RemoteFetchError('not_json', `${url} did not serve a JSON object`);
  }
}

/** The instance actor's URL of `host`, through NodeInfo (see the module comment). */
export async function discoverInstanceActorUrl(deps: FederationDeps, host: string): Promise<string> {
  const base = baseUrlOfHost(deps, host);
  try {
    const doc = await fetchWellKnown(deps, `${base}/.well-known/nodeinfo`);
    const links = Array.isArray(doc.links) ? (doc.links as Array<Record<string, unknown>>) : [];
    const href = links.find((l) => l && l.rel === NODEINFO_APPLICATION_REL)?.href;
    if (typeof href === 'string' && new URL(href).host.toLowerCase() === host.toLowerCase()) return href;
  } catch (err) {
    if (!(err instanceof RemoteFetchError) && !(err instanceof TypeError)) throw err;
  }
  return `${base}/accounts/peertube`;
}

/** `name@host` → the actor URL from WebFinger's `rel=self` link. */
export async function webfingerActorUrl(deps: FederationDeps, handle: string): Promise<string> {
  const m = /^@?([^@\s/]+)@([^@\s/]+)$/.exec(handle.trim());
  if (!m) throw new FollowTargetError(`${handle} is not a name@host handle`);
  const [, name, host] = m;
  const base = baseUrlOfHost(deps, host);
  const doc = await fetchWellKnown(deps, `${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${name}@${host}`)}`);
  const links = Array.isArray(doc.links) ? (doc.links as Array<Record<string, unknown>>) : [];
  const self = links.find((l) => l && l.rel === 'self' && typeof l.type === 'string' && /activity\+json|ld\+json/.test(l.type));
  if (typeof self?.href !== 'string') throw new FollowTargetError(`${handle} has no ActivityPub actor`);
  return self.href;
}

export function followActivity(id: string, from: Actor, to: Actor) {
  return { '@context': ACTIVITY_CONTEXT, type: 'Follow', id, actor: from.url, object: to.url };
}

async function requireInstanceActor(deps: FederationDeps): Promise<Actor> {
  const instance = await findInstanceActor(deps.db);
  if (!instance) throw new FollowTargetError('this instance has no instance actor yet');
  return instance;
}

/**
 * Our instance actor follows an instance (`{host}`) or a channel/account (`{handle}`), or a
 * local account subscribes to a remote channel (`followerActorId`):
 * the row is `pending` until the Accept comes. Following again re-sends the Follow
 * with the same id (PeerTube answers that with a new Accept).
 */
export async function followRemote(
  deps: FederationDeps,
  target: { host: string } | { handle: string; followerActorId?: number; assertIsChannel?: boolean },
): Promise<{ followId: number; actor: Actor }> {
  const follower =
    'handle' in target && target.followerActorId !== undefined ? await loadActorById(deps, target.followerActorId) : await requireInstanceActor(deps);
  if (!follower || follower.host !== null) throw new FollowTargetError('the follower is not a local actor');
  const url = 'host' in target ? await discoverInstanceActorUrl(deps, target.host) : await webfingerActorUrl(deps, target.handle);
  let actor = await resolveActor(deps, url);
  if (actor.host === null) throw new FollowTargetError('cannot follow a local actor');
  if ('handle' in target && target.assertIsChannel) {
    // A subscription names a channel (PeerTube's assertIsChannel); its row in video_channels lists it.
    if (actor.type !== 'Group') throw new FollowTargetError(`${target.handle} is not a channel`);
    actor = await ensureRemoteChannel(deps, actor.url);
  }
  const now = new Date();
  let row = await findFollow(deps.db, follower.id, actor.id);
  if (!row) {
    [row] = await deps.db
      .insert(follows)
      .values({ followerActorId: follower.id, followingActorId: actor.id, state: 'pending', createdAt: now, updatedAt: now })
      .onConflictDoUpdate({ target: [follows.followerActorId, follows.followingActorId], set: { updatedAt: now } })
      .returning();
  }
  const activityId = row.activityUrl ?? `${follower.url}/follows/${row.id}`;
  // A follow rejected before is asked again: pending until the new answer.
  const state = row.state === 'accepted' ? 'accepted' : 'pending';
  if (!row.activityUrl || row.state !== state)
    await deps.db.update(follows).set({ activityUrl: activityId, state, updatedAt: now }).where(eq(follows.id, row.id));
  await sendToActors(deps, { from: follower, to: [actor], activity: followActivity(activityId, follower, actor) });
  return { followId: row.id, actor };
}

export async function loadActorById(deps: FederationDeps, id: number): Promise<Actor | undefined> {
  const [row] = await deps.db.select().from(actors).where(eq(actors.id, id)).limit(1);
  return row;
}

/** Runs one `activitypub-follow` job (`recover`: follow-recovery.ts). */
export async function runFollowJob(deps: FederationDeps, payload: Exclude<FollowJobPayload, { action: 'recover' }>): Promise<void> {
  if (payload.action === 'follow') {
    await followRemote(deps, payload);
    return;
  }
  const [from, to] = await Promise.all([loadActorById(deps, payload.followerActorId), loadActorById(deps, payload.followingActorId)]);
  if (!from || !to) return;
  if (payload.action === 'unfollow') {
    // PeerTube's shape (fixtures/peertube-6.3/signed/undo-follow-from-peertube.json).
    const undo = {
      '@context': ACTIVITY_CONTEXT,
      to: [AS_PUBLIC],
      cc: [from.followersUrl ?? `${from.url}/followers`],
      type: 'Undo',
      id: `${payload.followActivityId}/undo`,
      actor: from.url,
      object: { type: 'Follow', id: payload.followActivityId, actor: from.url, object: to.url },
    };
    await sendToActors(deps, { from, to: [to], activity: undo });
    return;
  }
  // An admin answered a follower of our instance actor: `to` is ours, `from` the remote follower.
  const type = payload.action === 'accept' ? 'Accept' : 'Reject';
  const reply = {
    '@context': ACTIVITY_CONTEXT,
    type,
    id: `${deps.config.publicUrl}/${type === 'Accept' ? 'accepts' : 'rejects'}/follows/${payload.followId}`,
    actor: to.url,
    object: { type: 'Follow', id: payload.followActivityId, actor: from.url, object: to.url },
  };
  await sendToActors(deps, { from: to, to: [from], activity: reply });
}

/** Items of an outbox page: the objects of Create and Announce activities, as URLs. */
function videoUrlsOf(page: Record<string, unknown>): string[] {
  const items = Array.isArray(page.orderedItems) ? page.orderedItems : Array.isArray(page.items) ? page.items : [];
  const urls: string[] = [];
  for (const item of items as unknown[]) {
    if (!item || typeof item !== 'object') continue;
    const a = item as Record<string, unknown>;
    if (a.type !== 'Create' && a.type !== 'Announce') continue;
    const o = a.object;
    const url = typeof o === 'string' ? o : o && typeof o === 'object' && (o as { type?: unknown }).type === 'Video' ? (o as { id?: unknown }).id : undefined;
    if (typeof url === 'string') urls.push(url);
  }
  return urls;
}

/**
 * After our Follow is accepted, PeerTube crawls the followed actor's outbox
 * (fixtures/peertube-6.3/signed/signed-get-collection-from-peertube.json). So do we,
 * a few pages at most; each video is then indexed by its own job.
 */
export async function crawlOutbox(deps: FederationDeps, outboxUrl: string): Promise<string[]> {
  const found: string[] = [];
  let doc: Record<string, unknown> = await fetchSigned(deps, outboxUrl);
  let next: unknown = doc.orderedItems || doc.items ? doc : doc.first;
  for (let pages = 0; next && pages < CRAWL_MAX_PAGES && found.length < CRAWL_MAX_VIDEOS; pages++) {
    doc = typeof next === 'string' ? await fetchSigned(deps, next) : (next as Record<string, unknown>);
    for (const url of videoUrlsOf(doc)) if (!found.includes(url) && found.length < CRAWL_MAX_VIDEOS) found.push(url);
    next = doc.next;
  }
  for (const url of found) await indexLater(deps, url);
  return found;
}

/** One job per video when a queue is at hand (each fetch may be slow), inline otherwise. */
async function indexLater(deps: FederationDeps, url: string) {
  if (deps.queue) await enqueueJob(deps.db, deps.queue, { type: 'activitypub-crawl', payload: { kind: 'video', url }, maxAttempts: 3 });
  else await fetchAndUpsertRemoteVideo(deps, url);
}

/** Runs one `activitypub-crawl` job. */
export async function runCrawlJob(deps: FederationDeps, payload: CrawlJobPayload): Promise<void> {
  if (payload.kind === 'outbox') await crawlOutbox(deps, payload.url);
  else await fetchAndUpsertRemoteVideo(deps, payload.url);
}

/**
 * Called when a Follow by one of our actors is accepted: the followed actor's
 * outbox is crawled (through a job when possible). Never throws: a failed crawl
 * must not fail the Accept.
 */
export async function onFollowAccepted(deps: FederationDeps, followingActorId: number): Promise<void> {
  try {
    const target = await loadActorById(deps, followingActorId);
    if (!target || target.host === null || !target.outboxUrl) return;
    if (deps.queue) await enqueueJob(deps.db, deps.queue, { type: 'activitypub-crawl', payload: { kind: 'outbox', url: target.outboxUrl }, maxAttempts: 3 });
    else await crawlOutbox(deps, target.outboxUrl);
  } catch (err) {
    console.warn(`crawl after accept of actor ${followingActorId} failed: ${(err as Error).message}`);
  }
}
