import { inject } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createClient } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { and, eq, inArray } from 'drizzle-orm';
import * as schema from '../../worker/db/schema';
import { signHmacRequest } from '../../worker/crypto/hmac';
import { instanceUrl } from './api';

/** A request to the Worker's /internal/* endpoints, signed as the companion signs them. */
export async function internalFetch(
  path: string,
  init: { method?: string; body?: string | Uint8Array<ArrayBuffer>; headers?: Record<string, string>; unsignedBody?: boolean; secret?: string } = {},
) {
  const url = instanceUrl(path);
  const method = init.method ?? 'GET';
  const signed = await signHmacRequest(init.secret ?? inject('companionSecret'), { method, url, body: init.body, unsignedBody: init.unsignedBody });
  return fetch(url, { method, body: init.body, headers: { ...init.headers, ...signed } });
}

export async function internalJson(path: string, body: unknown) {
  const res = await internalFetch(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  const text = await res.text();
  return { status: res.status, data: text ? JSON.parse(text) : undefined };
}

/** Stores an object in R2 through /internal/media, as the companion does. */
export async function putMedia(key: string, data: Uint8Array<ArrayBuffer>, contentType = 'application/octet-stream') {
  const res = await internalFetch(`/internal/media/${key}`, { method: 'PUT', body: data, unsignedBody: true, headers: { 'content-type': contentType } });
  if (res.status !== 201) throw new Error(`put ${key}: ${res.status} ${await res.text()}`);
}

/** Runs the cron handler once (wrangler dev --test-scheduled). */
export async function triggerSweep() {
  const res = await fetch(instanceUrl('/__scheduled?cron=*+*+*+*+*'));
  await res.body?.cancel();
  if (!res.ok) throw new Error(`sweep: ${res.status}`);
}

/** The instance's database, over the local libSQL server: tests read the record directly. */
export function testDb() {
  const client = createClient({ url: inject('libsqlUrl') });
  return { db: drizzle(client, { schema }), close: () => client.close() };
}

export type TestDb = ReturnType<typeof testDb>['db'];

/** A local video of root's channel in state 2 (to transcode), as the upload API leaves it. */
export async function createTestVideo(db: TestDb, name: string) {
  const [channel] = await db
    .select({ id: schema.videoChannels.id })
    .from(schema.videoChannels)
    .innerJoin(schema.accounts, eq(schema.accounts.id, schema.videoChannels.accountId))
    .innerJoin(schema.users, eq(schema.users.id, schema.accounts.userId))
    .where(eq(schema.users.username, 'root'))
    .limit(1);
  if (!channel) throw new Error('root has no channel');
  const uuid = randomUUID();
  const [video] = await db
    .insert(schema.videos)
    .values({
      uuid,
      name,
      channelId: channel.id,
      state: schema.VIDEO_STATE.TO_TRANSCODE,
      url: `${instanceUrl()}/videos/watch/${uuid}`,
    })
    .returning();
  return video;
}

/** Polls `fn` until it returns a value (not undefined/false), for at most `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v !== undefined && v !== false) return v as T;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/**
 * Takes an uploaded video's transcode job away from the suite's companion, so a test can set the
 * video's state itself: an unfinished job is marked completed (the companion's next callback gets
 * 409 and it stops); one the companion already failed (fake bytes fail fast) has its state 7
 * awaited, so the test's own write comes after it.
 */
export async function settleTranscodeJob(db: TestDb, videoId: number) {
  const taken = await db
    .update(schema.jobs)
    .set({ state: 'completed', leaseUntil: null })
    .where(and(eq(schema.jobs.dedupeKey, `video-transcode:${videoId}`), inArray(schema.jobs.state, ['waiting', 'delayed', 'active'])))
    .returning({ id: schema.jobs.id });
  if (taken.length > 0) return;
  // Bounded: 100 polls of 50 ms.
  for (let i = 0; i < 100; i++) {
    const [video] = await db.select({ state: schema.videos.state }).from(schema.videos).where(eq(schema.videos.id, videoId));
    if (video?.state === schema.VIDEO_STATE.TRANSCODING_FAILED) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}
