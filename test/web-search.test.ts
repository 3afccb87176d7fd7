/**
 * The search page and the subscriptions pages in Chromium: local search, tags, channel handles
 * and URLs under PeerTube's remote-search rule; subscribing from a channel page with a plain form;
 * and no unlisted or private video on any public list or feed.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { seedLocalVideo, seedRemoteVideo } from './helpers/seed-videos';
import { newUploader, type Uploader } from './helpers/video-uploads';
import { newContext, screenshot, signUpThroughPage } from './helpers/pages';
import { testDb } from './helpers/internal';
import type { FakeActor, FakeRemote } from './helpers/fake-remote-instance';
import * as schema from '../worker/db/schema';
import { uuidToShort } from '../worker/services/short-uuid';

const XSS = (where: string) => `<script>window.__xss='${where}'</script><img src=x onerror="window.__xss='${where}-img'">`;

describe('search and subscriptions in Chromium', () => {
  let browser: Browser;
  let creator: Uploader;
  const word = `zebracorn${Date.now().toString(36)}`;
  const tag = `tag${Date.now().toString(36)}`;
  type Seeded = Awaited<ReturnType<typeof seedLocalVideo>>;
  let shown: Seeded;
  let tagged: Seeded;
  let hidden: Seeded[];
  let remote: { channel: string; host: string };
  const dialogs: string[] = [];

  beforeAll(async () => {
    creator = await newUploader();
    shown = await seedLocalVideo(creator, { description: `About ${XSS('search-description')}` }, `${word} public`);
    tagged = await seedLocalVideo(creator, {}, 'tagged');
    const { db, close } = testDb();
    try {
      await db.insert(schema.videoTags).values({ videoId: tagged.id, name: tag });
    } finally {
      close();
    }
    hidden = [await seedLocalVideo(creator, { privacy: 2 }, `${word} unlisted`), await seedLocalVideo(creator, { privacy: 3 }, `${word} private`)];
    const { db: db2, close: close2 } = testDb();
    try {
      for (const v of hidden) await db2.insert(schema.videoTags).values({ videoId: v.id, name: tag });
    } finally {
      close2();
    }
    const origin = 'https://remote-search.example';
    const carol = { name: `carol${Date.now().toString(36)}`, url: '', inbox: '', publicKeyPem: 'unused' } as unknown as FakeActor;
    carol.url = `${origin}/accounts/${carol.name}`;
    carol.inbox = `${carol.url}/inbox`;
    await seedRemoteVideo({ origin } as FakeRemote, carol);
    remote = { channel: `${carol.name}_channel`, host: 'remote-search.example' };
    // An API write after the seeding starts a new edge cache generation.
    const renamed = await api(`/api/v1/video-channels/${creator.channelName}`, {
      method: 'PUT',
      token: creator.token,
      json: { displayName: `${word} ${XSS('search-channel')}` },
    });
    expect(renamed.status).toBe(204);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function newPage(javaScript = true) {
    const context = javaScript ? await newContext(browser) : await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1200, height: 800 } });
    const page = await context.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return page;
  }
  const watchLinks = (page: Page) => page.locator('.videos a.thumb').evaluateAll((as) => as.map((a) => a.getAttribute('href')));

  it('finds videos and channels from the header search box, and shows names as text', async () => {
    const page = await newPage();
    await page.goto(instanceUrl('/'));
    await page.fill('#nav-search', word);
    await Promise.all([page.waitForURL((u) => u.pathname === '/search'), page.press('#nav-search', 'Enter')]);
    expect(await watchLinks(page)).toEqual([`/w/${uuidToShort(shown.uuid)}`]);
    expect(await page.locator('.channels a').getAttribute('href')).toBe(`/c/${creator.channelName}`);
    await expect(page.locator('.channels a').textContent()).resolves.toContain("<script>window.__xss='search-channel'</script>");
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(page, 'search');
  });

  it('lists the videos of a tag (the watch page’s tag links), without JavaScript', async () => {
    const page = await newPage(false);
    const res = await page.goto(instanceUrl(`/search?tagsOneOf=${tag}`));
    expect(res?.status()).toBe(200);
    expect(await watchLinks(page)).toEqual([`/w/${uuidToShort(tagged.uuid)}`]);
  });

  it('a known remote handle is found anonymously; an unknown URL asks to sign in first', async () => {
    const page = await newPage();
    await page.goto(instanceUrl(`/search?search=${encodeURIComponent(`@${remote.channel}@${remote.host}`)}`));
    expect(await page.locator('.channels a').getAttribute('href')).toBe(`/c/${remote.channel}@${remote.host}`);
    await page.goto(instanceUrl(`/search?search=${encodeURIComponent('https://unknown-search.example/w/abc')}`));
    expect(await page.locator('.videos').count()).toBe(0);
    expect(await page.locator('a[href^="/login?next="]').count()).toBeGreaterThan(0);
    // A local video's URL is found, as the search API finds it.
    await page.goto(instanceUrl(`/search?search=${encodeURIComponent(instanceUrl(`/w/${uuidToShort(shown.uuid)}`))}`));
    expect(await watchLinks(page)).toEqual([`/w/${uuidToShort(shown.uuid)}`]);
  });

  it('no unlisted or private video on home tabs, search or feeds', async () => {
    const page = await newPage();
    const paths = [
      '/',
      '/videos/recently-added',
      '/videos/trending',
      '/videos/local',
      '/videos/followed-instances',
      `/search?search=${word}`,
      `/search?tagsOneOf=${tag}`,
      `/c/${creator.channelName}`,
      `/a/${creator.username}`,
      '/feeds/videos.xml',
      '/feeds/videos.atom',
      '/feeds/videos.json',
      `/feeds/videos.json?videoChannelId=${creator.channelId}`,
      `/feeds/videos.xml?accountName=${creator.username}`,
    ];
    for (const path of paths) {
      const res = await page.goto(instanceUrl(path));
      expect(res?.status(), path).toBe(200);
      const text = await res!.text();
      for (const v of hidden) {
        expect(text, path).not.toContain(v.name);
        expect(text, path).not.toContain(uuidToShort(v.uuid));
        expect(text, path).not.toContain(v.uuid);
      }
    }
    // Searched for by URL, they are not found (the page repeats the search itself, so only its results count).
    for (const v of hidden) {
      await page.goto(instanceUrl(`/search?search=${encodeURIComponent(instanceUrl(`/w/${uuidToShort(v.uuid)}`))}`));
      expect(await watchLinks(page)).toEqual([]);
      expect(await page.locator('.results').textContent()).not.toContain(v.name);
    }
    expect(await page.evaluate('window.__xss')).toBeUndefined();
  });

  it('subscribes from the channel page with a plain form, lists the videos and channels, and unsubscribes', async () => {
    const page = await newPage();
    const fan = uniqueName('fan');
    await signUpThroughPage(page, fan, 'fan-password-1');
    await page.goto(instanceUrl(`/c/${creator.channelName}`));
    expect(await page.locator('.subscribe button').textContent()).toContain('Subscribe');
    // Refused without the CSRF token.
    await page.evaluate(`document.querySelector('form.subscribe input[name=_csrf]').remove()`);
    const refused = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/subscription')), page.click('.subscribe button')]);
    expect(refused[0].status()).toBe(403);
    await page.goto(instanceUrl(`/c/${creator.channelName}`));
    await Promise.all([page.waitForURL((u) => u.pathname === `/c/${creator.channelName}`), page.click('.subscribe button')]);
    expect(await page.locator('.subscribe button').getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('.subscribe button').textContent()).toContain('Unsubscribe');

    await page.click('nav a[href="/videos/subscriptions"]');
    await page.waitForURL((u) => u.pathname === '/videos/subscriptions');
    expect(await watchLinks(page)).toContain(`/w/${uuidToShort(shown.uuid)}`);
    for (const v of hidden) expect(await watchLinks(page)).not.toContain(`/w/${uuidToShort(v.uuid)}`);
    await screenshot(page, 'subscriptions');
    // The page offers the user's own feed, opened by their feed token.
    const feedUrl = (await page.getAttribute('link[rel="alternate"][type="application/json"]', 'href'))!;
    expect(feedUrl).toMatch(/\/feeds\/subscriptions\.json\?accountId=\d+&token=/);
    const feed = (await (await fetch(feedUrl)).json()) as { items: { title: string }[] };
    expect(feed.items.map((i) => i.title)).toContain(shown.name);
    await page.click('a[href="/my/subscriptions"]');
    await page.waitForURL((u) => u.pathname === '/my/subscriptions');
    expect(await page.locator('.channels a').getAttribute('href')).toBe(`/c/${creator.channelName}`);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    await screenshot(page, 'my-subscriptions');
    await Promise.all([page.waitForURL((u) => u.pathname === '/my/subscriptions'), page.click('.channels button')]);
    expect(await page.locator('.channels').count()).toBe(0);
    await page.goto(instanceUrl('/videos/subscriptions'));
    expect(await watchLinks(page)).toEqual([]);
  });

  it('sends visitors who are not signed in to sign in first', async () => {
    const page = await newPage(false);
    await page.goto(instanceUrl('/videos/subscriptions'));
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/videos/subscriptions');
  });

  it('no dialog opened on any page', () => {
    expect(dialogs).toEqual([]);
  });
});
