import type { Config } from '../config';
import { serializeAccount, type AccountJson, type AccountWithActor } from './account';

/** PeerTube's ServerBlock: `{byAccount, blockedServer: {host}, createdAt}`. */
export type ServerBlockJson = { byAccount: AccountJson | null; blockedServer: { host: string }; createdAt: string };
/** PeerTube's AccountBlock: `{byAccount, blockedAccount, createdAt}`. */
export type AccountBlockJson = { byAccount: AccountJson | null; blockedAccount: AccountJson; createdAt: string };

export function serializeServerBlock(row: { host: string; createdAt: Date }, by: AccountWithActor | undefined, config: Config): ServerBlockJson {
  return { byAccount: by ? serializeAccount(by, config) : null, blockedServer: { host: row.host }, createdAt: row.createdAt.toISOString() };
}

export function serializeAccountBlock(row: { blocked: AccountWithActor; createdAt: Date }, by: AccountWithActor | undefined, config: Config): AccountBlockJson {
  return {
    byAccount: by ? serializeAccount(by, config) : null,
    blockedAccount: serializeAccount(row.blocked, config),
    createdAt: row.createdAt.toISOString(),
  };
}
