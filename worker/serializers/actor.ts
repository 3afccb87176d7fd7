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

/** PeerTube's avatar sizes; one stored image is announced at the larger one. */
const AVATAR_WIDTH = 120;

export function serializeActorImages(actor: Actor): ActorImageJson[] {
  if (!actor.avatarUrl) return [];
  const at = actor.updatedAt.toISOString();
  let path = actor.avatarUrl;
  try {
    path = new URL(actor.avatarUrl).pathname;
  } catch {
    /* a relative path already */
  }
  return [{ width: AVATAR_WIDTH, path, fileUrl: actor.avatarUrl, createdAt: at, updatedAt: at }];
}

/** Row → the Actor part of an Account or VideoChannel. Local actors (host null) take our host. */
export function serializeActor(actor: Actor, config: Config): ActorJson {
  return {
    url: actor.url,
    name: actor.preferredUsername,
    host: actor.host ?? config.host,
    avatars: serializeActorImages(actor),
    // PeerTube reports whether the actor's server accepts redundancy; we offer none.
    hostRedundancyAllowed: false,
    followingCount: actor.followingCount,
    followersCount: actor.followersCount,
  };
}
