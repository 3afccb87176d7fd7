/**
 * Avatars and banners in PeerTube's sizes (ADR 0025): after a pick, the suite's companion makes
 * them with real ffmpeg through an `actor-image-resize` job; the API lists them, pages show the
 * smallest that fits, a delete removes them all, and the job is safe to repeat or to lose.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as schema from '../worker/db/schema';
import { api, instanceUrl } from './helpers/api';
import { generateImage } from './helpers/clips';
import { decodedSize, imageFile, settleResize } from './helpers/actor-images';
import { internalJson, putMedia, testDb, triggerSweep, type TestDb } from './helpers/internal';
import { newUploader, readMedia, type Uploader } from './helpers/video-uploads';

let dir: string;
let photo: Uint8Array;
let wide: Uint8Array;
let owner: Uploader;
let db: TestDb;
let closeDb: () => void;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edgetube-actor-image-sizes-'));
  [photo, wide] = await Promise.all([
    generateImage(join(dir, 'photo.jpg'), { width: 1600, height: 1200 }),
    generateImage(join(dir, 'wide.png'), { width: 1000, height: 500 }),
  ]);
  owner = await newUploader();
  ({ db, close: closeDb } = testDb());
}, 60_000);

afterAll(async () => {
  closeDb();
  await rm(dir, { recursive: true, force: true });
});

function pick(path: string, field: string, bytes: Uint8Array, type: string) {
  const form = new FormData();
  form.set(field, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), `file.${type.slice(6)}`);
  return api(path, { method: 'POST', token: owner.token, body: form });
}

async function served(path: string) {
  const res = await fetch(instanceUrl(path));
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

const r2Key = (path: string) => path.replace(/^\/lazy-static\/(avatars|banners)\//, 'actor-images/$1/');

const resizeJob = async (path: string) =>
  (
    await db
      .select()
      .from(schema.jobs)
      .where(eq(schema.jobs.dedupeKey, `actor-image-resize:${imageFile(path)}`))
  )[0];

describe('actor image sizes', () => {
  it("lists PeerTube's avatar sizes (none larger than the upload, centre-cropped square), each decoding to its width; the page takes the small one", async () => {
    const base = `/api/v1/video-channels/${owner.channelName}`;
    const picked = await pick(`${base}/avatar/pick`, 'avatarfile', photo, 'image/jpeg');
    expect(picked.status).toBe(200);
    // At once, the upload itself: shown while the companion works.
    const [original] = picked.data.avatars;
    expect(picked.data.avatars).toHaveLength(1);
    expect(original.width).toBe(1600);

    expect(await settleResize(original.path)).toBe('completed');
    const avatars = (await api(base)).data.avatars as { width: number; path: string; fileUrl: string }[];
    expect(avatars.map((a) => a.width)).toEqual([1200, 600, 120, 48]);
    for (const a of avatars) {
      const file = await served(a.path);
      expect(file, a.path).toMatchObject({ status: 200, type: 'image/jpeg' });
      expect(await decodedSize(file.bytes), a.path).toEqual({ width: a.width, height: a.width });
      expect(a.fileUrl).toBe(instanceUrl(a.path));
    }
    const small = await served(avatars[3].path);
    expect(small.bytes.length * 20).toBeLessThan(photo.length);

    // A 96 px slot (the channel page's header) takes the 120 px file, with every size in srcset.
    const page = await (await fetch(instanceUrl(`/c/${owner.channelName}`))).text();
    expect(page).toContain(`src="${avatars[2].fileUrl}"`);
    expect(page).toContain(`${avatars[3].fileUrl} 48w`);
    expect(page).not.toContain(`src="${original.fileUrl}"`);
    // A 48 px slot (the channel cards of the account page) takes the 48 px file.
    const accountPage = await (await fetch(instanceUrl(`/a/${owner.username}/video-channels`))).text();
    expect(accountPage).toContain(`src="${avatars[3].fileUrl}"`);

    // ActivityPub keeps one icon: the upload.
    const ap = await api(`/video-channels/${owner.channelName}`, { headers: { accept: 'application/activity+json' } });
    expect(ap.data.icon).toEqual([{ type: 'Image', mediaType: 'image/jpeg', width: 1600, height: 1200, url: original.fileUrl }]);

    // A completion reported again (a companion that lost the answer) changes nothing.
    const job = await resizeJob(original.path);
    const outputs = avatars.map((a) => ({ key: r2Key(a.path), width: a.width, height: a.width, size: 1 }));
    const again = await internalJson(`/internal/jobs/${job.id}/resized`, { attempt: job.attempts, outputs });
    expect(again).toMatchObject({ status: 200, data: { state: 'completed' } });
    expect((await api(base)).data.avatars).toEqual(avatars);
    // An attempt that never held the job is refused.
    expect((await internalJson(`/internal/jobs/${job.id}/resized`, { attempt: job.attempts + 1, outputs })).status).toBe(409);

    // A delete removes the upload and every size from the bucket.
    expect((await api(`${base}/avatar`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    for (const path of [original.path, ...avatars.map((a) => a.path)]) expect((await readMedia(r2Key(path))).status, path).toBe(404);
    expect((await api(base)).data.avatars).toEqual([]);
  });

  it('cover-crops a banner into 1920×317 (shrunk to the upload) and 600×100, in its own format', async () => {
    const base = `/api/v1/video-channels/${owner.channelName}`;
    const picked = await pick(`${base}/banner/pick`, 'bannerfile', wide, 'image/png');
    expect(picked.status).toBe(200);
    expect(await settleResize(picked.data.banners[0].path)).toBe('completed');
    const banners = (await api(base)).data.banners as { width: number; path: string }[];
    expect(banners.map((b) => b.width)).toEqual([1000, 600]);
    const sizes = [];
    for (const b of banners) {
      const file = await served(b.path);
      expect(file.type).toBe('image/png');
      sizes.push(await decodedSize(file.bytes));
    }
    expect(sizes).toEqual([
      { width: 1000, height: 165 },
      { width: 600, height: 100 },
    ]);
    // Replacing the banner removes the old one's sizes.
    const next = await pick(`${base}/banner/pick`, 'bannerfile', wide, 'image/png');
    expect(next.status).toBe(200);
    for (const b of banners) expect((await readMedia(r2Key(b.path))).status, b.path).toBe(404);
    expect(await settleResize(next.data.banners[0].path)).toBe('completed');
  });

  it('keeps showing the upload when the companion cannot read it', async () => {
    // A PNG header (so the Worker takes it) over bytes no decoder reads.
    const broken = new Uint8Array(4096);
    broken.set(wide.subarray(0, 33));
    const picked = await pick('/api/v1/users/me/avatar/pick', 'avatarfile', broken, 'image/png');
    expect(picked.status).toBe(200);
    expect(await settleResize(picked.data.avatars[0].path)).toBe('failed');
    const account = await api(`/api/v1/accounts/${owner.username}`);
    expect(account.data.avatars).toEqual(picked.data.avatars);
    expect((await served(picked.data.avatars[0].path)).status).toBe(200);
  });

  it('does not record, and deletes, sizes reported for an image replaced meanwhile', async () => {
    const picked = await pick('/api/v1/users/me/avatar/pick', 'avatarfile', wide, 'image/png');
    expect(await settleResize(picked.data.avatars[0].path)).toBe('completed');
    const before = (await api(`/api/v1/accounts/${owner.username}`)).data.avatars;
    // A job still held by the companion, for an image the account no longer has.
    const stale = `${crypto.randomUUID()}.png`;
    const [actor] = await db.select({ id: schema.accounts.actorId }).from(schema.accounts).where(eq(schema.accounts.id, owner.accountId));
    const [job] = await db
      .insert(schema.jobs)
      .values({
        type: 'actor-image-resize',
        payload: { actorId: actor.id, type: 'avatar', file: stale, width: 500, height: 500 },
        state: 'active',
        attempts: 1,
        leaseUntil: new Date(Date.now() + 600_000),
        dedupeKey: `actor-image-resize:${stale}`,
      })
      .returning();
    const outputs = [500, 120, 48].map((w) => ({ key: `actor-images/avatars/${stale.replace('.png', `-${w}.png`)}`, width: w, height: w, size: 3 }));
    for (const o of outputs) await putMedia(o.key, new Uint8Array([1, 2, 3]), 'image/png');
    const res = await internalJson(`/internal/jobs/${job.id}/resized`, { attempt: 1, outputs });
    expect(res).toMatchObject({ status: 200, data: { state: 'completed' } });
    for (const o of outputs) expect((await readMedia(o.key)).status, o.key).toBe(404);
    expect((await api(`/api/v1/accounts/${owner.username}`)).data.avatars).toEqual(before);
  });

  it('resizes, through migration 0020 and the cron sweep, an avatar stored before sizes existed', async () => {
    const picked = await pick('/api/v1/users/me/avatar/pick', 'avatarfile', photo, 'image/jpeg');
    const [original] = picked.data.avatars;
    expect(await settleResize(original.path)).toBe('completed');
    // As a row from before migration 0019 looks: the upload, no sizes, no job.
    const [actor] = await db.select({ id: schema.accounts.actorId }).from(schema.accounts).where(eq(schema.accounts.id, owner.accountId));
    await db.update(schema.actors).set({ avatarSizes: null }).where(eq(schema.actors.id, actor.id));
    await db.delete(schema.jobs).where(eq(schema.jobs.dedupeKey, `actor-image-resize:${imageFile(original.path)}`));
    expect((await api(`/api/v1/accounts/${owner.username}`)).data.avatars).toEqual(picked.data.avatars);

    const migration = await readFile(new URL('../migrations/0020_actor_image_sizes_backfill.sql', import.meta.url), 'utf8');
    for (const statement of migration.split('--> statement-breakpoint')) await db.run(sql.raw(statement));
    const job = await resizeJob(original.path);
    expect(job).toMatchObject({ state: 'waiting', payload: { actorId: actor.id, type: 'avatar', file: imageFile(original.path), width: 1600, height: 1200 } });
    await triggerSweep();
    expect(await settleResize(original.path)).toBe('completed');
    expect((await api(`/api/v1/accounts/${owner.username}`)).data.avatars.map((a: { width: number }) => a.width)).toEqual([1200, 600, 120, 48]);
  });
});
