import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { api, instanceUrl, login, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { testDb } from './helpers/internal';
import { newContext, screenshot, signInThroughPage } from './helpers/pages';
import { actors, follows, jobs } from '../worker/db/schema';

async function submit(page: Page, selector: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response;
}

/** A host name of its own for this run (uniqueName's underscore is no host character). */
const uniqueHost = (prefix: string) => `${uniqueName(prefix).replace(/_/g, '-')}.example`;

/** A remote instance's Application actor, as discovery would store it. */
function remoteInstanceActor(host: string) {
  return {
    type: 'Application' as const,
    preferredUsername: 'peertube',
    host,
    url: `https://${host}/accounts/peertube`,
    inboxUrl: `https://${host}/accounts/peertube/inbox`,
  };
}

describe('administration in Chromium: follows, moderation, jobs', () => {
  let browser: Browser;
  let admin: BrowserContext;
  let page: Page;
  const { db, close } = testDb();

  beforeAll(async () => {
    browser = await launchChromium();
    admin = await newContext(browser);
    page = await admin.newPage();
    await signInThroughPage(page, 'root', inject('rootPassword'));
  });
  afterAll(async () => {
    await browser?.close();
    close();
  });

  it('asks to follow a host, unfollows, and accepts and rejects pending followers', async () => {
    const [instance] = await db
      .select()
      .from(actors)
      .where(and(eq(actors.type, 'Application'), isNull(actors.host)))
      .limit(1);
    const [followed, pending, refused] = await db
      .insert(actors)
      .values([
        remoteInstanceActor(`${uniqueName('followed')}.example`),
        remoteInstanceActor(`${uniqueName('pending')}.example`),
        remoteInstanceActor(`${uniqueName('refused')}.example`),
      ])
      .returning();
    await db.insert(follows).values([
      { followerActorId: instance.id, followingActorId: followed.id, state: 'accepted' },
      { followerActorId: pending.id, followingActorId: instance.id, state: 'pending' },
      { followerActorId: refused.id, followingActorId: instance.id, state: 'pending' },
    ]);

    await page.goto(instanceUrl('/admin/follows'));
    await screenshot(page, 'admin-follows');
    const host = uniqueHost('asked');
    await page.fill('#f-hosts', `not a host!`);
    expect((await submit(page, 'form[action="/admin/follows"] button'))?.status()).toBe(400);
    await page.fill('#f-hosts', host);
    await submit(page, 'form[action="/admin/follows"] button');
    await expect(page.locator('[role=status]').textContent()).resolves.toContain('Follow requested');
    const [job] = await db
      .select()
      .from(jobs)
      .where(sql`${jobs.type} = 'activitypub-follow' and json_extract(${jobs.payload}, '$.host') = ${host}`);
    expect(job).toBeDefined();

    await submit(page, `tr[data-handle="${followed.host}"] form[action="/admin/follows/unfollow"] button`);
    expect(await page.locator(`tr[data-handle="${followed.host}"]`).count()).toBe(0);
    await submit(page, `tr[data-handle="peertube@${pending.host}"] form[action="/admin/follows/accept"] button`);
    await expect(page.locator(`tr[data-handle="peertube@${pending.host}"]`).textContent()).resolves.toContain('Accepted');
    await submit(page, `tr[data-handle="peertube@${refused.host}"] form[action="/admin/follows/reject"] button`);
    expect(await page.locator(`tr[data-handle="peertube@${refused.host}"]`).count()).toBe(0);
    const rows = await db.select().from(follows).where(eq(follows.followingActorId, instance.id));
    expect(rows.find((r) => r.followerActorId === pending.id)?.state).toBe('accepted');
    expect(rows.find((r) => r.followerActorId === refused.id)).toBeUndefined();
  });

  it('moderates a report with a state and a comment, and mutes and unmutes an account and a server', async () => {
    const [reporter, reported] = [uniqueName('reporter'), uniqueName('reported')];
    for (const name of [reporter, reported])
      await api('/api/v1/users/register', { method: 'POST', json: { username: name, password: 'a-good-password', email: `${name}@example.test` } });
    const reportedAccount = (await api(`/api/v1/accounts/${reported}`)).data;
    const created = await api('/api/v1/abuses', {
      method: 'POST',
      token: await login(reporter, 'a-good-password'),
      json: { reason: 'Spams <b>everyone</b>', account: { id: reportedAccount.id } },
    });
    expect(created.status).toBe(200);
    const abuseId = created.data.abuse.id;

    await page.goto(instanceUrl('/admin/moderation?state=1'));
    const report = page.locator(`#abuse-${abuseId}`);
    await expect(report.textContent()).resolves.toContain('Spams <b>everyone</b>');
    await report.locator('select[name=state]').selectOption('3');
    await report.locator('textarea[name=moderationComment]').fill('Warned by email.');
    await submit(page, `#abuse-${abuseId} button[type=submit]`);
    // Filtered on pending, the report has left the list; the API has its new state.
    expect(await page.locator(`#abuse-${abuseId}`).count()).toBe(0);
    const token = await login('root', inject('rootPassword'));
    const [abuse] = (await api(`/api/v1/abuses?id=${abuseId}`, { token })).data.data;
    expect([abuse.state.id, abuse.moderationComment]).toEqual([3, 'Warned by email.']);

    await page.goto(instanceUrl('/admin/moderation'));
    await page.fill('#f-block-accounts', reported);
    await submit(page, 'form[action="/admin/moderation/accounts"] button');
    await page.fill('#f-block-servers', 'spam.example');
    await submit(page, 'form[action="/admin/moderation/servers"] button');
    await screenshot(page, 'admin-moderation');
    const host = new URL(instanceUrl()).host;
    const muted = (await api('/api/v1/server/blocklist/accounts', { token })).data.data.map((b: any) => `${b.blockedAccount.name}@${b.blockedAccount.host}`);
    expect(muted).toContain(`${reported}@${host}`);
    expect((await api('/api/v1/server/blocklist/servers', { token })).data.data.map((b: any) => b.blockedServer.host)).toContain('spam.example');
    // Muting twice is PeerTube's 409, shown on the page.
    await page.fill('#f-block-servers', 'spam.example');
    expect((await submit(page, 'form[action="/admin/moderation/servers"] button'))?.status()).toBe(409);

    await submit(page, `li[data-blocked="${reported}@${host}"] button`);
    await submit(page, 'li[data-blocked="spam.example"] button');
    expect((await api('/api/v1/server/blocklist/servers', { token })).data.data.map((b: any) => b.blockedServer.host)).not.toContain('spam.example');
  });

  it('lists failed jobs and retries one', async () => {
    const [failed] = await db
      .insert(jobs)
      .values({
        type: 'activitypub-crawl',
        payload: { kind: 'outbox', url: 'https://gone.example/outbox' },
        state: 'failed',
        attempts: 5,
        maxAttempts: 5,
        lastError: 'fetch failed: gone.example',
        finishedAt: new Date(),
      })
      .returning();
    await page.goto(instanceUrl('/admin/jobs'));
    await expect(page.locator(`tr[data-job="${failed.id}"]`).textContent()).resolves.toContain('fetch failed: gone.example');
    await screenshot(page, 'admin-jobs');
    await submit(page, `tr[data-job="${failed.id}"] button`);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe(`Job ${failed.id} will run again.`);
    // Back to waiting with its attempts reset; a consumer may already have taken it for a new try.
    const [after] = await db.select().from(jobs).where(eq(jobs.id, failed.id));
    expect(after.attempts).toBeLessThan(5);
    expect(after.updatedAt.getTime()).toBeGreaterThan(failed.updatedAt.getTime());
    // Retrying a job that is not failed does nothing.
    const status = await page.evaluate(`(async () => {
      const csrf = document.querySelector('meta[name=csrf-token]').content;
      return (await fetch('/admin/jobs/${failed.id}/retry', { method: 'POST', body: new URLSearchParams({ _csrf: csrf }), redirect: 'manual' })).status;
    })()`);
    expect([0, 303]).toContain(status);
  });

  it('keeps moderators out of follows and jobs', async () => {
    const name = uniqueName('modr');
    await api('/api/v1/users/register', { method: 'POST', json: { username: name, password: 'a-good-password', email: `${name}@example.test` } });
    const token = await login('root', inject('rootPassword'));
    const id = (await api(`/api/v1/users?search=${name}`, { token })).data.data[0].id;
    await api(`/api/v1/users/${id}`, { method: 'PUT', token, json: { role: 1 } });
    const context = await newContext(browser);
    const modPage = await context.newPage();
    await signInThroughPage(modPage, name, 'a-good-password');
    expect((await modPage.goto(instanceUrl('/admin/moderation')))?.status()).toBe(200);
    expect((await modPage.goto(instanceUrl('/admin/follows')))?.status()).toBe(403);
    expect((await modPage.goto(instanceUrl('/admin/jobs')))?.status()).toBe(403);
    await context.close();
  });
});
