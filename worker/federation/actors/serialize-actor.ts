/**
 * Local actor → ActivityPub JSON, shaped as PeerTube 6.3 serves its actors
 * (fixtures/peertube-6.3/ap-person.json, ap-group.json, ap-application.json).
 */
import type { Config } from '../../config';
import { ACTOR_CONTEXT } from '../context';
import type { LocalActor } from '../local-actors';
import { localActorImage, type ActorImageType } from '../../serializers/actor';

export type ApActor = Record<string, unknown> & { id: string; type: string };

/** The URLs every local actor exposes; stored columns win, PeerTube's layout fills the gaps. */
export function actorEndpoints(config: Config, actor: LocalActor['actor']) {
  const id = actor.url;
  return {
    id,
    inbox: actor.inboxUrl || `${id}/inbox`,
    outbox: actor.outboxUrl || `${id}/outbox`,
    followers: actor.followersUrl || `${id}/followers`,
    following: actor.followingUrl || `${id}/following`,
    playlists: `${id}/playlists`,
    sharedInbox: actor.sharedInboxUrl || `${config.publicUrl}/inbox`,
    keyId: `${id}#main-key`,
  };
}

/**
 * Builds the Person (account), Group (channel) or Application (instance actor) document.
 * `publicKey.id` is `<actor>#main-key`, as PeerTube publishes it (it signs with the bare URL).
 */
export function serializeLocalActor(config: Config, local: LocalActor): ApActor {
  const { actor, account, channel } = local;
  const urls = actorEndpoints(config, actor);
  const name = channel?.displayName ?? account?.displayName ?? actor.preferredUsername;
  const summary = channel?.description ?? account?.description ?? null;
  const doc: ApActor = {
    '@context': ACTOR_CONTEXT,
    type: actor.type,
    id: urls.id,
    following: urls.following,
    followers: urls.followers,
    playlists: urls.playlists,
    inbox: urls.inbox,
    outbox: urls.outbox,
    preferredUsername: actor.preferredUsername,
    url: urls.id,
    name,
    endpoints: { sharedInbox: urls.sharedInbox },
    publicKey: { id: urls.keyId, owner: urls.id, publicKeyPem: actor.publicKeyPem ?? '' },
    published: actor.createdAt.toISOString(),
    summary,
  };
  // PeerTube's toActivityPubObject: `icon` lists the avatars, `image` the banners, each an Image with its size.
  const icon = apImage(config, actor, 'avatar');
  if (icon) doc.icon = icon;
  else if (actor.avatarUrl) doc.icon = [{ type: 'Image', mediaType: guessImageType(actor.avatarUrl), url: actor.avatarUrl }];
  const image = apImage(config, actor, 'banner');
  if (image) doc.image = image;
  if (actor.type === 'Group') {
    doc.support = channel?.support ?? null;
    // PeerTube sets this so Lemmy does not let remote users post to a channel.
    doc.postingRestrictedToMods = true;
    if (local.ownerUrl) doc.attributedTo = [{ type: 'Person', id: local.ownerUrl }];
  }
  return doc;
}

function apImage(config: Config, actor: LocalActor['actor'], type: ActorImageType) {
  const local = localActorImage(actor, type);
  if (!local) return undefined;
  const url = `${config.publicUrl}${local.path}`;
  return [{ type: 'Image', mediaType: guessImageType(url), height: local.height, width: local.width, url }];
}

function guessImageType(url: string): string {
  const ext = url.split('?')[0].split('.').pop()?.toLowerCase();
  if (ext === 'png') return 'image/png';
  if (ext === 'webp') return 'image/webp';
  if (ext === 'gif') return 'image/gif';
  return 'image/jpeg';
}
