/**
 * federateVideo against a real (file:) libSQL database, with the network replaced
 * by a capture: who receives what, and that every POST is signed by the right actor.
 */
import type { Client } from '@libsql/client';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import * as schema from '../../db/schema';
import { buildLocalActor } from '../../services/actors';
import { verifyRequest } from '../signatures';
import { openTempDb, type TempDb } from '../../../test/helpers/temp-db';
import { federateVideo } from './federate-video';

const config = {
  publicUrl: 'https://video.example',
  host: 'video.example',
  keyEncryptionSecret: 'k'.repeat(32),
  allowLoopbackFederation: false,
} as Config;

let dir: string;
let temp: TempDb;
let client: Client;
let db: Db;
let account: schema.Actor;
let channel: schema.Actor;
let videoId: number;
let privateVideoId: number;
const sent: Array<{ url: string; headers: Record<string, string>; body: string }> = [];

const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
  sent.push({ url: String(url), headers: init!.headers as Record<string, string>, body: String(init!.body) });
  return new Response(null, { status: 202 });
}) as typeof fetch;

async function insertActor(values: schema.NewActor) {
  const [row] = await db.insert(schema.actors).values(values).returning();
  return row;
}

function remote(name: string, host: string, shared: boolean): schema.NewActor {
  const url = `https://${host}/users/${name}`;
  return {
    type: 'Person',
    preferredUsername: name,
    host,
    url,
    inboxUrl: `${url}/inbox`,
    sharedInboxUrl: shared ? `https://${host}/inbox` : null,
    publicKeyPem: null,
  };
}

beforeAll(async () => {
  temp = await openTempDb('federate');
  ({ db, dir, client } = temp);
  const { url } = temp;

  account = await insertActor(await buildLocalActor(config, { type: 'Person', preferredUsername: 'root' }));
  channel = await insertActor(await buildLocalActor(config, { type: 'Group', preferredUsername: 'root_channel' }));
  await insertActor(await buildLocalActor(config, { type: 'Application', preferredUsername: 'peertube' }));
  const [acc] = await db.insert(schema.accounts).values({ actorId: account.id, name: 'root', displayName: 'root' }).returning();
  const [ch] = await db
    .insert(schema.videoChannels)
    .values({ actorId: channel.id, accountId: acc.id, name: 'root_channel', displayName: 'Main root channel' })
    .returning();

  const alice = await insertActor(remote('alice', 'remote.example', true));
  const bob = await insertActor(remote('bob', 'other.example', false));
  const carol = await insertActor(remote('carol', 'third.example', true));
  await db.insert(schema.follows).values([
    { followerActorId: alice.id, followingActorId: account.id, state: 'accepted' },
    { followerActorId: alice.id, followingActorId: channel.id, state: 'accepted' },
    { followerActorId: bob.id, followingActorId: channel.id, state: 'accepted' },
    { followerActorId: carol.id, followingActorId: account.id, state: 'pending' },
  ]);

  const uuid = crypto.randomUUID();
  const [v] = await db
    .insert(schema.videos)
    .values({ uuid, name: 'hello', channelId: ch.id, state: 1, privacy: 1, url: `${config.publicUrl}/videos/watch/${uuid}` })
    .returning();
  videoId = v.id;
  const uuid2 = crypto.randomUUID();
  const [p] = await db
    .insert(schema.videos)
    .values({ uuid: uuid2, name: 'secret', channelId: ch.id, state: 1, privacy: 3, url: `${config.publicUrl}/videos/watch/${uuid2}` })
    .returning();
  privateVideoId = p.id;
}, 60_000);

afterAll(async () => {
  await temp?.close();
});

const deps = () => ({ db, config, fetchImpl });
const activities = () => sent.map((s) => ({ url: s.url, ...(JSON.parse(s.body) as { type: string; actor: string; id: string; object: unknown }) }));

async function signer(s: (typeof sent)[number]) {
  const keys = {
    resolveKey: async (keyId: string) => {
      const [a] = await db
        .select()
        .from(schema.actors)
        .where(eq(schema.actors.url, keyId.split('#')[0]))
        .limit(1);
      return a?.publicKeyPem ? { publicKeyPem: a.publicKeyPem, owner: a.url } : null;
    },
  };
  const result = await verifyRequest({ method: 'POST', url: s.url, headers: s.headers, rawBody: s.body }, keys);
  return result.ok ? result.actorUrl : `invalid: ${result.reason}`;
}

describe('federateVideo', () => {
  it("create: Create from the account to its followers, Announce from the channel to the channel's, signed by each", async () => {
    sent.length = 0;
    expect(await federateVideo(deps(), { action: 'create', videoId })).toBe('sent');
    const got = activities().map((a) => [a.type, a.actor, a.url]);
    expect(got).toEqual([
      ['Create', account.url, 'https://remote.example/inbox'],
      ['Announce', channel.url, 'https://remote.example/inbox'],
      ['Announce', channel.url, 'https://other.example/users/bob/inbox'],
    ]);
    const create = activities()[0] as { object: { type: string; id: string; attributedTo: unknown[] } };
    expect(create.object).toMatchObject({
      type: 'Video',
      attributedTo: [
        { type: 'Person', id: account.url },
        { type: 'Group', id: channel.url },
      ],
    });
    expect(await Promise.all(sent.map(signer))).toEqual([account.url, channel.url, channel.url]);
  });

  it('update: from the account, once per inbox, to account and channel followers', async () => {
    sent.length = 0;
    await federateVideo(deps(), { action: 'update', videoId });
    expect(activities().map((a) => [a.type, a.url])).toEqual([
      ['Update', 'https://remote.example/inbox'],
      ['Update', 'https://other.example/users/bob/inbox'],
    ]);
  });

  it('delete: works without the row, to everyone who followed the account or the channel', async () => {
    sent.length = 0;
    await federateVideo(deps(), {
      action: 'delete',
      videoUrl: 'https://video.example/videos/watch/gone',
      accountActorId: account.id,
      channelActorId: channel.id,
    });
    expect(activities().map((a) => [a.type, a.object, a.url])).toEqual([
      ['Delete', 'https://video.example/videos/watch/gone', 'https://remote.example/inbox'],
      ['Delete', 'https://video.example/videos/watch/gone', 'https://other.example/users/bob/inbox'],
    ]);
  });

  it('skips a video that must not federate', async () => {
    sent.length = 0;
    expect(await federateVideo(deps(), { action: 'create', videoId: privateVideoId })).toBe('skipped');
    expect(sent).toHaveLength(0);
  });
});
