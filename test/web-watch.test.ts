import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { generateClip } from './helpers/clips';
import { legacyUpload, newUploader, waitForTorrent, type Uploader } from './helpers/video-uploads';
import { seedLocalVideo } from './helpers/seed-videos';
import { newContext, screenshot, signUpThroughPage } from './helpers/pages';

/** Every payload sets window.__xss if it ever runs; pages must show them as text. */
const XSS = (where: string) => `<script>window.__xss='${where}'</script><img src=x onerror="window.__xss='${where}-img'">`;

async function assertNoScriptRan(page: Page) {
  expect(await page.evaluate('window.__xss')).toBeUndefined();
}

describe('the watch page, the embed and oEmbed in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let owner: Uploader;
  let video: any;
  let unlisted: { id: number; uuid: string; name: string };
  let sensitive: { uuid: string };
  const dialogs: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-watch-'));
    owner = await newUploader();
    const renamed = await api(`/api/v1/video-channels/${owner.channelName}`, {
      method: 'PUT',
      token: owner.token,
      json: { displayName: `Chan ${XSS('channel')}` },
    });
    expect(renamed.status).toBe(204);
    const clip = await generateClip(join(dir, 'clip.mp4'), { seconds: 6 });
    const upload = await legacyUpload(
      owner.token,
      {
        channelId: String(owner.channelId),
        name: `Watch me ${XSS('title')}`,
        privacy: '1',
        category: '15',
        licence: '1',
        language: 'fr',
        description: `Some **bold** words.\n\n${XSS('description')}\n\n[a link](javascript:window.__xss='link')`,
        support: 'Please **support** me',
        tags: ['edge', 'tube'],
      },
      { bytes: await readFile(clip), name: 'clip.mp4', type: 'video/mp4' },
    );
    expect(upload.status).toBe(200);
    video = await waitForTorrent(upload.data.video.uuid, owner.token);
    const comment = await api(`/api/v1/videos/${video.uuid}/comment-threads`, {
      method: 'POST',
      token: owner.token,
      json: { text: `First ${XSS('comment')}` },
    });
    expect(comment.status).toBe(200);
    unlisted = await seedLocalVideo(owner, { privacy: 2 }, 'unlisted');
    sensitive = await seedLocalVideo(owner, { nsfw: true }, 'sensitive');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(path: string, page: Page) {
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(instanceUrl(path));
    expect(res?.status()).toBe(200);
    return res!;
  }

  it('shows the details: Markdown description, tags, category, licence, language, Support, channel; no injected script runs', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(`/w/${video.shortUUID}`, page);
    await expect(page.locator('h1').textContent()).resolves.toContain(`<script>window.__xss='title'</script>`);
    expect(await page.locator('.description strong').textContent()).toBe('bold');
    expect(await page.locator('.description a').count()).toBe(0);
    const facts = await page.locator('.facts').textContent();
    expect(facts).toContain('Science & Technology');
    expect(facts).toContain('Attribution');
    expect(facts).toContain('French');
    expect(await page.locator('.tags li').allTextContents()).toEqual(['edge', 'tube']);
    await page.click('details.support summary');
    expect(await page.locator('details.support strong').textContent()).toBe('support');
    await expect(page.locator('.byline .channel').textContent()).resolves.toContain('<img src=x');
    await expect(page.locator('.comment .markdown').first().textContent()).resolves.toContain("<script>window.__xss='comment'</script>");
    await page.click('details.share summary');
    const embedCode = await page.inputValue('#share-embed');
    expect(embedCode).toContain(`src="${instanceUrl(`/videos/embed/${video.uuid}`)}"`);
    expect(embedCode).toContain('&lt;script&gt;');
    await assertNoScriptRan(page);
    expect(dialogs).toEqual([]);
    await screenshot(page, 'watch');
  });

  it('has OpenGraph and Twitter player cards, and an oEmbed alternate shaped as PeerTube’s', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(`/w/${video.shortUUID}`, page);
    const meta = (sel: string) => page.getAttribute(sel, 'content');
    expect(await meta('meta[property="og:type"]')).toBe('video.other');
    expect(await meta('meta[property="og:video:url"]')).toBe(instanceUrl(`/videos/embed/${video.uuid}`));
    expect(await meta('meta[name="twitter:card"]')).toBe('player');
    expect(await meta('meta[name="twitter:player"]')).toBe(instanceUrl(`/videos/embed/${video.uuid}`));
    const href = (await page.getAttribute('link[type="application/json+oembed"]', 'href'))!;
    const oembed = (await (await fetch(href)).json()) as any;
    expect(oembed).toMatchObject({
      type: 'video',
      version: '1.0',
      width: 560,
      height: 315,
      title: video.name,
      author_name: owner.channelName,
      provider_name: 'PeerTube',
      provider_url: instanceUrl(),
      thumbnail_url: instanceUrl(video.previewPath),
      thumbnail_width: 850,
      thumbnail_height: 480,
    });
    expect(oembed.html).toContain(`src="${instanceUrl(`/videos/embed/${video.uuid}`)}"`);
    const withStart = await api(`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${video.shortUUID}?start=3&foo=1`))}&maxwidth=300`);
    expect(withStart.data.html).toContain(`/videos/embed/${video.uuid}?start=3"`);
    expect(withStart.data.width).toBe(300);
    expect(withStart.data.thumbnail_url).toBeUndefined();
    expect((await api(`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${video.shortUUID}`))}&format=xml`)).status).toBe(501);
    expect((await api(`/services/oembed?url=${encodeURIComponent('https://elsewhere.example/w/abc')}`)).status).toBe(400);
    expect((await api(`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${unlisted.id}`))}`)).status).toBe(403);
    expect((await api(`/services/oembed?url=${encodeURIComponent(instanceUrl(`/w/${unlisted.uuid}`))}`)).status).toBe(200);
  });

  it('plays on the watch page', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(`/w/${video.shortUUID}`, page);
    // The player attaches its source once the P2P loader's chunk is in: a play() before that is cut
    // short by the load that follows ("interrupted by a new load request").
    await page.waitForFunction(`document.getElementById('player').readyState >= 1`, undefined, { timeout: 30_000 });
    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    await page.waitForFunction(`document.getElementById('player').currentTime > 2`, undefined, { timeout: 30_000 });
  });

  it('signed in: posts a comment and a reply through the forms, and likes', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('viewer'), 'viewer-password');
    await open(`/w/${video.shortUUID}`, page);
    await page.fill('#comment-new', `Nice one ${XSS('my-comment')}`);
    await Promise.all([page.waitForNavigation(), page.click('form.comment-form:not(:has(input[name=inReplyToCommentId])) button')]);
    const mine = page.locator('.comment', { hasText: 'Nice one' }).first();
    const id = (await mine.getAttribute('id'))!.slice(2);
    await mine.locator('details.reply summary').first().click();
    await page.fill(`#reply-${id}`, 'And a reply');
    await Promise.all([page.waitForNavigation(), page.click(`#c-${id} details.reply button`)]);
    await expect(page.locator(`#c-${id} .replies .comment`).textContent()).resolves.toContain('And a reply');

    await Promise.all([page.waitForNavigation(), page.click('button.like')]);
    expect(await page.getAttribute('button.like', 'aria-pressed')).toBe('true');
    await expect(page.locator('button.like .likes').textContent()).resolves.toBe('1');
    await assertNoScriptRan(page);
    await screenshot(page, 'watch-signed-in');

    const details = await api(`/api/v1/videos/${video.uuid}`);
    expect(details.data.likes).toBe(1);
    const thread = await api(`/api/v1/videos/${video.uuid}/comment-threads/${id}`);
    expect(thread.data.children[0].comment.text).toBe('And a reply');
    await context.close();
  });

  it('plays in an iframe with PeerTube’s embed parameters', async () => {
    const page = await (await newContext(browser)).newPage();
    await page.setContent(
      `<iframe id="f" width="560" height="315" src="${instanceUrl(`/videos/embed/${video.uuid}?autoplay=1&muted=1&start=1&title=0`)}" allowfullscreen></iframe>`,
    );
    const frame = await (await page.waitForSelector('#f')).contentFrame();
    await frame!.waitForSelector('#player');
    await frame!.waitForFunction(`document.getElementById('player').currentTime > 2`, undefined, { timeout: 30_000 });
    expect(await frame!.evaluate(`document.getElementById('player').muted`)).toBe(true);
    expect(await frame!.locator('.embed-title').count()).toBe(0);
    await page.goto(instanceUrl(`/videos/embed/${video.uuid}`));
    await expect(page.locator('.embed-title').textContent()).resolves.toContain('Watch me');
    await assertNoScriptRan(page);
    await screenshot(page, 'embed');
  });

  it('hides a sensitive video behind a warning for anonymous visitors (the instance policy)', async () => {
    const page = await (await newContext(browser)).newPage();
    await open(`/w/${sensitive.uuid}`, page);
    expect(await page.locator('details.nsfw').count()).toBe(1);
    expect(await page.locator('details.nsfw').getAttribute('open')).toBeNull();
    await screenshot(page, 'watch-nsfw');
  });

  it('leaves an unlisted video off the home page, and marks its page noindex', async () => {
    const page = await (await newContext(browser)).newPage();
    await open('/', page);
    expect(await page.content()).not.toContain(unlisted.name);
    await open(`/w/${unlisted.uuid}`, page);
    expect(await page.getAttribute('meta[name=robots]', 'content')).toBe('noindex');
  });
});
