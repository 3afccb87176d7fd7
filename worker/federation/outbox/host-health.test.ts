/**
 * Unreachable hosts (issue 4 item 5) against a real temp libSQL database and a real
 * http server on loopback that answers 503 a few times, then 202.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import * as schema from '../../db/schema';
import { RetryLaterError } from '../../jobs/errors';
import { buildLocalActor } from '../../services/actors';
import { openTempDb, type TempDb } from '../../../test/helpers/temp-db';
import { activitypubDeliverHandler } from '../../jobs/handlers/activitypub-deliver';
import { DeliveryError, deliverActivity, HostUnreachableError } from './deliver';
import { checkHostHealth, FAILURE_SPACING_MS, recordHostFailure, unreachableForMs } from './host-health';

const config = {
  publicUrl: 'https://video.example',
  host: 'video.example',
  keyEncryptionSecret: 'k'.repeat(32),
  allowLoopbackFederation: true,
} as Config;

let temp: TempDb;
let server: http.Server;
let inbox: string;
let host: string;
let from: schema.Actor;
let requests = 0;
/** Status codes to answer, in order; 202 once they run out. */
const script: number[] = [];

beforeAll(async () => {
  temp = await openTempDb('host-health');
  [from] = await temp.db
    .insert(schema.actors)
    .values(await buildLocalActor(config, { type: 'Person', preferredUsername: 'root' }))
    .returning();
  server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(script.shift() ?? 202);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  inbox = `http://${host}/inbox`;
}, 60_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await temp?.close();
});

const deps = () => ({ db: temp.db, config });
const activity = {
  '@context': 'https://www.w3.org/ns/activitystreams',
  id: 'https://video.example/activities/1',
  type: 'Like',
  actor: 'https://video.example/accounts/root',
  object: 'https://remote.example/videos/watch/1',
};
const row = async () => (await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, host)))[0];
const deliver = () => deliverActivity(deps(), { from, inbox, activity });
/** As if the host's last counted failure were `FAILURE_SPACING_MS` old. */
const ageLastFailure = (h: string) =>
  temp.db
    .update(schema.remoteHosts)
    .set({ updatedAt: sql`${schema.remoteHosts.updatedAt} - ${FAILURE_SPACING_MS}` })
    .where(eq(schema.remoteHosts.host, h));

describe('unreachableForMs', () => {
  it('is 0 below three failures, then 2^n minutes, capped at 6 h', () => {
    expect([1, 2].map(unreachableForMs)).toEqual([0, 0]);
    expect(unreachableForMs(3)).toBe(8 * 60_000);
    expect(unreachableForMs(5)).toBe(32 * 60_000);
    expect(unreachableForMs(9)).toBe(6 * 3600_000);
    expect(unreachableForMs(500)).toBe(6 * 3600_000);
  });
});

