/**
 * The search's `host`, `uuids` and `handles` filters (PeerTube's middlewares/validators/search.ts,
 * models/video/sql/video/videos-id-list-query-builder.ts `whereHost`/`whereUUIDs`,
 * VideoChannelModel and VideoPlaylistModel `searchForApi`), on local and remote content, their
 * 400s, and the edge cache of anonymous searches.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { uuidToShort } from '../worker/services/short-uuid';
import { api, instanceUrl } from './helpers/api';
import { expectErrorShape, KEYS, PROBLEM_JSON } from './helpers/error-shape';
import { startFakeRemote, type FakeRemote } from './helpers/fake-remote-instance';
import { testDb } from './helpers/internal';
import { seedLocalVideo, seedRemoteVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';

let alice: Uploader;
let remote: FakeRemote;
let remoteHost: string;
let localHost: string;
const tag = `hostfilter${Date.now().toString(36)}`;
let local: { uuid: string };
let local2: { uuid: string };
let remoteVideo: { uuid: string; channelId: number };
let localPlaylist: string;
let remotePlaylist: string;

/** A public playlist named after the tag, owned by the channel's account. */
async function seedPlaylist(channelId: number, origin: string, isLocal: boolean) {
  const { db, close } = testDb();
  try {
    const [channel] = await db.select().from(schema.videoChannels).where(eq(schema.videoChannels.id, channelId));
    const uuid = randomUUID();
    await db.insert(schema.videoPlaylists).values({
      uuid,
      name: `${tag} playlist ${uuid.slice(0, 6)}`,
      privacy: 1,
      ownerAccountId: channel.accountId,
      channelId,
      isLocal,
      url: `${origin}/video-playlists/${uuid}`,
    });
    return uuid;
  } finally {
    close();
  }
}

const uuidsOf = async (path: string) => {
  const res = await api(path);
  expect(res.status, path).toBe(200);
  expect(res.data.total, path).toBe(res.data.data.length);
  return (res.data.data as { uuid: string }[]).map((v) => v.uuid).sort();
};

beforeAll(async () => {
  alice = await newUploader();
  remote = await startFakeRemote();
  remoteHost = new URL(remote.origin).host;
  localHost = new URL(instanceUrl()).host;
  local = await seedLocalVideo(alice, {}, tag);
  local2 = await seedLocalVideo(alice, {}, tag);
  const v = await seedRemoteVideo(remote, await remote.addActor(`bob${Date.now().toString(36)}`));
  remoteVideo = { uuid: v.uuid, channelId: v.channelId };
  const { db, close } = testDb();
  try {
    await db
      .update(schema.videos)
      .set({ name: `${tag} remote` })
      .where(eq(schema.videos.id, v.id));
  } finally {
    close();
  }
  localPlaylist = await seedPlaylist(alice.channelId, instanceUrl(), true);
  remotePlaylist = await seedPlaylist(v.channelId, remote.origin, false);
}, 60_000);

afterAll(() => remote.close());

describe('GET /search/videos: host and uuids', () => {
  it('host keeps the videos of that instance: this one, or a remote one', async () => {
    expect(await uuidsOf(`/api/v1/search/videos?search=${tag}`)).toEqual([local.uuid, local2.uuid, remoteVideo.uuid].sort());
    expect(await uuidsOf(`/api/v1/search/videos?search=${tag}&host=${localHost}`)).toEqual([local.uuid, local2.uuid].sort());
    expect(await uuidsOf(`/api/v1/search/videos?search=${tag}&host=${remoteHost}`)).toEqual([remoteVideo.uuid]);
    expect(await uuidsOf(`/api/v1/search/videos?search=${tag}&host=unknown.example`)).toEqual([]);
  });

  it('uuids keeps those videos, given as uuids or short uuids, once or repeated, with or without a search', async () => {
    expect(await uuidsOf(`/api/v1/search/videos?uuids=${local.uuid}`)).toEqual([local.uuid]);
    expect(await uuidsOf(`/api/v1/search/videos?uuids=${uuidToShort(local.uuid)}&uuids=${remoteVideo.uuid}`)).toEqual([local.uuid, remoteVideo.uuid].sort());
    expect(await uuidsOf(`/api/v1/search/videos?uuids[]=${local2.uuid}&search=${tag}`)).toEqual([local2.uuid]);
    expect(await uuidsOf(`/api/v1/search/videos?uuids=${remoteVideo.uuid}&host=${localHost}`)).toEqual([]);
  });

  it('a bad host or uuid is PeerTube’s 400 with invalid-params', async () => {
    for (const [query, param, msg] of [
      ['host=http://example.com', 'host', 'Invalid value'],
      ['host=not a host', 'host', 'Invalid value'],
      ['uuids=abc', 'uuids', 'Should have valid array of uuid'],
      [`uuids=${local.uuid}&uuids=12345`, 'uuids', 'Should have valid array of uuid'],
      // A uuid that is not a version 4 one (validator.isUUID(v, 4)).
      ['uuids=00000000-0000-1000-8000-000000000000', 'uuids', 'Should have valid array of uuid'],
    ]) {
      const res = await fetch(instanceUrl(`/api/v1/search/videos?search=a&${query}`));
      const body = (await res.clone().json()) as Record<string, Record<string, Record<string, unknown>>>;
      await expectErrorShape(query, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented });
      expect(body['invalid-params'][param], query).toMatchObject({ msg, path: param, location: 'query', type: 'field' });
    }
  });
});

