import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import bencode from 'bencode';
import * as schema from '../worker/db/schema';
import { hlsSwarmInfohashes } from '../worker/tracker/known-infohashes';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { testDb } from './helpers/internal';
import { newUploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { hexToBinaryString, openTrackerSocket, randomBinaryId, type TrackerSocket } from './helpers/tracker-client';

const fakeOffer = (n: number) => ({ type: 'offer', sdp: `v=0 fake offer ${n}` });

describe('tracker: /tracker/socket and /tracker/announce', () => {
  const { db, close } = testDb();
  const sockets: TrackerSocket[] = [];
  let torrentHash: string;
  let otherTorrentHash: string;
  let hlsHash: string;

  beforeAll(async () => {
    const owner = await newUploader();
    const video = await seedLocalVideo(owner);
    torrentHash = randomBytes(20).toString('hex');
    otherTorrentHash = randomBytes(20).toString('hex');
    await db.insert(schema.videoFiles).values([
      { videoId: video.id, resolution: 240, size: 1, infoHash: torrentHash },
      { videoId: video.id, resolution: 360, size: 1, infoHash: otherTorrentHash },
    ]);
    await db.insert(schema.videoStreamingPlaylists).values({ videoId: video.id, playlistUrl: `videos/${video.uuid}/hls/master.m3u8`, complete: true });
    [hlsHash] = await hlsSwarmInfohashes(instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/master.m3u8`), 2);
  });
  afterAll(() => {
    for (const s of sockets) s.close();
    close();
  });

  const open = async (options?: { localAddress?: string }) => {
    const s = await openTrackerSocket(options);
    sockets.push(s);
    return s;
  };

  it('relays offers and answers between two peers of one swarm, and no further', async () => {
    const [a, b, stranger] = [await open(), await open(), await open()];
    const [idA, idB, idStranger] = [randomBinaryId(), randomBinaryId(), randomBinaryId()];
    const info = hexToBinaryString(torrentHash);

    stranger.send({
      action: 'announce',
      info_hash: hexToBinaryString(otherTorrentHash),
      peer_id: idStranger,
      event: 'started',
      left: 1,
      numwant: 5,
      offers: [{ offer_id: 'x'.repeat(20), offer: fakeOffer(0) }],
    });
    expect(await stranger.next((m) => m.interval !== undefined)).toMatchObject({ action: 'announce', info_hash: hexToBinaryString(otherTorrentHash) });

    a.send({ action: 'announce', info_hash: info, peer_id: idA, event: 'started', left: 0, numwant: 5, offers: [] });
    expect(await a.next((m) => m.interval !== undefined)).toMatchObject({ action: 'announce', info_hash: info, complete: 1, incomplete: 0 });

    const offerId = randomBinaryId();
    b.send({
      action: 'announce',
      info_hash: info,
      peer_id: idB,
      event: 'started',
      left: 100,
      numwant: 5,
      offers: [
        { offer_id: offerId, offer: fakeOffer(1) },
        { offer_id: randomBinaryId(), offer: fakeOffer(2) },
      ],
    });
    expect(await b.next((m) => m.interval !== undefined)).toMatchObject({ complete: 1, incomplete: 1 });
    const offer = await a.next((m) => m.offer !== undefined);
    expect(offer).toEqual({ action: 'announce', offer: fakeOffer(1), offer_id: offerId, peer_id: idB, info_hash: info });

    a.send({ action: 'announce', info_hash: info, peer_id: idA, to_peer_id: idB, offer_id: offerId, answer: { type: 'answer', sdp: 'v=0 fake answer' } });
    expect(await b.next((m) => m.answer !== undefined)).toEqual({
      action: 'announce',
      answer: { type: 'answer', sdp: 'v=0 fake answer' },
      offer_id: offerId,
      peer_id: idA,
      info_hash: info,
    });

    // The peer of the other swarm got its own response and nothing of this swarm's.
    expect(stranger.received.filter((m) => m.offer !== undefined || m.answer !== undefined)).toEqual([]);
  });

  it('serves the HLS swarm of each variant of a playlist, named as p2p-media-loader names it', async () => {
    const s = await open();
    s.send({ action: 'announce', info_hash: hexToBinaryString(hlsHash), peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 0, offers: [] });
    const reply = await s.next();
    expect(reply['failure reason']).toBeUndefined();
    expect(reply).toMatchObject({ action: 'announce', interval: 120 });
  });

  it('refuses an unknown infohash, over WebSocket and over HTTP', async () => {
    const s = await open();
    const unknown = randomBytes(20);
    s.send({ action: 'announce', info_hash: unknown.toString('latin1'), peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 5, offers: [] });
    const reply = await s.next();
    expect(reply['failure reason']).toMatch(/unknown info_hash/);

    const res = await fetch(
      instanceUrl(`/tracker/announce?info_hash=${escapeBytes(unknown)}&peer_id=${escapeBytes(randomBytes(20))}&port=6881&left=1&compact=1`),
    );
    const body = bencode.decode(Buffer.from(await res.arrayBuffer()));
    expect(Buffer.from(body['failure reason']).toString()).toMatch(/unknown info_hash/);
  });

  it('serves a rendition added just after the tracker read its catalogue, at its first announce', async () => {
    // The announce below makes the tracker read its catalogue; the rendition is added right after.
    const s = await open();
    s.send({ action: 'announce', info_hash: hexToBinaryString(torrentHash), peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 0, offers: [] });
    expect((await s.next())['failure reason']).toBeUndefined();
    const video = await seedLocalVideo(await newUploader());
    const [wsHash, httpHash] = [randomBytes(20).toString('hex'), randomBytes(20).toString('hex')];
    await db.insert(schema.videoFiles).values([
      { videoId: video.id, resolution: 240, size: 1, infoHash: wsHash },
      { videoId: video.id, resolution: 360, size: 1, infoHash: httpHash },
    ]);
    s.send({ action: 'announce', info_hash: hexToBinaryString(wsHash), peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 0, offers: [] });
    expect(await s.next()).toMatchObject({ action: 'announce', interval: 120, info_hash: hexToBinaryString(wsHash) });
    const res = await fetch(
      instanceUrl(
        `/tracker/announce?info_hash=${escapeBytes(Buffer.from(httpHash, 'hex'))}&peer_id=${escapeBytes(randomBytes(20))}&port=6881&left=1&compact=1`,
      ),
    );
    const body = bencode.decode(Buffer.from(await res.arrayBuffer()));
    expect(body['failure reason'] && Buffer.from(body['failure reason']).toString()).toBeUndefined();
    expect(body.interval).toBe(600);
  });

  it('gives desktop clients compact peer lists over HTTP', async () => {
    const hash = Buffer.from(torrentHash, 'hex');
    const announce = (port: number) =>
      fetch(
        instanceUrl(`/tracker/announce?info_hash=${escapeBytes(hash)}&peer_id=${escapeBytes(randomBytes(20))}&port=${port}&left=0&compact=1&event=started`),
      ).then(async (r) => bencode.decode(Buffer.from(await r.arrayBuffer())));
    await announce(51413);
    const second = await announce(51414);
    expect(second['failure reason']).toBeUndefined();
    const peers = Buffer.from(second.peers);
    expect(peers.length % 6).toBe(0);
    const ports = [];
    for (let i = 0; i < peers.length; i += 6) ports.push(peers.readUInt16BE(i + 4));
    expect(ports).toContain(51413);
    expect(ports).not.toContain(51414);
  });

  it('answers a closing peer with its close frame, so that the connection ends at once', async () => {
    // Without the reply the client waits for it (ws: 30 s, then code 1006) and the runtime holds the connection.
    const s = await open();
    s.send({ action: 'announce', info_hash: hexToBinaryString(torrentHash), peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 0, offers: [] });
    await s.next();
    s.ws.close(1000, 'leaving');
    const code = await Promise.race([s.closed, new Promise<string>((r) => setTimeout(() => r('no close frame within 10 s'), 10_000))]);
    expect(code).toBe(1000);
  });

  it('cuts off an address that floods it with announces, and only that address', async () => {
    // Another loopback address as the source, so the limit it hits is not the one the rest of the suite
    // uses (the runner sets cf-connecting-ip from the connection, as Cloudflare does: it cannot be forged).
    const flooder = await open({ localAddress: '127.0.0.2' });
    const info = hexToBinaryString(torrentHash);
    const peerId = randomBinaryId();
    // Bounded: a little over the test instance's limit (the default, 600 a minute).
    for (let i = 0; i < 700 && flooder.ws.readyState === flooder.ws.OPEN; i++) {
      flooder.send({ action: 'announce', info_hash: info, peer_id: peerId, event: 'update', left: 1, numwant: 0, offers: [] });
    }
    const refused = await flooder.next((m) => m['failure reason'] !== undefined, 20_000);
    expect(refused['failure reason']).toMatch(/too many announces/);
    expect(await flooder.closed).toBe(1008);

    const other = await open();
    other.send({ action: 'announce', info_hash: info, peer_id: randomBinaryId(), event: 'started', left: 1, numwant: 0, offers: [] });
    expect((await other.next())['failure reason']).toBeUndefined();
  });
});

describe('P2P health and configuration', () => {
  it("shows administrators the tracker's swarms and each companion's seeder, and no one else", async () => {
    const s = await openTrackerSocket();
    try {
      const root = await loginAsRoot();
      const health = await api('/api/v1/p2p/health', { token: root });
      expect(health.status).toBe(200);
      expect(health.data.tracker).toMatchObject({ enabled: true });
      expect(health.data.tracker.sockets).toBeGreaterThanOrEqual(1);
      // The suite's companion runs without its seeder (test/seeder.test.ts runs its own).
      expect(health.data.seeders).toEqual([expect.objectContaining({ reachable: true, enabled: false })]);
      const user = await newUploader();
      expect((await api('/api/v1/p2p/health', { token: user.token })).status).toBe(403);
      expect((await api('/api/v1/p2p/health')).status).toBe(401);
    } finally {
      s.close();
    }
  });

  it('tells clients, as PeerTube does, that the tracker and P2P are on', async () => {
    const config = await api('/api/v1/config');
    expect(config.data.tracker).toEqual({ enabled: true });
    expect(config.data.defaults.p2p).toEqual({ webapp: { enabled: true }, embed: { enabled: true } });
  });
});

function escapeBytes(bytes: Buffer) {
  return [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}
