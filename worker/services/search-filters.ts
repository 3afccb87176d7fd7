/**
 * The search's `host`, `uuids` and `handles` filters, as PeerTube's search validators take them
 * (server/core/middlewares/validators/search.ts) and its models apply them: `host` keeps what an
 * actor of that instance owns (this instance's own host: local content only), `uuids` the videos
 * or playlists with those uuids, `handles` the channels with those handles.
 */
import { or, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Config } from '../config';
import { actors } from '../db/schema';
import { ApiError } from '../errors';
import { handleWhere } from './actors';
import { shortToUuid } from './short-uuid';

/** An instance to filter on: its host, or null for this instance. */
export type HostFilter = string | null;

const LABEL = '[a-z0-9\\u00a1-\\uffff]([a-z0-9\\u00a1-\\uffff-]*[a-z0-9\\u00a1-\\uffff])?';
const HOST_RE = new RegExp(`^(${LABEL}\\.)*${LABEL}(:\\d{1,5})?$`, 'i');
const TLD_RE = /\.([a-z\u00a1-\uffff]{2,}|xn--[a-z0-9-]{2,})(:\d{1,5})?$/i;
const IPV4_RE = /^(\d{1,3}\.){3}\d{1,3}(:\d{1,5})?$/;

/**
 * PeerTube's isHostValid: a host name (with an optional port, no scheme), with a top-level domain
 * unless this instance itself runs on localhost or 127.0.0.1.
 */
export function isHostValid(config: Pick<Config, 'host'>, host: string): boolean {
  if (!HOST_RE.test(host)) return false;
  const ours = config.host.replace(/:\d+$/, '');
  return ours === 'localhost' || ours === '127.0.0.1' || IPV4_RE.test(host) || TLD_RE.test(host);
}

/** The `host` query parameter, checked: PeerTube's 400 (`Invalid value`) when it is not a host. */
export function hostFilter(config: Pick<Config, 'host'>, host: string | undefined): HostFilter | undefined {
  if (host === undefined) return undefined;
  if (!isHostValid(config, host)) {
    throw ApiError.invalidParams({ host: { type: 'field', value: host, msg: 'Invalid value', path: 'host', location: 'query' } });
  }
  const lower = host.toLowerCase();
  return lower === config.host.toLowerCase() ? null : lower;
}

/** A condition: the actor in `actorId` belongs to that instance. */
export function actorOnHost(actorId: AnyColumn | SQL, host: HostFilter): SQL {
  const where = host === null ? sql`${actors.host} is null` : sql`${actors.host} = ${host}`;
  return sql`exists (select 1 from ${actors} where ${actors.id} = ${actorId} and ${where})`;
}

/** A condition: the actor in `actorId` is one of these handles (`name` or `name@host`). */
export function actorHasHandle(config: Config, actorId: AnyColumn, handles: string[]): SQL {
  return sql`${actorId} in (select ${actors.id} from ${actors} where ${or(...handles.map((h) => handleWhere(config, h)))})`;
}

/** validator.isUUID(value, 4), as PeerTube's areUUIDsValid. */
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** PeerTube's toCompleteUUID: a 22-character short uuid is expanded (to '' when it is not one). */
const toCompleteUuid = (value: string) => (value.length === 22 ? (shortToUuid(value) ?? '') : value);

/**
 * The `uuids` query parameter (`uuids=a&uuids=b`, `uuids[]=a`, or one value): complete uuids, or
 * null when one is not a uuid v4 (PeerTube's 'Should have valid array of uuid').
 */
export function completeUuids(values: string[]): string[] | null {
  const uuids = values.map(toCompleteUuid);
  return uuids.every((u) => UUID_V4.test(u)) ? uuids.map((u) => u.toLowerCase()) : null;
}
