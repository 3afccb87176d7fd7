/**
 * The public lists in Chromium: home and its tabs with paging, channel and account pages (local
 * and remote), all readable without JavaScript, with user-written names shown as text.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { seedLocalVideo, seedRemoteVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { newContext, screenshot } from './helpers/pages';
import type { FakeActor, FakeRemote } from './helpers/fake-remote-instance';
import { uuidToShort } from '../worker/services/short-uuid';

/** Every payload sets window.__xss if it ever runs; pages must show them as text. */
const XSS = (where: string) => `<script>window.__xss='${where}'</script><img src=x onerror="window.__xss='${where}-img'">`;

describe('home, channel and account pages in Chromium', () => {
  let browser: Browser;
  let owner: Uploader;
  let listed: { uuid: string; name: string }[];
  let unlisted: { uuid: string; name: string };
  let privateOne: { uuid: string; name: string };
  let popular: { uuid: string; name: string };
  let remote: { uuid: string; host: string; channel: string; account: string };
  const dialogs: string[] = [];

  beforeAll(async () => {
    owner = await newUploader();
    // Oldest first, so that the 25 listed ones are the newest on the instance, listed[24] first.
    popular = await seedLocalVideo(owner, { views: 2_000_000_000 }, 'browse-popular');
    const origin = 'https://remote-browse.example';
    const bob = { name: `bob${Date.now().toString(36)}`, url: '', inbox: '', publicKeyPem: 'unused' } as unknown as FakeActor;
    bob.url = `${origin}/accounts/${bob.name}`;
    bob.inbox = `${bob.url}/inbox`;
    const remoteVideo = await seedRemoteVideo({ origin } as FakeRemote, bob);
    remote = { uuid: remoteVideo.uuid, host: 'remote-browse.example', channel: `${bob.name}_channel`, account: bob.name };
    listed = [];
    for (let i = 0; i < 25; i++) listed.push(await seedLocalVideo(owner, {}, `browse-${i}`));
    unlisted = await seedLocalVideo(owner, { privacy: 2 }, 'browse-unlisted');
    privateOne = await seedLocalVideo(owner, { privacy: 3 }, 'browse-private');
    // A write through the API after the seeding: the edge cache starts a new generation.
    const renamed = await api(`/api/v1/video-channels/${owner.channelName}`, {
      method: 'PUT',
      token: owner.token,
      json: { displayName: `Chan ${XSS('channel')}`, description: `A **channel**.\n\n${XSS('channel-description')}`, support: 'Tip **me**' },
    });
    expect(renamed.status).toBe(204);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string, options: { javaScript?: boolean; locale?: string } = {}) {
    const context =
      options.javaScript === false
        ? await browser.newContext({ javaScriptEnabled: false, locale: options.locale ?? 'en-US', viewport: { width: 1200, height: 800 } })
        : await newContext(browser, options.locale);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(instanceUrl(path));
    return { page, status: res?.status() };
  }

  const watchLinks = async (page: Page) => page.locator('.videos a.thumb').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const shortOf = (uuid: string) => `/w/${uuidToShort(uuid)}`;

  it('the home page has its tabs, pages through links without JavaScript, and lists no unlisted or private video', async () => {
    const { page, status } = await open('/', { javaScript: false });
    expect(status).toBe(200);
    expect(await page.locator('.tabs a').allTextContents()).toEqual(['Recently added', 'Trending', 'Local videos', 'From followed instances']);
    expect(await page.getAttribute('.tabs a[aria-current="page"]', 'href')).toBe('/videos/recently-added');
    const first = await watchLinks(page);
    expect(first).toHaveLength(24);
    // Newest first.
    expect(first.slice(0, 3)).toEqual([listed[24], listed[23], listed[22]].map((v) => shortOf(v.uuid)));
    expect(await page.getAttribute('link[rel="alternate"][type="application/rss+xml"]', 'href')).toBe(instanceUrl('/feeds/videos.xml?sort=-publishedAt'));
    await Promise.all([page.waitForURL((u) => u.searchParams.get('page') === '2'), page.click('.pager a[rel="next"]')]);
    const second = await watchLinks(page);
    expect(second[0]).toBe(shortOf(listed[0].uuid));
    expect(await page.locator('.pager a[rel="prev"]').count()).toBe(1);
    await screenshot(page, 'home-page-2');

    for (const path of ['/', '/videos/recently-added', '/videos/trending', '/videos/local', '/videos/followed-instances']) {
      for (const p of ['', '?page=2']) {
        const html = await (await fetch(instanceUrl(`${path}${p}`), { headers: { accept: 'text/html' } })).text();
        expect(html, path).not.toContain(uuidToShort(unlisted.uuid));
        expect(html, path).not.toContain(uuidToShort(privateOne.uuid));
        expect(html, path).not.toContain(unlisted.name);
        expect(html, path).not.toContain(privateOne.name);
      }
    }
  });

  it('trending puts the most viewed first; local and followed instances split the videos by origin', async () => {
    const trending = await open('/videos/trending');
    expect((await watchLinks(trending.page))[0]).toBe(shortOf(popular.uuid));
    expect(await trending.page.getAttribute('.tabs a[aria-current="page"]', 'href')).toBe('/videos/trending');
    await screenshot(trending.page, 'home-trending');

    const local = await open('/videos/local');
    const localLinks = await watchLinks(local.page);
    expect(localLinks).toContain(shortOf(listed[24].uuid));
    expect(localLinks).not.toContain(shortOf(remote.uuid));
    expect(await local.page.getAttribute('link[type="application/rss+xml"]', 'href')).toBe(instanceUrl('/feeds/videos.xml?sort=-publishedAt&isLocal=true'));

    const followed = await open('/videos/followed-instances');
    const followedLinks = await watchLinks(followed.page);
    expect(followedLinks).toContain(shortOf(remote.uuid));
    expect(followedLinks).not.toContain(shortOf(listed[24].uuid));
    expect(await followed.page.locator(`.videos a.channel[href="/c/${remote.channel}@${remote.host}"]`).count()).toBeGreaterThan(0);
  });

  it('the channel page shows the banner, avatar, Markdown description and its videos with paging; no injected script runs', async () => {
    const { page, status } = await open(`/c/${owner.channelName}`);
    expect(status).toBe(200);
    await expect(page.locator('.actor h1').textContent()).resolves.toContain(`<script>window.__xss='channel'</script>`);
    expect(await page.locator('.actor .banner').count()).toBe(1);
    expect(await page.locator('.actor .avatar').count()).toBe(1);
    expect(await page.locator('.handle').textContent()).toContain(`@${owner.channelName}@${new URL(instanceUrl()).host}`);
    expect(await page.locator('.description strong').textContent()).toBe('channel');
    await expect(page.locator('.description').textContent()).resolves.toContain("<script>window.__xss='channel-description'</script>");
    expect(await page.locator('h2').first().textContent()).toContain('26 videos');
    expect(await watchLinks(page)).toHaveLength(24);
    expect(await page.getAttribute('link[type="application/rss+xml"]', 'href')).toBe(instanceUrl(`/feeds/videos.xml?videoChannelId=${owner.channelId}`));
    expect(await page.getAttribute('.actor a[href^="/a/"]', 'href')).toBe(`/a/${owner.username}`);
    // Signed out, the subscribe button is a link to sign in.
    expect(await page.getAttribute('.actor a.button', 'href')).toBe(`/login?next=${encodeURIComponent(`/c/${owner.channelName}`)}`);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(page, 'channel');

    const second = await open(`/c/${owner.channelName}/videos?page=2`, { javaScript: false });
    expect(await watchLinks(second.page)).toHaveLength(2);
    const html = await second.page.content();
    expect(html).not.toContain(uuidToShort(unlisted.uuid));
    expect(html).not.toContain(uuidToShort(privateOne.uuid));
  });

  it('the watch page links to the channel page', async () => {
    const { page } = await open(shortOf(listed[0].uuid));
    await Promise.all([page.waitForURL((u) => u.pathname === `/c/${owner.channelName}`), page.click('.byline a.channel')]);
  });

  it('the account page shows its channels and videos; the ActivityPub URL in a browser leads to it', async () => {
    const { page, status } = await open(`/accounts/${owner.username}`);
    expect(status).toBe(200);
    expect(new URL(page.url()).pathname).toBe(`/a/${owner.username}`);
    expect(await page.locator('.channels a').getAttribute('href')).toBe(`/c/${owner.channelName}`);
    await expect(page.locator('.channels a').textContent()).resolves.toContain('<script>');
    expect(await watchLinks(page)).toHaveLength(24);
    expect(await page.getAttribute('link[type="application/atom+xml"]', 'href')).toBe(instanceUrl(`/feeds/videos.atom?accountId=${owner.accountId}`));
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(page, 'account');
    const channel = await open(`/video-channels/${owner.channelName}`);
    expect(new URL(channel.page.url()).pathname).toBe(`/c/${owner.channelName}`);
  });

  it('remote channels and accounts known here have their pages at name@host', async () => {
    const { page, status } = await open(`/c/${remote.channel}@${remote.host}`, { locale: 'fr-FR' });
    expect(status).toBe(200);
    expect(await page.locator('.handle').textContent()).toContain(`@${remote.channel}@${remote.host}`);
    expect(await page.locator('.note').textContent()).toContain(remote.host);
    expect(await watchLinks(page)).toEqual([shortOf(remote.uuid)]);
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    const account = await open(`/a/${remote.account}@${remote.host}`);
    expect(account.status).toBe(200);
    expect(await account.page.locator('.channels a').getAttribute('href')).toBe(`/c/${remote.channel}@${remote.host}`);
    expect((await open(`/c/nobody_${Date.now()}`)).status).toBe(404);
    expect((await open(`/a/nobody_${Date.now()}@${remote.host}`)).status).toBe(404);
  });

  it('works from the keyboard, on a narrow screen, and in French', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(instanceUrl('/'));
    expect(await page.locator('.tabs a').first().textContent()).toBe('Ajouts récents');
    // Nothing wider than the screen: no sideways scrolling.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'home-mobile-fr');
    let focused = '';
    for (let i = 0; i < 20 && focused !== '/videos/trending'; i++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate<string>("document.activeElement?.getAttribute('href') ?? ''");
    }
    expect(focused).toBe('/videos/trending');
    await Promise.all([page.waitForURL((u) => u.pathname === '/videos/trending'), page.keyboard.press('Enter')]);
    await page.goto(instanceUrl(`/c/${owner.channelName}`));
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'channel-mobile-fr');
    await context.close();
    const home = await open('/');
    await screenshot(home.page, 'home');
    // These pages ship no JavaScript at all (issue 12's budget is 150 KB gzip a page).
    for (const path of ['/', '/videos/trending', `/c/${owner.channelName}`, `/a/${owner.username}`, '/search?search=browse']) {
      const html = await (await fetch(instanceUrl(path), { headers: { accept: 'text/html' } })).text();
      expect(html, path).not.toContain('<script');
    }
  });

  it('no dialog opened on any page', () => {
    expect(dialogs).toEqual([]);
  });
});
