import type { Config } from '../config';
import type { Account, Actor } from '../db/schema';
import { serializeActor, type ActorJson } from './actor';

/** PeerTube's Account (see fixtures/peertube-6.3/api-account.json). */
export type AccountJson = ActorJson & {
  id: number;
  createdAt: string;
  updatedAt: string;
  displayName: string;
  description: string | null;
  userId: number | null;
};

export type AccountWithActor = { account: Account; actor: Actor };

export function serializeAccount({ account, actor }: AccountWithActor, config: Config): AccountJson {
  return {
    ...serializeActor(actor, config),
    id: account.id,
    createdAt: account.createdAt.toISOString(),
    updatedAt: account.updatedAt.toISOString(),
    displayName: account.displayName,
    description: account.description ?? null,
    userId: account.userId ?? null,
  };
}