describe("GET /search/videos: the lists' common filters (pickSearchVideoQuery)", () => {
  it('categoryOneOf, isLocal and nsfw narrow the search; bad values are 400s', async () => {
    const common = `common${Date.now().toString(36)}`;
    const music = await seedLocalVideo(alice, { category: 1 }, common);
    const other = await seedLocalVideo(alice, { category: 2 }, common);
    const sensitive = await seedLocalVideo(alice, { category: 1, nsfw: true }, common);
    expect(await uuidsOf(`/api/v1/search/videos?search=${common}`)).toEqual([music.uuid, other.uuid].sort());
    expect(await uuidsOf(`/api/v1/search/videos?search=${common}&categoryOneOf=1`)).toEqual([music.uuid]);
    expect(await uuidsOf(`/api/v1/search/videos?search=${common}&categoryOneOf=1&nsfw=both`)).toEqual([music.uuid, sensitive.uuid].sort());
    expect(await uuidsOf(`/api/v1/search/videos?search=${tag}&isLocal=false`)).toEqual([remoteVideo.uuid]);
    for (const query of ['categoryOneOf=music', 'nsfw=maybe', 'isLocal=perhaps']) {
      const res = await fetch(instanceUrl(`/api/v1/search/videos?search=a&${query}`));
      expect(res.status, query).toBe(400);
      expect(Object.keys((await res.json()) as object), query).toContain('invalid-params');
    }
  });
});

describe('GET /search/video-channels: host and handles', () => {
  const names = async (q: string) => {
    const res = await api(`/api/v1/search/video-channels?${q}`);
    expect(res.status, q).toBe(200);
    return (res.data.data as { name: string; host: string }[]).map((c) => `${c.name}@${c.host}`).sort();
  };

  it('host keeps the channels of that instance; handles keeps those channels', async () => {
    const remoteName = (await api(`/api/v1/videos/${remoteVideo.uuid}`)).data.channel.name as string;
    const aliceChannel = `${alice.channelName}@${localHost}`;
    const bobChannel = `${remoteName}@${remoteHost}`;
    expect(await names(`handles=${alice.channelName}&handles=${bobChannel}`)).toEqual([aliceChannel, bobChannel].sort());
    expect(await names(`handles[]=${aliceChannel}`)).toEqual([aliceChannel]);
    expect(await names(`handles=${alice.channelName}&handles=${bobChannel}&host=${remoteHost}`)).toEqual([bobChannel]);
    expect(await names(`handles=${alice.channelName}&handles=${bobChannel}&host=${localHost}`)).toEqual([aliceChannel]);
    const remoteOnly = await names(`host=${remoteHost}&count=100`);
    expect(remoteOnly).toContain(bobChannel);
    expect(remoteOnly.every((h) => h.endsWith(`@${remoteHost}`))).toBe(true);
  });

  it('a bad host or an empty handle is a 400 with invalid-params', async () => {
    for (const [query, param, msg] of [
      ['host=a/b', 'host', 'Invalid value'],
      ['handles=', 'handles', 'Should have valid array of handles'],
    ]) {
      const res = await fetch(instanceUrl(`/api/v1/search/video-channels?${query}`));
      const body = (await res.clone().json()) as Record<string, Record<string, Record<string, unknown>>>;
      await expectErrorShape(query, res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented });
      expect(body['invalid-params'][param], query).toMatchObject({ msg, path: param, location: 'query' });
    }
  });
});

describe('GET /search/video-playlists: host and uuids', () => {
  it('host keeps the playlists of that instance; uuids keeps those playlists', async () => {
    expect(await uuidsOf(`/api/v1/search/video-playlists?search=${tag}`)).toEqual([localPlaylist, remotePlaylist].sort());
    expect(await uuidsOf(`/api/v1/search/video-playlists?search=${tag}&host=${localHost}`)).toEqual([localPlaylist]);
    expect(await uuidsOf(`/api/v1/search/video-playlists?search=${tag}&host=${remoteHost}`)).toEqual([remotePlaylist]);
    expect(await uuidsOf(`/api/v1/search/video-playlists?uuids=${uuidToShort(remotePlaylist)}`)).toEqual([remotePlaylist]);
    const res = await fetch(instanceUrl('/api/v1/search/video-playlists?uuids=nope'));
    const body = (await res.clone().json()) as Record<string, Record<string, Record<string, unknown>>>;
    await expectErrorShape('uuids=nope', res, { status: 400, contentType: PROBLEM_JSON, keys: KEYS.invalidParamsDocumented });
    expect(body['invalid-params'].uuids.msg).toBe('Should have valid array of uuid');
  });
});

describe('the edge cache of searches', () => {
  it('anonymous searches are stored and served again; logged-in ones never', async () => {
    for (const path of [
      `/api/v1/search/videos?search=${tag}&host=${localHost}&nonce=${Date.now()}`,
      `/api/v1/search/video-channels?search=${alice.channelName}&nonce=${Date.now()}`,
    ]) {
      const first = await fetch(instanceUrl(path));
      await first.arrayBuffer();
      expect(first.headers.get('x-edge-cache'), path).toBe('MISS');
      const second = await fetch(instanceUrl(path));
      await second.arrayBuffer();
      expect(second.headers.get('x-edge-cache'), path).toBe('HIT');
      const mine = await fetch(instanceUrl(path), { headers: { authorization: `Bearer ${alice.token}` } });
      await mine.arrayBuffer();
      expect(mine.headers.get('x-edge-cache'), path).toBeNull();
      expect(mine.headers.get('cache-control'), path).toBe('private, no-store');
    }
  });
});
