/**
 * The avatar and banner forms in Chromium: my account's avatar and a channel's avatar and banner,
 * sent as plain multipart forms, then shown on the channel page and the watch page's byline.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { generateImage } from './helpers/clips';
import { newContext, screenshot, signUpThroughPage } from './helpers/pages';
import { settleAllResizes } from './helpers/actor-images';

/** The URL Chromium chose from `src` and `srcset`; runs in the page. */
const currentSrc = (img: unknown) => (img as { currentSrc: string }).currentSrc;

/** The decoded width of an <img> (0 while it has not loaded or could not be decoded); runs in the page. */
const naturalWidth = (img: unknown) => (img as { complete: boolean; naturalWidth: number }).complete && (img as { naturalWidth: number }).naturalWidth;

async function submit(page: Page, action: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(`form[action="${action}"] button[type=submit]`)]);
  return response;
}

describe('avatar and banner forms in Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await launchChromium();
    dir = await mkdtemp(join(tmpdir(), 'edgetube-web-images-'));
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads and removes my avatar, and a channel avatar and banner that its page then shows', async () => {
    const username = uniqueName('pic');
    const avatar = join(dir, 'avatar.png');
    const banner = join(dir, 'banner.jpg');
    const notImage = join(dir, 'notes.png');
    const huge = join(dir, 'huge.png');
    await generateImage(avatar, { width: 240, height: 240 });
    await generateImage(banner, { width: 1200, height: 200 });
    await writeFile(notImage, 'these are no pixels');

    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'a-good-password');

    await page.goto(instanceUrl('/my/account'));
    await expect(page.locator('#avatar .empty').count()).resolves.toBe(1);
    await page.setInputFiles('#f-avatarfile', notImage);
    await submit(page, '/my/account/avatar');
    await expect(page.locator('#avatar [role=alert]').textContent()).resolves.toContain('PNG, JPEG, GIF or WebP');
    // Over the size limit: refused before the form's body is read.
    await writeFile(huge, new Uint8Array(5 * 1024 * 1024));
    await page.setInputFiles('#f-avatarfile', huge);
    await submit(page, '/my/account/avatar');
    await expect(page.locator('#avatar [role=alert]').textContent()).resolves.toContain('4 MB');
    await page.setInputFiles('#f-avatarfile', avatar);
    await submit(page, '/my/account/avatar');
    await expect(page.locator('#avatar [role=status]').textContent()).resolves.toBe('Saved.');
    // Once the companion made PeerTube's sizes (ADR 0025), the 96 px preview is the 120 px one, and Chromium decodes it.
    await settleAllResizes();
    await page.reload();
    const mine = (await api(`/api/v1/accounts/${username}`)).data.avatars;
    expect(mine.map((i: { width: number }) => i.width)).toEqual([240, 120, 48]);
    await expect(page.locator('#avatar img.avatar-preview').getAttribute('src')).resolves.toBe(instanceUrl(mine[1].path));
    await expect(page.locator('#avatar img.avatar-preview').evaluate(currentSrc)).resolves.toBe(instanceUrl(mine[1].path));
    // A srcset candidate's natural width is its own over its density: 120 px shown in 96 is 96.
    await expect(page.locator('#avatar img.avatar-preview').evaluate(naturalWidth)).resolves.toBe(96);
    await screenshot(page, 'my-account-avatar');
    await submit(page, '/my/account/avatar/delete');
    await expect(page.locator('#avatar [role=status]').textContent()).resolves.toBe('Removed.');
    expect((await api(`/api/v1/accounts/${username}`)).data.avatars).toEqual([]);

    const [channel] = (await api(`/api/v1/accounts/${username}/video-channels`)).data.data;
    await page.goto(instanceUrl(`/my/channels/${channel.name}/edit`));
    await page.setInputFiles('#f-avatarfile', avatar);
    await submit(page, `/my/channels/${channel.name}/avatar`);
    await page.setInputFiles('#f-bannerfile', banner);
    await submit(page, `/my/channels/${channel.name}/banner`);
    await expect(page.locator('#banner [role=status]').textContent()).resolves.toBe('Saved.');
    await screenshot(page, 'my-channel-images');
    await settleAllResizes();
    const saved = (await api(`/api/v1/video-channels/${channel.name}`)).data;
    expect(saved.avatars.map((i: { width: number }) => i.width)).toEqual([240, 120, 48]);
    expect(saved.banners.map((i: { width: number }) => i.width)).toEqual([1200, 600]);

    // A 1200 px wide window takes the 1200 px banner; the 96 px avatar slot the 120 px size.
    await page.goto(instanceUrl(`/c/${channel.name}`));
    await expect(page.locator('.actor .banner img').evaluate(currentSrc)).resolves.toBe(instanceUrl(saved.banners[0].path));
    await expect(page.locator('.actor .banner img').evaluate(naturalWidth)).resolves.toBe(1200);
    await expect(page.locator('.actor-id img.avatar').getAttribute('src')).resolves.toBe(instanceUrl(saved.avatars[1].path));
    await expect(page.locator('.actor-id img.avatar').evaluate(currentSrc)).resolves.toBe(instanceUrl(saved.avatars[1].path));
    await expect(page.locator('.actor-id img.avatar').evaluate(naturalWidth)).resolves.toBe(96);
    await screenshot(page, 'channel-with-images');
    await context.close();
  });
});
