/**
 * The watch history page (/my/history/videos) and the watch page's resume from the server's
 * history, in Chromium against the real instance.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot, sessionAccessToken, signUpThroughPage } from './helpers/pages';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { publishGeneratedClip } from './helpers/published-video';

const view = (videoId: number | string, currentTime: number, token: string) =>
  api(`/api/v1/videos/${videoId}/views`, { method: 'POST', json: { currentTime }, token });

async function submit(page: Page, selector: string) {
  await Promise.all([page.waitForNavigation(), page.click(selector)]);
}

describe('watch history in Chromium', () => {
  let browser: Browser;
  let owner: Uploader;

  beforeAll(async () => {
    owner = await newUploader();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('lists what the user watched with resume links, removes one, clears all, and turns history off and on', async () => {
    const anonymous = await fetch(instanceUrl('/my/history/videos'), { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fmy%2Fhistory%2Fvideos');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('hist'), 'a-good-password');
    const token = (await sessionAccessToken(context))!;
    const [first, second] = [await seedLocalVideo(owner, {}, 'web-hist <i>one</i>'), await seedLocalVideo(owner, {}, 'web-hist two')];
    await view(first.id, 75, token);
    await view(second.id, 3, token);

    const res = await page.goto(instanceUrl('/my/history/videos'));
    expect(res?.headers()['cache-control']).toBe('private, no-store');
    await expect(page.locator('h1').textContent()).resolves.toBe('My watch history');
    const items = page.locator('ul.history li');
    await expect(items.count()).resolves.toBe(2);
    // Last watched first; the name is text, never markup; the link resumes where the user stopped.
    await expect(items.nth(0).getAttribute('data-video-id')).resolves.toBe(String(second.id));
    const link = items.nth(1).locator('a.resume');
    await expect(link.textContent()).resolves.toBe(first.name);
    expect(await link.getAttribute('href')).toMatch(/^\/w\/\w+\?start=75$/);
    await expect(items.nth(1).locator('.meta').textContent()).resolves.toBe('Resume at 1:15');
    await screenshot(page, 'my-history');

    await submit(page, `ul.history li[data-video-id="${second.id}"] button`);
    await expect(items.count()).resolves.toBe(1);
    expect((await api('/api/v1/users/me/history/videos', { token })).data.total).toBe(1);

    await submit(page, 'form[action="/my/history/videos/switch"] button');
    await expect(page.locator('#history-state').textContent()).resolves.toMatch(/off/);
    expect((await api('/api/v1/users/me', { token })).data.videosHistoryEnabled).toBe(false);
    await view(second.id, 9, token);
    await page.reload();
    await expect(items.count()).resolves.toBe(1);
    await submit(page, 'form[action="/my/history/videos/switch"] button');
    expect((await api('/api/v1/users/me', { token })).data.videosHistoryEnabled).toBe(true);

    await submit(page, 'form[action="/my/history/videos/clear"] button');
    await expect(page.locator('ul.history').count()).resolves.toBe(0);
    await expect(page.locator('main p').last().textContent()).resolves.toBe('No video in your history.');
    expect((await api('/api/v1/users/me/history/videos', { token })).data.total).toBe(0);

    // In French too.
    const fr = await newContext(browser, 'fr-FR');
    await fr.addCookies(await context.cookies());
    const frPage = await fr.newPage();
    await frPage.goto(instanceUrl('/my/history/videos'));
    await expect(frPage.locator('h1').textContent()).resolves.toBe('Mon historique de visionnage');
    await fr.close();
    await context.close();
  });

  it("starts the player where the signed-in user's history says, on any browser, and sends the position back; ?start still wins", async () => {
    const { video } = await publishGeneratedClip('History resume', { seconds: 8 });
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('hist'), 'a-good-password');
    // Watched elsewhere (another device): this browser's storage knows nothing of it.
    expect((await view(video.uuid, 5, (await sessionAccessToken(context))!)).status).toBe(204);

    const at = () => page.evaluate(`document.getElementById('player').currentTime`) as Promise<number>;
    await page.goto(instanceUrl(`/w/${video.shortUUID}`));
    await page.waitForFunction(`document.getElementById('player').currentTime > 0`, undefined, { timeout: 30_000 });
    expect(Math.abs((await at()) - 5)).toBeLessThan(1);

    // Playing on sends the position back (a view with currentTime); pausing sends where it stopped.
    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    await page.waitForFunction(`document.getElementById('player').currentTime > 6.5`, undefined, { timeout: 30_000 });
    await page.evaluate(`document.getElementById('player').pause()`);
    const stopped = Math.floor(await at());
    const token = (await sessionAccessToken(context))!;
    let recorded: number | undefined;
    for (let i = 0; i < 40 && recorded !== stopped; i++) {
      recorded = (await api(`/api/v1/videos/${video.uuid}`, { token })).data.userHistory?.currentTime;
      if (recorded !== stopped) await new Promise((r) => setTimeout(r, 250));
    }
    expect(recorded).toBe(stopped);

    await page.goto(instanceUrl(`/w/${video.shortUUID}?start=1`));
    await page.waitForFunction(`document.getElementById('player').currentTime > 0`, undefined, { timeout: 30_000 });
    expect(await at()).toBeLessThan(2);
    await context.close();

    // Anonymous watch pages (edge-cacheable) carry nobody's position.
    const anonymousPage = await (await fetch(instanceUrl(`/w/${video.shortUUID}`))).text();
    expect(anonymousPage).not.toContain('resumeAt');
  });
});
