import type { Config } from '../config';
import type { Actor } from '../db/schema';

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

/** A local actor's avatar or banner, as stored on its row (null when it has none). */
export function localActorImage(actor: Actor, type: ActorImageType) {
  const file = type === 'avatar' ? actor.avatarFile : actor.bannerFile;
  if (!file) return null;
  const at = (type === 'avatar' ? actor.avatarAt : actor.bannerAt) ?? actor.updatedAt;
  const width = (type === 'avatar' ? actor.avatarWidth : actor.bannerWidth) ?? 0;
  const height = (type === 'avatar' ? actor.avatarHeight : actor.bannerHeight) ?? 0;
  return { file, width, height, at, path: actorImagePath(type, file) };
}

/**
 * PeerTube's ActorImage list (`avatars[]`, `banners[]`): the one image a local actor stores, at
 * its own width (ADR 0025), or a remote actor's icon. `fileUrl` is PeerTube 7's key, an addition
 * to 6.3's four that no 6.3 client minds.
 */
export function serializeActorImages(actor: Actor, config: Config, type: ActorImageType = 'avatar'): ActorImageJson[] {
  const local = localActorImage(actor, type);
  if (local) {
    const at = local.at.toISOString();
    return [{ width: local.width, path: local.path, fileUrl: `${config.publicUrl}${local.path}`, createdAt: at, updatedAt: at }];
  }
  if (type !== 'avatar' || !actor.avatarUrl) return [];
  const at = actor.updatedAt.toISOString();
  let path = actor.avatarUrl;
  try {
    path = new URL(actor.avatarUrl).pathname;
  } catch {
    /* a relative path already */
  }
  return [{ width: REMOTE_AVATAR_WIDTH, path, fileUrl: actor.avatarUrl, createdAt: at, updatedAt: at }];
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
