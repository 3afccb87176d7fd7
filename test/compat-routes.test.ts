/**
 * Routes PeerTube 6.3 answers that were 404 here (issue 11, item 5): GET /accounts,
 * /server/stats, /blocklist/status, the Create activity of a video, /.well-known/change-password.
 * Each with its happy path, bad input and who may see what; the public reads go through the edge cache.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { recordedBody } from './helpers/peertube-traffic';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { diffShapes, fixturePath } from './helpers/shape';
import { readFile } from 'node:fs/promises';

const AP = 'application/activity+json';
let rootToken: string;
let alice: Uploader;
let host: string;

async function anonymousTwice(path: string, accept = 'application/json') {
  const first = await fetch(instanceUrl(path), { headers: { accept } });
  const second = await fetch(instanceUrl(path), { headers: { accept } });
  return { first, second, body: (await second.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  rootToken = await loginAsRoot();
  alice = await newUploader();
  host = new URL(instanceUrl()).host;
});

describe('GET /accounts (controllers/api/accounts.ts, AccountModel.listForApi)', () => {
  it("lists every account in PeerTube's Account shape, newest first by default, through the edge cache", async () => {
    const res = await api('/api/v1/accounts?count=100');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(Object.keys(res.data).sort()).toEqual(['data', 'total']);
    const names = res.data.data.map((a: { name: string }) => a.name);
    expect(names).toEqual(expect.arrayContaining([alice.username, 'root', 'peertube']));
    expect(res.data.total).toBeGreaterThanOrEqual(res.data.data.length);
    const fixture = JSON.parse(await readFile(fixturePath('api-account.json'), 'utf8'));
    const mine = res.data.data.find((a: { name: string }) => a.name === alice.username);
    expect(diffShapes(fixture, mine)).toEqual([]);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(fixture).sort());
    const created = res.data.data.map((a: { createdAt: string }) => a.createdAt);
    expect(created).toEqual([...created].sort().reverse());

    const asc = await api('/api/v1/accounts?sort=createdAt&count=2');
    expect(asc.data.data[0].createdAt <= asc.data.data[1].createdAt).toBe(true);
    const paged = await api('/api/v1/accounts?start=1&count=1');
    expect(paged.data.data).toHaveLength(1);
    expect(paged.data.data[0].id).toBe(res.data.data[1].id);

    const { second } = await anonymousTwice('/api/v1/accounts?count=3');
    expect(second.headers.get('x-edge-cache')).toBe('HIT');
    // Logged in: the same answer, never from nor into the shared cache.
    const withToken = await api('/api/v1/accounts?count=3', { token: alice.token });
    expect([withToken.status, withToken.headers.get('cache-control')]).toEqual([200, 'private, no-store']);
  });

  it('refuses a bad sort, count or start (400 invalid-params)', async () => {
    for (const [q, param] of [
      ['sort=name', 'sort'],
      ['count=101', 'count'],
      ['start=-1', 'start'],
    ]) {
      const res = await api(`/api/v1/accounts?${q}`);
      expect([res.status, Object.keys(res.data['invalid-params'])], q).toEqual([400, [param]]);
    }
  });
});

describe('GET /server/stats (lib/stat-manager.ts)', () => {
  const KEYS = [
    'totalUsers',
    'totalDailyActiveUsers',
    'totalWeeklyActiveUsers',
    'totalMonthlyActiveUsers',
    'totalModerators',
    'totalAdmins',
    'totalLocalVideos',
    'totalLocalVideoViews',
    'totalLocalVideoComments',
    'totalLocalVideoFilesSize',
    'totalVideos',
    'totalVideoComments',
    'totalLocalVideoChannels',
    'totalLocalDailyActiveVideoChannels',
    'totalLocalWeeklyActiveVideoChannels',
    'totalLocalMonthlyActiveVideoChannels',
    'totalLocalPlaylists',
    'totalInstanceFollowers',
    'totalInstanceFollowing',
    'videosRedundancy',
    'averageAbuseResponseTimeMs',
    'totalAbuses',
    'totalAbusesProcessed',
    'averageRegistrationRequestResponseTimeMs',
    'totalRegistrationRequests',
    'totalRegistrationRequestsProcessed',
    'totalActivityPubMessagesProcessed',
    'totalActivityPubMessagesSuccesses',
    'totalActivityPubMessagesErrors',
    'activityPubMessagesProcessedPerSecond',
    'totalActivityPubMessagesWaiting',
    // StatsManager.buildAPStats: one pair of counters per ActivityType of buildAPPerType.
    ...'Create Update Delete Follow Accept Reject Announce Undo Like Dislike Flag View ApproveReply RejectReply'
      .split(' ')
      .flatMap((t) => [`totalActivityPub${t}MessagesSuccesses`, `totalActivityPub${t}MessagesErrors`]),
  ];

  it("answers PeerTube's ServerStats, anonymously, counted from the database, through the edge cache", async () => {
    const before = (await api('/api/v1/server/stats', { token: rootToken })).data;
    expect(Object.keys(before).sort()).toEqual([...KEYS].sort());
    expect(before.videosRedundancy).toEqual([{ strategy: 'manual', totalSize: null, totalUsed: 0, totalVideos: 0, totalVideoFiles: 0 }]);
    for (const key of KEYS.filter((k) => !['videosRedundancy', 'averageAbuseResponseTimeMs', 'averageRegistrationRequestResponseTimeMs'].includes(k))) {
      expect(typeof before[key], key).toBe('number');
    }
    expect(before.totalAdmins).toBeGreaterThanOrEqual(1);

    const bob = await newUploader();
    await seedLocalVideo(bob, { views: 7 }, 'stats');
    const after = (await api('/api/v1/server/stats', { token: rootToken })).data;
    expect(after.totalUsers - before.totalUsers).toBe(1);
    expect(after.totalLocalVideoChannels - before.totalLocalVideoChannels).toBe(1);
    expect(after.totalLocalVideos - before.totalLocalVideos).toBe(1);
    expect(after.totalVideos - before.totalVideos).toBe(1);
    expect(after.totalLocalVideoViews - before.totalLocalVideoViews).toBe(7);
    expect(after.totalLocalDailyActiveVideoChannels - before.totalLocalDailyActiveVideoChannels).toBe(1);

    const { first, second, body } = await anonymousTwice('/api/v1/server/stats');
    expect(first.status).toBe(200);
    expect(second.headers.get('x-edge-cache')).toBe('HIT');
    expect(Object.keys(body).sort()).toEqual([...KEYS].sort());
  });

  it('counts a report, and its processing', async () => {
    const before = (await api('/api/v1/server/stats', { token: rootToken })).data;
    const v = await seedLocalVideo(alice, {}, 'statsabuse');
    const bob = await newUploader();
    const made = await api('/api/v1/abuses', { method: 'POST', token: bob.token, json: { reason: 'counted report', video: { id: v.id } } });
    expect((await api(`/api/v1/abuses/${made.data.abuse.id}`, { method: 'PUT', token: rootToken, json: { state: 2 } })).status).toBe(204);
    const after = (await api('/api/v1/server/stats', { token: rootToken })).data;
    expect(after.totalAbuses - before.totalAbuses).toBe(1);
    expect(after.totalAbusesProcessed - before.totalAbusesProcessed).toBe(1);
    expect(typeof after.averageAbuseResponseTimeMs).toBe('number');
  });
});

describe('GET /blocklist/status (controllers/api/blocklist.ts)', () => {
  it('anonymous: the instance blocks only; a user: theirs as well, as blockedByUser', async () => {
    const blockedHost = `status-${Date.now()}.example`;
    const mutedHost = `muted-${Date.now()}.example`;
    const target = await newUploader();
    expect((await api('/api/v1/server/blocklist/servers', { method: 'POST', token: rootToken, json: { host: blockedHost } })).status).toBe(204);
    expect((await api('/api/v1/users/me/blocklist/servers', { method: 'POST', token: alice.token, json: { host: mutedHost } })).status).toBe(204);
    expect((await api('/api/v1/users/me/blocklist/accounts', { method: 'POST', token: alice.token, json: { accountName: target.username } })).status).toBe(204);
    const handle = `${target.username}@${host}`;
    const q = `hosts=${blockedHost}&hosts=${mutedHost}&accounts=${handle}`;

    const anonymous = await api(`/api/v1/blocklist/status?${q}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.data).toEqual({
      accounts: { [handle]: { blockedByServer: false, blockedByUser: false } },
      hosts: { [blockedHost]: { blockedByServer: true, blockedByUser: false }, [mutedHost]: { blockedByServer: false, blockedByUser: false } },
    });
    const asAlice = await api(`/api/v1/blocklist/status?${q}`, { token: alice.token });
    expect(asAlice.data).toEqual({
      accounts: { [handle]: { blockedByServer: false, blockedByUser: true } },
      hosts: { [blockedHost]: { blockedByServer: true, blockedByUser: false }, [mutedHost]: { blockedByServer: false, blockedByUser: true } },
    });
    const asOther = await api(`/api/v1/blocklist/status?${q}`, { token: target.token });
    expect(asOther.data.hosts[mutedHost]).toEqual({ blockedByServer: false, blockedByUser: false });
    expect((await api('/api/v1/blocklist/status')).data).toEqual({ accounts: {}, hosts: {} });
    expect((await api(`/api/v1/blocklist/status?hosts[]=${blockedHost}`)).data.hosts[blockedHost].blockedByServer).toBe(true);
    const { second } = await anonymousTwice(`/api/v1/blocklist/status?${q}`);
    expect(second.headers.get('x-edge-cache')).toBe('HIT');
  });

  it('refuses a bad or repeated host and a handle without a host (400 invalid-params)', async () => {
    for (const [q, param] of [
      ['hosts=not a host', 'hosts'],
      ['hosts=a.example&hosts=a.example', 'hosts'],
      ['hosts=http://a.example', 'hosts'],
      ['accounts=root', 'accounts'],
      ['accounts=a@b@c.example', 'accounts'],
    ]) {
      const res = await api(`/api/v1/blocklist/status?${q}`);
      expect([res.status, Object.keys(res.data['invalid-params'])], q).toEqual([400, [param]]);
    }
  });
});

describe('GET /videos/watch/{uuid}/activity (controllers/activitypub/client.ts, videoController)', () => {
  it("serves the video's Create in PeerTube's shape, with the Video inside, through the edge cache", async () => {
    const v = await seedLocalVideo(alice, {}, 'activity');
    const res = await fetch(instanceUrl(`/videos/watch/${v.uuid}/activity`), { headers: { accept: AP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/activity\+json/);
    const body = (await res.json()) as Record<string, any>;
    const recorded = recordedBody('create-video-from-peertube.json');
    delete recorded.signature;
    expect(Object.keys(body).sort()).toEqual(Object.keys(recorded).sort());
    expect(body).toMatchObject({
      type: 'Create',
      id: `${v.url}/activity`,
      actor: instanceUrl(`/accounts/${alice.username}`),
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      object: { type: 'Video', id: v.url, uuid: v.uuid },
    });
    expect(body.object['@context']).toBeUndefined();
    const object = await fetch(instanceUrl(`/videos/watch/${v.uuid}`), { headers: { accept: AP } }).then((r) => r.json() as Promise<Record<string, unknown>>);
    expect(Object.keys(body.object).sort()).toEqual(
      Object.keys(object)
        .filter((k) => k !== '@context')
        .sort(),
    );
    const { second } = await anonymousTwice(`/videos/watch/${v.uuid}/activity`, AP);
    expect(second.headers.get('x-edge-cache')).toBe('HIT');
  });

  it('404 for an unknown or private video; the short /w/ form answers too', async () => {
    expect((await fetch(instanceUrl('/videos/watch/00000000-0000-4000-8000-000000000000/activity'), { headers: { accept: AP } })).status).toBe(404);
    const hidden = await seedLocalVideo(alice, { privacy: 3 }, 'private');
    expect((await fetch(instanceUrl(`/videos/watch/${hidden.uuid}/activity`), { headers: { accept: AP } })).status).toBe(404);
    const v = await seedLocalVideo(alice, {}, 'short');
    expect((await fetch(instanceUrl(`/w/${v.uuid}/activity`), { headers: { accept: AP } })).status).toBe(200);
  });
});

describe('/.well-known/change-password (controllers/well-known.ts)', () => {
  it('redirects (302) to the account settings, for any method, as PeerTube; that path leads to our settings page', async () => {
    for (const method of ['GET', 'POST']) {
      const res = await fetch(instanceUrl('/.well-known/change-password'), { method, redirect: 'manual' });
      expect([res.status, res.headers.get('location')], method).toEqual([302, '/my-account/settings']);
    }
    const settings = await fetch(instanceUrl('/my-account/settings'), { redirect: 'manual' });
    expect([settings.status, settings.headers.get('location')]).toEqual([302, '/my/account']);
  });
});

describe('GET /search/videos: the search filters of videosSearchValidator', () => {
  it('startDate, endDate, originallyPublished* and durationMin/Max narrow the results', async () => {
    const tag = `filtered${Date.now().toString(36)}`;
    const old = await seedLocalVideo(
      alice,
      { duration: 30, publishedAt: new Date('2020-01-15T00:00:00Z'), originallyPublishedAt: new Date('2001-05-01T00:00:00Z') },
      tag,
    );
    const recent = await seedLocalVideo(alice, { duration: 600, publishedAt: new Date('2025-06-01T00:00:00Z') }, tag);
    const uuids = async (q: string) => {
      const res = await api(`/api/v1/search/videos?search=${tag}&${q}`);
      expect(res.status, q).toBe(200);
      return res.data.data.map((v: { uuid: string }) => v.uuid).sort();
    };
    expect(await uuids('searchTarget=local')).toEqual([old.uuid, recent.uuid].sort());
    expect(await uuids('startDate=2024-01-01')).toEqual([recent.uuid]);
    expect(await uuids('endDate=2021-01-01T00:00:00Z')).toEqual([old.uuid]);
    expect(await uuids('originallyPublishedStartDate=2000-01-01&originallyPublishedEndDate=2002-01-01')).toEqual([old.uuid]);
    expect(await uuids('durationMin=60')).toEqual([recent.uuid]);
    expect(await uuids('durationMax=60')).toEqual([old.uuid]);
  });
});
