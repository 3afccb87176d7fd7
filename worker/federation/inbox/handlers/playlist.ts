/**
 * Create, Update and Delete of a remote `Playlist` (PeerTube's process-create/update of a
 * VideoPlaylist, lib/activitypub/playlists/): stored when it is the signer's, on the signer's
 * origin, and one of our actors follows the signer or the playlist's channel. Its elements are read
 * from its collection (PeerTube's `first` page, then each `PlaylistElement` by URL), bounded.
 */
import { and, eq } from 'drizzle-orm';
import { videoChannels, videoPlaylistElements, videoPlaylists, PLAYLIST_PRIVACY, PLAYLIST_TYPE } from '../../../db/schema';
import { RemoteFetchError } from '../../fetch/remote-fetch';
import { AS_PUBLIC } from '../../context';
import { fetchSigned, InvalidRemoteActorError } from '../../remote-actors';
import { InvalidRemoteVideoError } from '../../remote-videos/parse';
import { ensureRemoteChannel, fetchAndUpsertRemoteVideo, findRemoteVideoId, isFollowedLocally } from '../../remote-videos/store';
import { idOf, isHttpUrl, readArray as list, readTruncated, sameOrigin } from '../../as-values';
import { accountOfActor } from './rate-helpers';
import { ignored, processed, type HandlerResult, type InboxContext } from './types';

/** How much of a remote playlist is read: PeerTube pages hold 10 items. */
const MAX_PAGES = 5;
const MAX_ELEMENTS = 50;

export function isPlaylistObject(object: unknown): boolean {
  return !!object && typeof object === 'object' && (object as { type?: unknown }).type === 'Playlist';
}

export async function handleCreateOrUpdatePlaylist(ctx: InboxContext, object: Record<string, unknown>): Promise<HandlerResult> {
  const url = idOf(object);
  if (!isHttpUrl(url) || !sameOrigin(url, ctx.signer.url)) return ignored("a Playlist that is not on its author's origin");
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return ignored(`${ctx.signer.url} has no account`);
  const channelUrl = list(object.attributedTo)
    .map(idOf)
    .find((u): u is string => isHttpUrl(u) && sameOrigin(u, url));
  const host = new URL(ctx.signer.url).host.toLowerCase();
  const [known] = await ctx.db
    .select({ id: videoPlaylists.id, ownerAccountId: videoPlaylists.ownerAccountId })
    .from(videoPlaylists)
    .where(eq(videoPlaylists.url, url))
    .limit(1);
  if (known && known.ownerAccountId !== account.id) return ignored(`${url} belongs to another account`);
  if (!known && !(await isFollowedLocally(ctx, [ctx.signer.url, ...(channelUrl ? [channelUrl] : [])], host)))
    return ignored(`Playlist ${url}: nobody here follows ${ctx.signer.url}`);

  let channelId: number | null = null;
  try {
    if (channelUrl) {
      const group = await ensureRemoteChannel(ctx, channelUrl);
      const [channel] = await ctx.db.select({ id: videoChannels.id }).from(videoChannels).where(eq(videoChannels.actorId, group.id)).limit(1);
      channelId = channel?.id ?? null;
    }
  } catch (err) {
    if (!(err instanceof RemoteFetchError || err instanceof InvalidRemoteActorError || err instanceof InvalidRemoteVideoError)) throw err;
  }
  const audience = [...list(object.to), ...list(object.cc)].map(idOf);
  const icon = list(object.icon)[0] as { url?: unknown } | undefined;
  const now = new Date();
  const values = {
    name: readTruncated(object.name, 120) ?? 'Playlist',
    description: readTruncated(object.content, 1000),
    // PeerTube addresses a public playlist to the public collection in `to`; an unlisted one in `cc`.
    privacy: list(object.to).map(idOf).includes(AS_PUBLIC) || !audience.includes(AS_PUBLIC) ? PLAYLIST_PRIVACY.PUBLIC : PLAYLIST_PRIVACY.UNLISTED,
    channelId,
    thumbnailUrl: isHttpUrl(icon?.url) ? (icon!.url as string) : null,
    updatedAt: now,
  };
  const uuid = typeof object.uuid === 'string' && /^[0-9a-f-]{36}$/i.test(object.uuid) ? object.uuid.toLowerCase() : crypto.randomUUID();
  const [row] = await ctx.db
    .insert(videoPlaylists)
    .values({ ...values, uuid, type: PLAYLIST_TYPE.REGULAR, ownerAccountId: account.id, isLocal: false, url, createdAt: now })
    .onConflictDoUpdate({ target: videoPlaylists.url, set: values })
    .returning({ id: videoPlaylists.id });
  const count = await storeElements(ctx, row.id, object);
  return processed(`playlist ${url} stored with ${count} element(s)`);
}

