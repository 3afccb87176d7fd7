/**
 * Playlists in Chromium: a playlist's page (player on the current element, previous and next, the
 * elements in order) under PeerTube's privacy rules, a channel's playlists tab, and my playlists
 * (create, edit, delete through the pages' forms).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { seedLocalVideo, seedWithMedia } from './helpers/seed-videos';
import { newUploader, PASSWORD, type Uploader } from './helpers/video-uploads';
import { pageSessionCookie } from './helpers/page-session';
import { newContext, screenshot, signUpThroughPage } from './helpers/pages';
import { uuidToShort } from '../worker/services/short-uuid';
import { PLAYLIST_PAGE_ELEMENTS } from '../worker/services/playlist-page-reads';

type Created = { id: number; uuid: string; shortUUID: string };

async function createPlaylist(owner: Uploader, json: Record<string, unknown>): Promise<Created> {
  const res = await api('/api/v1/video-playlists', { method: 'POST', token: owner.token, json });
  expect(res.status).toBe(200);
  return res.data.videoPlaylist;
}

async function addVideo(owner: Uploader, playlist: Created, videoId: string) {
  const res = await api(`/api/v1/video-playlists/${playlist.id}/videos`, { method: 'POST', token: owner.token, json: { videoId } });
  expect(res.status).toBe(200);
}

const html = (path: string, headers: Record<string, string> = {}) => fetch(instanceUrl(path), { headers: { accept: 'text/html', ...headers } });

describe('playlist pages in Chromium', () => {
  let browser: Browser;
  let alice: Uploader;
  let bob: Uploader;
  let videos: { uuid: string; name: string }[];
  let pub: Created;
  let unlisted: Created;
  let priv: Created;

  beforeAll(async () => {
    alice = await newUploader();
    bob = await newUploader();
    const first = await seedWithMedia(alice, 1);
    const { name } = (await api(`/api/v1/videos/${first.uuid}`)).data;
    videos = [{ uuid: first.uuid, name }, await seedLocalVideo(alice, {}, 'playlist-second'), await seedLocalVideo(alice, { privacy: 3 }, 'playlist-private')];
    pub = await createPlaylist(alice, { displayName: 'Road <b>trip</b>', privacy: 1, videoChannelId: alice.channelId, description: 'Songs for the **road**.' });
    for (const v of videos) await addVideo(alice, pub, v.uuid);
    unlisted = await createPlaylist(alice, { displayName: 'Unlisted picks', privacy: 2, videoChannelId: alice.channelId });
    await addVideo(alice, unlisted, videos[1].uuid);
    priv = await createPlaylist(alice, { displayName: 'Secret picks', privacy: 3 });
    await addVideo(alice, priv, videos[1].uuid);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(path: string): Promise<{ page: Page; status?: number }> {
    const page = await (await newContext(browser)).newPage();
    const res = await page.goto(instanceUrl(path));
    return { page, status: res?.status() };
  }

  it("shows a public playlist's videos in order, plays the current one and steps through them", async () => {
    const { page, status } = await open(`/w/p/${pub.shortUUID}`);
    expect(status).toBe(200);
    await expect(page.locator('h1').textContent()).resolves.toBe('Road <b>trip</b>');
    await expect(page.locator('.description strong').textContent()).resolves.toBe('road');
    await expect(page.locator('.byline').textContent()).resolves.toContain(alice.username);
    const items = page.locator('.playlist-elements li');
    expect(await items.count()).toBe(3);
    // The owner's private video is named to nobody else.
    expect(await page.locator('.playlist-elements .name').allTextContents()).toEqual([videos[0].name, videos[1].name, 'Private video']);
    expect(await page.locator('.playlist-elements img').count()).toBe(2);
    await expect(page.locator('.playlist-elements li.current .position').textContent()).resolves.toBe('1');
    expect(await page.locator('video#player').count()).toBe(1);
    await expect(page.locator('.current-video').textContent()).resolves.toBe(videos[0].name);
    expect(await page.locator('a[rel=prev]').count()).toBe(0);
    await screenshot(page, 'playlist-page');

    await Promise.all([page.waitForURL(/playlistPosition=2/), page.click('a[rel=next]')]);
    await expect(page.locator('.current-video').textContent()).resolves.toBe(videos[1].name);
    await expect(page.locator('.playlist-elements li.current .position').textContent()).resolves.toBe('2');
    expect(await page.getAttribute('a[rel=prev]', 'href')).toBe(`/w/p/${pub.shortUUID}`);
    expect(await page.getAttribute('a[rel=next]', 'href')).toBe(`/w/p/${pub.shortUUID}?playlistPosition=3`);

    // The third is private: no player, and the page is never kept by the edge cache.
    const third = await html(`/w/p/${pub.shortUUID}?playlistPosition=3`);
    const body = await third.text();
    expect(third.status).toBe(200);
    expect(body).not.toContain('id="player"');
    expect(body).not.toContain(videos[2].name);

    // In French.
    const fr = await (await newContext(browser, 'fr-FR')).newPage();
    await fr.goto(instanceUrl(`/w/p/${pub.shortUUID}?playlistPosition=2`));
    await expect(fr.locator('.playlist-steps span').textContent()).resolves.toBe('Vidéo 2 sur 3');
    await expect(fr.locator('.playlist-elements li:last-child .name').textContent()).resolves.toBe('Vidéo privée');
    await expect(fr.locator('.byline').textContent()).resolves.toContain('Publique');
    await fr.context().close();

    // PeerTube's other path, and the edge cache for the public page.
    expect((await html(`/videos/watch/playlist/${pub.uuid}`)).status).toBe(200);
    const path = `/w/p/${pub.shortUUID}?nonce=${Date.now()}`;
    await (await html(path)).text();
    expect((await html(path)).headers.get('x-edge-cache')).toBe('HIT');
  });

  it('lists a long playlist by pages that keep the current video, and from the edge cache', async () => {
    const carol = await newUploader();
    const many = [];
    for (let i = 1; i <= PLAYLIST_PAGE_ELEMENTS + 1; i++) many.push(await seedLocalVideo(carol, {}, `paged-${i}`));
    const long = await createPlaylist(carol, { displayName: 'Long list', privacy: 1, videoChannelId: carol.channelId });
    for (const v of many) await addVideo(carol, long, v.uuid);
    const listPager = 'nav.pager:not(.playlist-steps)';
    const positions = (page: Page) => page.locator('.playlist-elements .position').allTextContents();

    const { page } = await open(`/w/p/${long.shortUUID}`);
    expect(await positions(page)).toEqual(many.slice(0, PLAYLIST_PAGE_ELEMENTS).map((_, i) => String(i + 1)));
    await expect(page.locator('.playlist-elements li.current .position').textContent()).resolves.toBe('1');
    expect(await page.locator(`${listPager} a[rel=prev]`).count()).toBe(0);
    // The next page's elements through its link; the player stays on the first.
    await Promise.all([page.waitForURL(/[?&]page=2$/), page.click(`${listPager} a[rel=next]`)]);
    expect(await positions(page)).toEqual([String(PLAYLIST_PAGE_ELEMENTS + 1)]);
    await expect(page.locator('.playlist-elements .name').textContent()).resolves.toBe(many[PLAYLIST_PAGE_ELEMENTS].name);
    await expect(page.locator('.current-video').textContent()).resolves.toBe(many[0].name);
    expect(await page.locator('.playlist-elements li.current').count()).toBe(0);

    // The last element opens on its own page, highlighted; the list's first page keeps it playing.
    await Promise.all([page.waitForURL(/playlistPosition=/), page.click('.playlist-elements a[href*="playlistPosition"]')]);
    const last = PLAYLIST_PAGE_ELEMENTS + 1;
    expect(page.url()).toBe(instanceUrl(`/w/p/${long.shortUUID}?playlistPosition=${last}`));
    await expect(page.locator('.playlist-elements li.current .position').textContent()).resolves.toBe(String(last));
    await expect(page.locator('.current-video').textContent()).resolves.toBe(many[last - 1].name);
    expect(await page.getAttribute(`${listPager} a[rel=prev]`, 'href')).toBe(`/w/p/${long.shortUUID}?playlistPosition=${last}&page=1`);
    await Promise.all([page.waitForURL(/page=1$/), page.click(`${listPager} a[rel=prev]`)]);
    expect(await positions(page)).toHaveLength(PLAYLIST_PAGE_ELEMENTS);
    await expect(page.locator('.current-video').textContent()).resolves.toBe(many[last - 1].name);
    await page.context().close();

    const path = `/w/p/${long.shortUUID}?page=2&nonce=${Date.now()}`;
    await (await html(path)).text();
    const cached = await html(path);
    expect(cached.headers.get('x-edge-cache')).toBe('HIT');
    expect(await cached.text()).toContain(many[PLAYLIST_PAGE_ELEMENTS].name);
  });

  it('an unlisted playlist is reachable by its link, never cached; a private one only for its owner', async () => {
    const path = `/w/p/${unlisted.shortUUID}?nonce=${Date.now()}`;
    for (let i = 0; i < 2; i++) {
      const res = await html(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('Unlisted picks');
      expect(res.headers.get('x-edge-cache')).not.toBe('HIT');
    }
    // By its numeric id, an unlisted playlist is not found (PeerTube's rule).
    expect((await html(`/w/p/${unlisted.id}`)).status).toBe(404);

    const anonymous = await html(`/w/p/${priv.shortUUID}`);
    expect([403, 404]).toContain(anonymous.status);
    expect(await anonymous.text()).not.toContain('Secret picks');
    const bobCookie = await pageSessionCookie(instanceUrl(''), bob.username, PASSWORD);
    const other = await html(`/w/p/${priv.shortUUID}`, { cookie: bobCookie });
    expect([403, 404]).toContain(other.status);
    expect(await other.text()).not.toContain('Secret picks');
    const aliceCookie = await pageSessionCookie(instanceUrl(''), alice.username, PASSWORD);
    const own = await html(`/w/p/${priv.shortUUID}`, { cookie: aliceCookie });
    expect(own.status).toBe(200);
    expect(await own.text()).toContain('Secret picks');
    expect((await html(`/w/p/${uuidToShort('00000000-0000-4000-8000-000000000000')}`)).status).toBe(404);
  });

  it("a channel's playlists tab lists its public playlists only, linked from the channel page", async () => {
    const { page } = await open(`/c/${alice.channelName}`);
    await Promise.all([page.waitForURL(/\/video-playlists$/), page.click(`.tabs a[href="/c/${alice.channelName}/video-playlists"]`)]);
    expect(await page.getAttribute('.tabs a[aria-current="page"]', 'href')).toBe(`/c/${alice.channelName}/video-playlists`);
    const links = await page.locator('.playlists a.thumb').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([`/w/p/${pub.shortUUID}`]);
    const text = await page.locator('main').textContent();
    expect(text).not.toContain('Unlisted picks');
    expect(text).not.toContain('Secret picks');
    await screenshot(page, 'channel-playlists');
    expect((await html(`/c/nobody_${Date.now()}/video-playlists`)).status).toBe(404);
  });

  it('my playlists: Watch later, create, edit and delete through the forms, with CSRF', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const username = uniqueName('pl');
    await signUpThroughPage(page, username, 'a-good-password');
    await page.goto(instanceUrl('/my/library/video-playlists'));
    expect(await page.locator('table.list tbody tr').allTextContents()).toEqual([expect.stringContaining('Watch later')]);

    await page.click('a[href="/my/library/video-playlists/new"]');
    await page.fill('#f-displayName', 'Public without channel');
    await page.selectOption('#f-privacy', '1');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('form[action="/my/library/video-playlists/new"] button[type=submit]')]);
    expect(refused?.status()).toBe(400);
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('not assigned to a channel');

    const channelId = await page.locator('#f-videoChannelId option').nth(1).getAttribute('value');
    await page.fill('#f-displayName', 'Evening <i>films</i>');
    await page.selectOption('#f-videoChannelId', channelId!);
    await page.fill('#f-description', 'For the evening.');
    await Promise.all([page.waitForNavigation(), page.click('form[action="/my/library/video-playlists/new"] button[type=submit]')]);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Playlist created.');
    const mine = (await api(`/api/v1/accounts/${username}/video-playlists`)).data.data;
    expect(mine.map((p: { displayName: string }) => p.displayName)).toEqual(['Evening <i>films</i>']);
    const shortUUID = mine[0].shortUUID as string;
    await screenshot(page, 'my-playlists');

    // A form posted without its CSRF token is refused.
    const forged = await page.evaluate(
      `(async () => (await fetch('/my/library/video-playlists/${shortUUID}/delete', { method: 'POST', body: new URLSearchParams({}) })).status)()`,
    );
    expect(forged).toBe(403);

    await page.click(`a[href="/my/library/video-playlists/${shortUUID}/edit"]`);
    await expect(page.inputValue('#f-displayName')).resolves.toBe('Evening <i>films</i>');
    await page.fill('#f-displayName', 'Late films');
    await page.selectOption('#f-privacy', '2');
    await Promise.all([page.waitForNavigation(), page.click(`form[action="/my/library/video-playlists/${shortUUID}/edit"] button[type=submit]`)]);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Playlist saved.');
    const edited = (await api(`/api/v1/video-playlists/${mine[0].uuid}`)).data;
    expect([edited.displayName, edited.privacy.id, edited.description]).toEqual(['Late films', 2, 'For the evening.']);

    // Someone else's playlist is not editable here.
    expect((await page.goto(instanceUrl(`/my/library/video-playlists/${pub.shortUUID}/edit`)))?.status()).toBe(403);

    await page.goto(instanceUrl(`/my/library/video-playlists/${shortUUID}/edit`));
    await Promise.all([page.waitForNavigation(), page.click(`form[action="/my/library/video-playlists/${shortUUID}/delete"] button[type=submit]`)]);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Playlist deleted.');
    expect((await api(`/api/v1/video-playlists/${mine[0].uuid}`)).status).toBe(404);
    await context.close();
  });

  it('saves a video to a playlist from the watch page, Watch later included', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const username = uniqueName('sv');
    await signUpThroughPage(page, username, 'a-good-password');
    const short = uuidToShort(videos[1].uuid);
    await page.goto(instanceUrl(`/w/${short}`));
    await Promise.all([page.waitForURL(/\/save$/), page.click('a.save-to-playlist')]);
    expect(await page.locator('ul.save-to-playlist li > a').allTextContents()).toEqual(['Watch later']);
    await Promise.all([page.waitForNavigation(), page.click('ul.save-to-playlist button[type=submit]')]);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Added to Watch later.');
    await expect(page.locator('ul.save-to-playlist li .meta').textContent()).resolves.toBe('Already in this playlist');
    // Its owner's private playlist page plays it.
    await Promise.all([page.waitForURL(/\/w\/p\//), page.click('ul.save-to-playlist li > a')]);
    await expect(page.locator('h1').textContent()).resolves.toBe('Watch later');
    await expect(page.locator('.current-video').textContent()).resolves.toBe(videos[1].name);
    const token = (await context.cookies()).find((c) => c.name === 'et_session')!.value.split('.')[0];
    const exist = await api(`/api/v1/users/me/video-playlists/videos-exist?videoIds=${(await api(`/api/v1/videos/${videos[1].uuid}`)).data.id}`, { token });
    expect(Object.values(exist.data).flat()).toHaveLength(1);

    // Anonymous visitors get no link and are sent to sign in; someone else's private video has no form.
    const anonymous = await html(`/w/${short}`);
    expect(await anonymous.text()).not.toContain('save-to-playlist');
    expect((await fetch(instanceUrl(`/w/${short}/save`), { redirect: 'manual' })).status).toBe(303);
    expect((await page.goto(instanceUrl(`/w/${uuidToShort(videos[2].uuid)}/save`)))?.status()).toBe(404);
    // Another's playlist cannot be the target, even with a valid CSRF token.
    const posted = await page.evaluate(`(async () => {
      const csrf = document.querySelector('meta[name=csrf-token]').content;
      return (await fetch('/w/${short}/save', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, playlistId: '${pub.id}' }) })).status;
    })()`);
    expect(posted).toBe(403);
    await context.close();
  });
});
