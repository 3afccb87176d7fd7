import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import * as schema from '../../worker/db/schema';
import { instanceUrl } from './api';
import { testDb } from './internal';
import type { Uploader } from './video-uploads';
import type { FakeActor, FakeRemote, Received } from './fake-remote-instance';

type Oracle = {
  parseRequest(req: Received['req'], opts?: { headers?: string[]; clockSkew?: number }): { params: { keyId: string; headers: string[] } };
  verifySignature(parsed: unknown, publicKeyPem: string): boolean;
};
/** PeerTube's own HTTP-signature verifier, as a test oracle (dev dependency, CommonJS). */
export const signatureOracle = createRequire(import.meta.url)('@peertube/http-signature') as Oracle;

/** A published local video of `owner`, inserted as the transcoder leaves it. */
export async function seedLocalVideo(owner: Uploader, values: Partial<schema.NewVideo> = {}, namePrefix = 'seeded') {
  const { db, close } = testDb();
  try {
    const uuid = randomUUID();
    const [v] = await db.insert(schema.videos).values({
      uuid, name: `${namePrefix} ${uuid.slice(0, 8)}`, channelId: owner.channelId, state: 1, privacy: 1, url: instanceUrl(`/videos/watch/${uuid}`), ...values,
    }).returning();
    return v;
  } finally { close(); }
}

/** A video whose origin is the fake remote instance, owned by `owner` there, with its account and channel actors. */
export async function seedRemoteVideo(remote: FakeRemote, owner: FakeActor) {
  const { db, close } = testDb();
  try {
    const host = new URL(remote.origin).host;
    const now = new Date();
    const [person] = await db.insert(schema.actors).values({
      type: 'Person', preferredUsername: owner.name, host, url: owner.url, inboxUrl: owner.inbox, sharedInboxUrl: `${remote.origin}/inbox`,
      followersUrl: `${owner.url}/followers`, publicKeyPem: owner.publicKeyPem, fetchedAt: now,
    }).returning();
    const [account] = await db.insert(schema.accounts).values({ actorId: person.id, name: owner.name, displayName: owner.name }).returning();
    const chanName = `${owner.name}_channel`;
    const [group] = await db.insert(schema.actors).values({
      type: 'Group', preferredUsername: chanName, host, url: `${remote.origin}/video-channels/${chanName}`, inboxUrl: `${remote.origin}/video-channels/${chanName}/inbox`,
      sharedInboxUrl: `${remote.origin}/inbox`, fetchedAt: now,
    }).returning();
    const [channel] = await db.insert(schema.videoChannels).values({ actorId: group.id, accountId: account.id, name: chanName, displayName: chanName }).returning();
    const uuid = randomUUID();
    const [v] = await db.insert(schema.videos).values({
      // Just fetched: an outdated copy would be refetched (ADR 0015) from a remote that does not serve it, and deleted.
      uuid, name: 'remote video', channelId: channel.id, state: 1, privacy: 1, isLocal: false, url: `${remote.origin}/videos/watch/${uuid}`, fetchedAt: now,
    }).returning();
    return v;
  } finally { close(); }
}
