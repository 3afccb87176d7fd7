/**
 * WebFinger (RFC 7033) for local accounts and channels, as PeerTube answers it
 * (fixtures/peertube-6.3/webfinger-account.json).
 */
import type { Db } from '../db/client';
import type { Config } from '../config';
import { ApiError } from '../errors';
import { parseLocalActorUrl, readLocalActorByName, type LocalActorKind } from './local-actors';

export type WebfingerDocument = {
  subject: string;
  aliases: string[];
  links: Array<{ rel: string; type?: string; href?: string; template?: string }>;
};

/** What a `resource` names: a local name, or null when it is not ours (another host, another scheme). */
export function parseWebfingerResource(config: Config, resource: string): { name: string; kind?: LocalActorKind } | null {
  const value = resource.trim();
  if (/^https?:\/\//i.test(value)) {
    const parsed = parseLocalActorUrl(config, value);
    return parsed ? { name: parsed.name, kind: parsed.kind } : null;
  }
  // `acct:name@host`; Mastodon also tolerates a bare `name@host` and a leading `@`.
  const m = /^(?:acct:)?@?([^@\s/]+)@([^@\s/]+)$/i.exec(value);
  if (!m) return null;
  if (m[2].toLowerCase() !== config.host.toLowerCase()) return null;
  return { name: m[1] };
}

/**
 * Resolves a resource to its JRD document. An account is looked up before a
 * channel of the same name, as PeerTube does. Throws 400 for a malformed or foreign
 * resource and 404 for an unknown local name.
 *
 * @example
 * await webfinger(db, config, 'acct:root@video.example') // { subject: 'acct:root@video.example', ... }
 */
export async function webfinger(db: Db, config: Config, resource: string | undefined): Promise<WebfingerDocument> {
  if (!resource) throw ApiError.badRequest('The resource parameter is required.');
  if (!/^https?:\/\//i.test(resource.trim()) && !resource.includes('@')) throw ApiError.badRequest(`${resource} is not an acct: or http(s) resource.`);
  const parsed = parseWebfingerResource(config, resource);
  if (!parsed) throw ApiError.notFound(`${resource} is not a resource of this instance.`);
  const found = parsed.kind
    ? await readLocalActorByName(db, parsed.kind, parsed.name)
    : ((await readLocalActorByName(db, 'account', parsed.name)) ?? (await readLocalActorByName(db, 'channel', parsed.name)));
  if (!found) throw ApiError.notFound(`Unknown actor ${parsed.name}.`);
  const href = found.actor.url;
  return {
    // Mastodon checks that the subject is exactly acct:<preferredUsername>@<host> of the actor.
    subject: `acct:${found.actor.preferredUsername}@${config.host}`,
    aliases: [href],
    links: [
      { rel: 'self', type: 'application/activity+json', href },
      { rel: 'http://ostatus.org/schema/1.0/subscribe', template: `${config.publicUrl}/remote-interaction?uri={uri}` },
    ],
  };
}
