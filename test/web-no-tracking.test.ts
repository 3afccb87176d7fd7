/**
 * Issue 12, "no tracking": pages make no third-party requests (no external fonts, scripts or
 * analytics). Chromium records every request each page makes, including what its scripts fetch
 * and the player's P2P tracker socket, and each must go to the instance itself.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { instanceUrl } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { seedLocalVideo } from './helpers/seed-videos';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';
import { newContext, signInThroughPage } from './helpers/pages';

describe('pages make no third-party requests', () => {
  let browser: Browser;
  let owner: Uploader;
  let uuid: string;

  beforeAll(async () => {
    owner = await newUploader();
    uuid = (await seedLocalVideo(owner, {}, 'no-tracking')).uuid;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Every URL a page asked for while loading and for a moment after (scripts, styles, images, fetches, sockets). */
  async function requestsOf(context: BrowserContext, path: string) {
    const page = await context.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    page.on('websocket', (ws) => urls.push(ws.url()));
    await page.goto(instanceUrl(path), { waitUntil: 'load' });
    await page.waitForTimeout(1_500);
    await page.close();
    return urls;
  }

  const foreign = (urls: string[]) => {
    const own = new URL(instanceUrl('/')).host;
    return urls.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && new URL(u).host !== own);
  };

  it('anonymous pages: home, watch, embed, channel, account, search, sign in, sign up', async () => {
    const context = await newContext(browser);
    try {
      const paths = [
        '/',
        `/videos/watch/${uuid}`,
        `/videos/embed/${uuid}`,
        `/c/${owner.channelName}`,
        `/a/${owner.username}`,
        '/search?search=no',
        '/login',
        '/signup',
      ];
      for (const path of paths) {
        const urls = await requestsOf(context, path);
        expect(urls.length, path).toBeGreaterThan(0);
        expect(foreign(urls), path).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });

  it('signed-in pages: upload, my videos, my account, my channels, notifications, subscriptions', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await signInThroughPage(page, owner.username, PASSWORD);
      await page.close();
      for (const path of ['/videos/upload', '/my/videos', '/my/account', '/my/channels', '/my/notifications', '/my/subscriptions']) {
        const urls = await requestsOf(context, path);
        expect(urls.length, path).toBeGreaterThan(0);
        expect(foreign(urls), path).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});
