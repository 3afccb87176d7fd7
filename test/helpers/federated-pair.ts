/**
 * Two real instances over loopback http (issue 4, "Tests"): A is the suite's
 * instance (test/global-setup.ts), B is started by `useFederatedPair` for one test
 * file. Videos are published on A only, so B needs no companion. Every wait is
 * bounded; cron sweeps are triggered on both sides so a lost queue message cannot
 * stall a scenario.
 */
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startInstance, type Instance } from '../../scripts/instance';
import { api, apiAt, loginAsRoot, loginAt, type ApiInit } from './api';
import { generateClip } from './clips';
import { legacyUpload } from './video-uploads';
import { testDb, waitFor } from './internal';
import { and, like } from 'drizzle-orm';
import * as schema from '../../worker/db/schema';

const B_PASSWORD = 'b-root-password-federation';
export const POLL = { timeout: 90_000, interval: 1_000 };

/** A client for B, the same as helpers/api's `api`. */
export function apiB(b: Pick<Instance, 'url'>, path: string, init: ApiInit = {}) {
  return apiAt(b.url, path, init);
}

/** Runs the cron sweep of both instances: jobs whose queue message got lost are sent again. */
export async function sweep(...urls: string[]) {
  await Promise.all(
    urls.map(async (u) => {
      const res = await fetch(`${u}/__scheduled?cron=*+*+*+*+*`).catch(() => undefined);
      await res?.body?.cancel();
    }),
  );
}

async function waitPublished(uuid: string, token: string) {
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    await sweep(inject('instanceUrl'));
    const res = await api(`/api/v1/videos/${uuid}`, { token });
    if (res.status === 200 && res.data.state?.id === 1 && res.data.files?.[0]?.torrentUrl) return res.data;
    if (res.data?.state?.id === 7) throw new Error('transcoding failed');
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`video ${uuid} not published in time`);
}

/** B follows A (its Updates then reach B), and the follow is accepted; usable in hooks too. */
export async function bFollowsA(pair: Pick<FederatedPair, 'aUrl' | 'aHost' | 'b' | 'tokenB'>) {
  const { aUrl, aHost, b, tokenB } = pair;
  const res = await apiB(b, '/api/v1/server/following', { method: 'POST', token: tokenB, json: { hosts: [aHost] } });
  if (res.status !== 204) throw new Error(`B follows A: ${res.status}`);
  await waitFor(
    'B following A',
    async () => {
      await sweep(aUrl, b.url);
      const list = await apiB(b, '/api/v1/server/following?count=100');
      return list.data.data.find((f: any) => f.following.host === aHost)?.state === 'accepted';
    },
    { timeoutMs: POLL.timeout, intervalMs: POLL.interval },
  );
}

export type FederatedPair = {
  aUrl: string;
  aHost: string;
  /** Set by the pair's beforeAll: B, root's tokens on A and B, and the id of root's channel on A. */
  b: Instance;
  tokenA: string;
  tokenB: string;
  channelId: number;
  /** Uploads a generated clip to root's channel on A and waits until A has published it. */
  publishOnA: (name: string) => Promise<any>;
  /** Polls B for a video by uuid, sweeping both sides while it waits. */
  onB: (uuid: string) => Promise<any>;
};

/**
 * Starts B for the calling `describe` (beforeAll) and stops it after (afterAll).
 * Read `b` and the tokens in hooks and tests, once the pair's beforeAll has run.
 *
 * @example
 * const pair = useFederatedPair();
 * it('…', async () => expect((await apiB(pair.b, '/api/v1/config')).status).toBe(200));
 */
export function useFederatedPair(): FederatedPair {
  const aUrl = inject('instanceUrl');
  let dir: string | undefined;
  const pair: FederatedPair = {
    aUrl,
    aHost: new URL(aUrl).host,
    b: undefined as unknown as Instance,
    tokenA: '',
    tokenB: '',
    channelId: 0,
    async publishOnA(name) {
      const clip = await generateClip(join(dir!, `${name}.mp4`), { seconds: 2, width: 320, height: 240 });
      const bytes = new Uint8Array(await readFile(clip));
      const up = await legacyUpload(pair.tokenA, { channelId: String(pair.channelId), name, privacy: '1' }, { bytes, name: `${name}.mp4`, type: 'video/mp4' });
      if (up.status !== 200) throw new Error(`upload: ${up.status} ${JSON.stringify(up.data)}`);
      return waitPublished(up.data.video.uuid, pair.tokenA);
    },
    async onB(uuid) {
      let found: { status: number; data: any } | undefined;
      await expect
        .poll(async () => {
          await sweep(aUrl, pair.b.url);
          found = await apiB(pair.b, `/api/v1/videos/${uuid}`);
          return found.status;
        }, POLL)
        .toBe(200);
      return found!.data;
    },
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-fed-'));
    pair.b = await startInstance({
      dataDir: dir,
      rootPassword: B_PASSWORD,
      logFile: join(dir, 'wrangler.log'),
      vars: { ALLOW_LOOPBACK_FEDERATION: 'true', INSTANCE_NAME: 'instance b', JOB_LEASE_SECONDS: '6' },
    });
    pair.tokenA = await loginAsRoot();
    pair.tokenB = await loginAt(pair.b.url, 'root', B_PASSWORD);
    pair.channelId = (await api('/api/v1/users/me', { token: pair.tokenA })).data.videoChannels[0].id;
  }, 400_000);

  afterAll(async () => {
    // A is shared by the whole suite: never leave it following an instance that is gone.
    if (pair.b) {
      await api(`/api/v1/server/following/${encodeURIComponent(new URL(pair.b.url).host)}`, { method: 'DELETE', token: pair.tokenA }).catch(() => undefined);
    }
    await pair.b?.stop();
    if (dir && !process.env.KEEP_TEST_DATA) await rm(dir, { recursive: true, force: true });
  });

  return pair;
}

/** B's root subscribes to `channel` on A, and A has accepted the follow. */
export async function bSubscribes(pair: FederatedPair, channel: string) {
  const uri = `${channel}@${pair.aHost}`;
  expect((await apiB(pair.b, '/api/v1/users/me/subscriptions', { method: 'POST', token: pair.tokenB, json: { uri } })).status).toBe(204);
  await expect
    .poll(async () => {
      await sweep(pair.aUrl, pair.b.url);
      const followers = await api(`/video-channels/${channel}/followers?page=1`, { headers: { accept: 'application/activity+json' } });
      return followers.data?.orderedItems ?? [];
    }, POLL)
    .toContain(`${pair.b.url}/accounts/root`);
}

/** A's jobs of a type matching `typeLike` (SQL LIKE) whose payload names `needle`. */
export async function jobsNaming(needle: string, typeLike = 'activitypub-%') {
  const { db, close } = testDb();
  try {
    return await db
      .select({ type: schema.jobs.type, payload: schema.jobs.payload })
      .from(schema.jobs)
      .where(and(like(schema.jobs.type, typeLike), like(schema.jobs.payload, `%${needle}%`)));
  } finally {
    close();
  }
}
