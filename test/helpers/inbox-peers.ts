/**
 * The inbox test files' peers: a fake remote instance on loopback with two actors, alice (who
 * behaves) and mallory (who forges), a client on the suite's database, and the activities they send.
 */
import { createClient, type Client } from '@libsql/client';
import { afterAll, beforeAll, inject } from 'vitest';
import { api, instanceUrl } from './api';
import { startFakeRemote, type FakeActor, type FakeRemote, type Received } from './fake-remote-instance';

export const AS = 'https://www.w3.org/ns/activitystreams';

let seq = 0;
export const channelUrl = () => instanceUrl('/video-channels/root_channel');
export const nextId = (actor: FakeActor, kind = 'follows') => `${actor.url}/${kind}/${Date.now()}-${++seq}`;
export const follow = (actor: FakeActor, object = channelUrl(), id = nextId(actor)) => ({ '@context': AS, type: 'Follow', id, actor: actor.url, object });
export const signerOf = (a: FakeActor) => ({ keyId: a.keyId, privateKeyPem: a.privateKeyPem });

export async function fetchPublicKey(path: string): Promise<string> {
  const res = await api(path, { headers: { accept: 'application/activity+json' } });
  return res.data.publicKey.publicKeyPem;
}

export async function followersOf(path: string): Promise<string[]> {
  const res = await api(`${path}/followers?page=1`, { headers: { accept: 'application/activity+json' } });
  return res.data.orderedItems;
}

export const acceptsOf = (followId: string) => (r: Received) =>
  r.method === 'POST' && r.body.includes('"Accept"') && JSON.parse(r.body).object?.id === followId;

/** Set by `useInboxPeers`'s beforeAll; importers read them live (ES module bindings), in hooks and tests. */
export let remote: FakeRemote;
export let alice: FakeActor;
export let mallory: FakeActor;
export let db: Client;

/** Starts the fake remote and its actors for the calling test file (beforeAll), and closes them after. */
export function useInboxPeers(): void {
  beforeAll(async () => {
    remote = await startFakeRemote();
    alice = await remote.addActor('alice');
    mallory = await remote.addActor('mallory');
    db = createClient({ url: inject('libsqlUrl') });
  });
  afterAll(async () => {
    db?.close();
    await remote?.close();
  });
}