describe('delivery and host health', () => {
  it('counts 5xx failures and marks the host after the third', async () => {
    script.push(503, 503, 503);
    const before = Date.now();
    for (const expected of [1, 2]) {
      await expect(deliver()).rejects.toSatisfy((e) => e instanceof DeliveryError && e.status === 503 && !e.permanent);
      expect(await row()).toMatchObject({ failures: expected, unreachableUntil: null, lastError: `${inbox} answered 503` });
      await ageLastFailure(host);
    }
    await expect(deliver()).rejects.toSatisfy((e) => e instanceof DeliveryError && !(e instanceof HostUnreachableError));
    const marked = await row();
    expect(marked.failures).toBe(3);
    // 2^3 minutes from the failure, as computed by the database.
    expect(marked.unreachableUntil!.getTime()).toBeGreaterThanOrEqual(before + 8 * 60_000);
    expect(marked.unreachableUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 8 * 60_000);
    expect(requests).toBe(3);
  });

  it('does not send to a marked host, and the job waits for the mark to end without spending an attempt', async () => {
    const until = (await row()).unreachableUntil!;
    await expect(deliver()).rejects.toSatisfy((e) => e instanceof HostUnreachableError && e.until.getTime() === until.getTime());
    const deps = { db: temp.db, config, queue: { send: async () => undefined, sendBatch: async () => undefined } };
    const err = await activitypubDeliverHandler.run(deps, { payload: { fromActorId: from.id, inbox, activity } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RetryLaterError);
    expect((err as RetryLaterError).delayMs).toBeGreaterThan(7 * 60_000);
    expect((err as RetryLaterError).delayMs).toBeLessThanOrEqual(8 * 60_000);
    expect(requests).toBe(3);
    expect((await row()).failures).toBe(3);
  });

  it('tries again once the mark has expired, and a success forgets the host', async () => {
    await temp.db
      .update(schema.remoteHosts)
      .set({ unreachableUntil: new Date(Date.now() - 1000) })
      .where(eq(schema.remoteHosts.host, host));
    expect(await checkHostHealth(temp.db, host)).toEqual({ failing: true, unreachableUntil: null });
    await deliver();
    expect(requests).toBe(4);
    expect(await row()).toBeUndefined();
    expect(await checkHostHealth(temp.db, host)).toEqual({ failing: false, unreachableUntil: null });
  });

  it('a failure after an expired mark marks the host again, for longer', async () => {
    const other = 'gone.example';
    const t0 = new Date('2026-01-01T00:00:00Z').getTime();
    const at = (i: number) => new Date(t0 + i * FAILURE_SPACING_MS);
    for (let i = 0; i < 4; i++) await recordHostFailure(temp.db, other, 'connection refused', at(i));
    const [r] = await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, other));
    expect(r.failures).toBe(4);
    expect(r.unreachableUntil!.getTime()).toBe(at(3).getTime() + 16 * 60_000);
    for (let i = 4; i < 14; i++) await recordHostFailure(temp.db, other, 'connection refused', at(i));
    const [capped] = await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, other));
    expect(capped.unreachableUntil!.getTime()).toBe(at(13).getTime() + 6 * 3600_000);
  });

  it('counts the failures of one burst (every delivery in flight when the host blinked) as one', async () => {
    const blinking = 'blink.example';
    const t0 = new Date('2026-01-01T00:00:00Z').getTime();
    await Promise.all([0, 1, 2, 3, 4].map((i) => recordHostFailure(temp.db, blinking, 'Network connection lost.', new Date(t0 + i * 100))));
    const [r] = await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, blinking));
    expect(r).toMatchObject({ failures: 1, unreachableUntil: null, lastError: 'Network connection lost.' });
    await recordHostFailure(temp.db, blinking, 'Network connection lost.', new Date(t0 + FAILURE_SPACING_MS));
    expect((await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, blinking)))[0].failures).toBe(2);
  });

  it('sends again at once, on a new connection, when the first attempt got no answer at all', async () => {
    let seen = 0;
    const resetting = http.createServer((req, res) => {
      seen++;
      // The first request's connection is cut before any answer, as a host closing a kept connection does.
      if (seen === 1) return void req.socket.destroy();
      req.resume();
      req.on('end', () => res.writeHead(202).end());
    });
    await new Promise<void>((resolve) => resetting.listen(0, '127.0.0.1', resolve));
    const resettingHost = `127.0.0.1:${(resetting.address() as AddressInfo).port}`;
    try {
      await deliverActivity(deps(), { from, inbox: `http://${resettingHost}/inbox`, activity });
      expect(seen).toBe(2);
      expect(await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, resettingHost))).toEqual([]);
    } finally {
      await new Promise((resolve) => resetting.close(resolve));
    }
  });

  it('a 4xx stays a permanent failure and is not a host failure', async () => {
    script.push(404);
    await expect(deliver()).rejects.toSatisfy((e) => e instanceof DeliveryError && e.status === 404 && e.permanent);
    expect(await row()).toBeUndefined();
    expect(requests).toBe(5);
  });

  it('a network error counts as a host failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadHost = `127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    await expect(deliverActivity(deps(), { from, inbox: `http://${deadHost}/inbox`, activity })).rejects.toSatisfy(
      (e) => e instanceof DeliveryError && e.status === undefined,
    );
    const [r] = await temp.db.select().from(schema.remoteHosts).where(eq(schema.remoteHosts.host, deadHost));
    expect(r.failures).toBe(1);
  });
});