/** Replaces the playlist's elements with those its collection lists now. */
async function storeElements(ctx: InboxContext, playlistId: number, object: Record<string, unknown>): Promise<number> {
  const items: unknown[] = [];
  try {
    let page: unknown =
      object.first ?? (typeof object.id === 'string' && typeof object.totalItems === 'number' && object.totalItems > 0 ? `${object.id}?page=1` : undefined);
    for (let n = 0; page && n < MAX_PAGES && items.length < MAX_ELEMENTS; n++) {
      const doc = typeof page === 'string' ? await fetchSigned(ctx, page) : (page as Record<string, unknown>);
      items.push(...list(doc.orderedItems ?? doc.items));
      page = doc.next;
    }
  } catch (err) {
    if (!(err instanceof RemoteFetchError)) throw err;
    console.warn(`playlist ${String(object.id)}: cannot read its elements: ${err.message}`);
    return 0;
  }
  const elements: Array<{ url: string; videoId: number; position: number; startTimestamp: number | null; stopTimestamp: number | null }> = [];
  for (const item of items.slice(0, MAX_ELEMENTS)) {
    try {
      const el = typeof item === 'string' ? await fetchSigned(ctx, item) : (item as Record<string, unknown>);
      const elementUrl = idOf(el);
      const videoUrl = typeof el.url === 'string' ? el.url : undefined;
      if (el.type !== 'PlaylistElement' || !isHttpUrl(elementUrl) || !isHttpUrl(videoUrl)) continue;
      const videoId = (await findRemoteVideoId(ctx, videoUrl)) ?? (await fetchAndUpsertRemoteVideo(ctx, videoUrl))?.videoId;
      if (!videoId) continue;
      const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null);
      elements.push({
        url: elementUrl,
        videoId,
        position: int(el.position) ?? elements.length + 1,
        startTimestamp: int(el.startTimestamp),
        stopTimestamp: int(el.stopTimestamp),
      });
    } catch (err) {
      if (!(err instanceof RemoteFetchError)) throw err;
    }
  }
  elements.sort((a, b) => a.position - b.position);
  const now = new Date();
  await ctx.db.batch([
    ctx.db.delete(videoPlaylistElements).where(eq(videoPlaylistElements.playlistId, playlistId)),
    ...elements.map((e, i) => ctx.db.insert(videoPlaylistElements).values({ ...e, playlistId, position: i + 1, createdAt: now, updatedAt: now })),
  ]);
  return elements.length;
}

/** Delete of a remote playlist by its owner; null when `url` is no such playlist (the caller tries other objects). */
export async function handleDeletePlaylist(ctx: InboxContext, url: string): Promise<HandlerResult | null> {
  const account = await accountOfActor(ctx, ctx.signer.id);
  if (!account) return null;
  const gone = await ctx.db
    .delete(videoPlaylists)
    .where(and(eq(videoPlaylists.url, url), eq(videoPlaylists.ownerAccountId, account.id), eq(videoPlaylists.isLocal, false)))
    .returning({ id: videoPlaylists.id });
  return gone.length ? processed(`playlist ${url} deleted`) : null;
}
