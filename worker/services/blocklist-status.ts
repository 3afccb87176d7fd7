/**
 * GET /blocklist/status (PeerTube's controllers/api/blocklist.ts): whether the instance, and the
 * viewer when logged in, block each host and account asked about.
 */
import { and, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Config } from '../config';
import { accountBlocks, accounts, actors, serverBlocks } from '../db/schema';

export type BlockStatus = { blockedByServer: boolean; blockedByUser: boolean };
export type BlocklistStatus = { accounts: Record<string, BlockStatus>; hosts: Record<string, BlockStatus> };

const NOTHING = sql`0`;

/** PeerTube's handleToNameAndHost: our own host means a local account. */
function nameAndHost(handle: string, config: Config) {
  const [name, host] = handle.split('@');
  return { name, host: host === config.host ? null : host };
}

/**
 * `hosts` and `accounts` (`name@host` handles) as validated by the route. Both lookups go in one
 * batch; nothing is read when neither is asked.
 */
export async function getBlocklistStatus(
  db: Db,
  config: Config,
  viewerAccountId: number | undefined,
  query: { hosts: string[]; accounts: string[] },
): Promise<BlocklistStatus> {
  const status: BlocklistStatus = { accounts: {}, hosts: {} };
  const by = <C extends typeof serverBlocks.accountId | typeof accountBlocks.accountId>(column: C) =>
    viewerAccountId === undefined ? isNull(column) : or(isNull(column), eq(column, viewerAccountId));
  const handles = query.accounts.map((handle) => ({ handle, ...nameAndHost(handle, config) }));
  const hostsQuery = db
    .select({ host: serverBlocks.host, owner: serverBlocks.accountId })
    .from(serverBlocks)
    .where(
      and(
        by(serverBlocks.accountId),
        query.hosts.length
          ? inArray(
              serverBlocks.host,
              query.hosts.map((h) => h.toLowerCase()),
            )
          : NOTHING,
      ),
    );
  const accountsQuery = db
    .select({ name: actors.preferredUsername, host: actors.host, owner: accountBlocks.accountId })
    .from(accountBlocks)
    .innerJoin(accounts, eq(accounts.id, accountBlocks.targetAccountId))
    .innerJoin(actors, eq(actors.id, accounts.actorId))
    .where(
      and(
        by(accountBlocks.accountId),
        handles.length
          ? or(...handles.map((h) => and(eq(actors.preferredUsername, h.name), h.host === null ? isNull(actors.host) : eq(actors.host, h.host))))
          : NOTHING,
      ),
    );
  if (handles.length === 0 && query.hosts.length === 0) return status;
  const [hostRows, accountRows] = await db.batch([hostsQuery, accountsQuery]);

  const statusOf = (owners: (number | null)[]): BlockStatus => ({
    blockedByServer: owners.includes(null),
    blockedByUser: viewerAccountId !== undefined && owners.includes(viewerAccountId),
  });
  for (const host of query.hosts) {
    status.hosts[host] = statusOf(hostRows.filter((r) => r.host === host.toLowerCase()).map((r) => r.owner));
  }
  for (const h of handles) {
    status.accounts[h.handle] = statusOf(accountRows.filter((r) => r.name === h.name && r.host === h.host).map((r) => r.owner));
  }
  return status;
}
