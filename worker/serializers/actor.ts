import type { Config } from '../config';
import type { Actor } from '../db/schema';
import { sizedFile } from '../media/actor-image-sizes';

/** PeerTube's ActorImage, as found in `avatars[]` and `banners[]`. */
export type ActorImageJson = { width: number; path: string; fileUrl: string; createdAt: string; updatedAt: string };

/** The fields every PeerTube Actor carries in the REST API (Account and VideoChannel add theirs). */
export type ActorJson = {
  url: string;
  name: string;
  host: string;
  avatars: ActorImageJson[];
  hostRedundancyAllowed: boolean;
  followingCount: number;
  followersCount: number;
};

/** The width a remote icon is announced at: we keep its URL, not its size. */
const REMOTE_AVATAR_WIDTH = 120;

export type ActorImageType = 'avatar' | 'banner';

/** Where a local actor image is served (PeerTube's LAZY_STATIC_PATHS.AVATARS and BANNERS). */
export const actorImagePath = (type: ActorImageType, file: string) => `/lazy-static/${type}s/${file}`;

/**
 * A local actor's avatar or banner, as stored on its row (null when it has none): the uploaded
 * file, and the sizes the companion made of it (largest first; empty until the resize job reported).
 */
export function localActorImage(actor: Actor, type: ActorImageType) {
  const file = type === 'avatar' ? actor.avatarFile : actor.bannerFile;
  if (!file) return null;
  const at = (type === 'avatar' ? actor.avatarAt : actor.bannerAt) ?? actor.updatedAt;
  const width = (type === 'avatar' ? actor.avatarWidth : actor.bannerWidth) ?? 0;
  const height = (type === 'avatar' ? actor.avatarHeight : actor.bannerHeight) ?? 0;
  const sizes = ((type === 'avatar' ? actor.avatarSizes : actor.bannerSizes) ?? []).map((s) => {
    const sized = sizedFile(file, s.width);
    return { file: sized, width: s.width, height: s.height, path: actorImagePath(type, sized) };
  });
  return { file, width, height, at, path: actorImagePath(type, file), sizes };
}

/**
 * PeerTube's ActorImage list (`avatars[]`, `banners[]`): every size of a local actor's image once
 * the companion made them, else the uploaded image at its own width (ADR 0025); or a remote
 * actor's icon. `fileUrl` is PeerTube 7's key, an addition to 6.3's four that no 6.3 client minds.
 */
export function serializeActorImages(actor: Actor, config: Config, type: ActorImageType = 'avatar'): ActorImageJson[] {
  const local = localActorImage(actor, type);
  if (local) {
    const at = local.at.toISOString();
    const images = local.sizes.length ? local.sizes : [local];
    return images.map((i) => ({ width: i.width, path: i.path, fileUrl: `${config.publicUrl}${i.path}`, createdAt: at, updatedAt: at }));
  }
  if (type !== 'avatar' || !actor.avatarUrl) return [];
  const at = actor.updatedAt.toISOString();
  const path = remoteAvatarPath(actor.id, actor.avatarUrl);
  return [{ width: REMOTE_AVATAR_WIDTH, path, fileUrl: actor.avatarUrl, createdAt: at, updatedAt: at }];
}

/**
 * Of an actor's images, the one a slot `width` CSS pixels wide shows: the smallest at least that
 * wide, else the largest (PeerTube's clients choose so); undefined when there is none.
 */
export function pickActorImage<T extends { width: number }>(images: readonly T[], width: number): T | undefined {
  let best: T | undefined;
  for (const i of images) {
    const better = !best || (best.width < width ? i.width > best.width : i.width >= width && i.width < best.width);
    if (better) best = i;
  }
  return best;
}

/** FNV-1a, 32 bits, hex: names a remote icon URL in its proxy path, so a new URL is a new path. */
export function urlTag(url: string) {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** `r<actor id>-<url tag>.<ext>`: a remote actor's icon under our lazy-static path (media/routes.ts). */
export const REMOTE_AVATAR_FILE = /^r(\d+)-([0-9a-f]{8})(?:\.(?:png|jpg|jpeg|gif|webp))?$/;

/**
 * Where we serve a remote actor's icon: fetched from its origin when first asked for, as
 * PeerTube's lazy-static avatars are, so pages and 6.3 clients (which read `path`) stay on this host.
 */
export function remoteAvatarPath(actorId: number, url: string) {
  const ext = /\.(png|jpe?g|gif|webp)$/i.exec(url.split(/[?#]/)[0])?.[0].toLowerCase() ?? '';
  return actorImagePath('avatar', `r${actorId}-${urlTag(url)}${ext}`);
}

/** Row → the Actor part of an Account or VideoChannel. Local actors (host null) take our host. */
export function serializeActor(actor: Actor, config: Config): ActorJson {
  return {
    url: actor.url,
    name: actor.preferredUsername,
    host: actor.host ?? config.host,
    avatars: serializeActorImages(actor, config),
    // PeerTube reports whether the actor's server accepts redundancy; we offer none.
    hostRedundancyAllowed: false,
    followingCount: actor.followingCount,
    followersCount: actor.followersCount,
  };
}
