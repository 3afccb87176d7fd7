import type { Config } from '../config';
import type { Actor, VideoChannel } from '../db/schema';
import { serializeActor, serializeActorImages, type ActorImageJson, type ActorJson } from './actor';
import { serializeAccount, type AccountJson, type AccountWithActor } from './account';

/** PeerTube's VideoChannel (see fixtures/peertube-6.3/api-channel.json). */
export type ChannelJson = ActorJson & {
  id: number;
  createdAt: string;
  updatedAt: string;
  banners: ActorImageJson[];
  displayName: string;
  description: string | null;
  support: string | null;
  isLocal: boolean;
  ownerAccount: AccountJson;
};

export type ChannelWithOwner = { channel: VideoChannel; actor: Actor; owner: AccountWithActor };

function channelFields(channel: VideoChannel, actor: Actor, config: Config) {
  return {
    ...serializeActor(actor, config),
    id: channel.id,
    createdAt: channel.createdAt.toISOString(),
    updatedAt: channel.updatedAt.toISOString(),
    banners: serializeActorImages(actor, config, 'banner'),
    displayName: channel.displayName,
    description: channel.description ?? null,
    support: channel.support ?? null,
    isLocal: actor.host === null,
  };
}

export function serializeChannel({ channel, actor, owner }: ChannelWithOwner, config: Config): ChannelJson {
  return { ...channelFields(channel, actor, config), ownerAccount: serializeAccount(owner, config) };
}

/** A channel inside a User's `videoChannels[]`: PeerTube gives the owner's id instead of the whole account. */
export type UserChannelJson = Omit<ChannelJson, 'ownerAccount'> & { ownerAccountId: number };

export function serializeUserChannel(channel: VideoChannel, actor: Actor, config: Config): UserChannelJson {
  return { ...channelFields(channel, actor, config), ownerAccountId: channel.accountId };
}
