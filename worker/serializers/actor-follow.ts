import type { Config } from '../config';
import type { Actor, Follow } from '../db/schema';
import { serializeActorImages } from './actor';

/** The Actor inside a PeerTube ActorFollow (ActorModel.toFormattedJSON). */
function followActor(actor: Actor, config: Config) {
  return {
    id: actor.id,
    url: actor.url,
    name: actor.preferredUsername,
    host: actor.host ?? config.host,
    hostRedundancyAllowed: false,
    followingCount: actor.followingCount,
    followersCount: actor.followersCount,
    avatars: serializeActorImages(actor, config),
    createdAt: actor.createdAt.toISOString(),
    updatedAt: actor.updatedAt.toISOString(),
  };
}

/** PeerTube's ActorFollow, as /server/following and /server/followers list it. */
export function serializeActorFollow(row: { follow: Follow; follower: Actor; following: Actor }, config: Config) {
  return {
    id: row.follow.id,
    follower: followActor(row.follower, config),
    following: followActor(row.following, config),
    // PeerTube's delivery health score; we do not track one per follow.
    score: 20,
    state: row.follow.state,
    createdAt: row.follow.createdAt.toISOString(),
    updatedAt: row.follow.updatedAt.toISOString(),
  };
}
