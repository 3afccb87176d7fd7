import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { api, login, loginAsRoot, uniqueName } from './helpers/api';
import { newContext, signInThroughPage } from './helpers/pages';
import { publishGeneratedClip } from './helpers/published-video';
import { launchViewer, statsOf, waitForPlayback, waitForStats, watch } from './helpers/p2p-viewer';

/** A media segment's URL (`<rendition>-NNNNN.m4s`), not the init segment nor a playlist. */
const MEDIA_SEGMENT = /-\d{5}\.m4s(\?|$)/;

describe('viewers share HLS segments with each other (p2p-media-loader over /tracker/socket)', () => {
  let video: any;
  const browsers: Browser[] = [];
  const viewer = async () => {
    const b = await launchViewer();
    browsers.push(b);
    return b;
  };

  beforeAll(async () => {
    // 1 s, 3 s, then 4 s segments: 9 segments, enough for some to be ahead of the second viewer.
    ({ video } = await publishGeneratedClip('Watched together', { seconds: 30, width: 320, height: 180 }));
  });
  afterAll(async () => {
    for (const b of browsers) await b.close();
  });

  it('a second viewer receives segment bytes from the first, checked against segments-sha256', async () => {
    const first = await watch(await viewer(), video.shortUUID);
    // The first viewer holds some segments (from the edge: it is alone) before the second arrives.
    await waitForStats(first, 's.httpBytes > 0');
    await waitForPlayback(first, 1);

    const second = await watch(await viewer(), video.shortUUID);
    await waitForStats(second, 's.p2pBytes > 0');
    const stats = (await statsOf(second))!;
    expect(stats.p2pBytes).toBeGreaterThan(0);
    expect(stats.rejectedSegments).toBe(0);
    expect((await statsOf(first))!.uploadedBytes).toBeGreaterThan(0);
    await waitForPlayback(second, 2);
    // The discreet line by the player, from the catalogue.
    expect(await second.textContent('#p2p-stats')).toMatch(/^P2P · peers: \d+ · received from peers: [\d.]+ (B|KB|MB)$/);
    await first.close();
    await second.close();
  });

  it('ignores a peer that serves tampered segments, and plays on over HTTP', async () => {
    // This viewer's media segments reach its loader altered, so what it shares with peers is altered too.
    const tamperer = await watch(await viewer(), video.shortUUID, '', (page) =>
      page.route(MEDIA_SEGMENT, async (route) => {
        const response = await route.fetch();
        const body = Buffer.from(await response.body());
        body[Math.floor(body.length / 2)] ^= 0xff;
        await route.fulfill({ response, body });
      }),
    );
    await waitForStats(tamperer, 's.httpBytes > 0');
    await waitForPlayback(tamperer, 1);

    const honest = await watch(await viewer(), video.shortUUID);
    await waitForStats(honest, 's.rejectedSegments > 0');
    await waitForPlayback(honest, 8);
    const stats = (await statsOf(honest))!;
    expect(stats.p2pBytes).toBe(0);
    expect(stats.httpBytes).toBeGreaterThan(0);
    await tamperer.close();
    await honest.close();
  });

  it('leaves P2P off with ?p2p=0', async () => {
    const page = await watch(await viewer(), video.shortUUID, '&p2p=0');
    await waitForPlayback(page, 1);
    expect(await statsOf(page)).toBeNull();
    expect(await page.$('#p2p-stats')).toBeNull();
    await page.close();
  });

  it('leaves P2P off for a signed-in user whose p2pEnabled is false', async () => {
    const root = await loginAsRoot();
    const username = uniqueName('nop2p');
    const password = 'a-password-for-p2p';
    const created = await api('/api/v1/users', {
      method: 'POST',
      token: root,
      json: { username, password, email: `${username}@example.test`, role: 2, videoQuota: -1, videoQuotaDaily: -1 },
    });
    expect(created.status).toBe(200);
    const token = await login(username, password);
    expect((await api('/api/v1/users/me', { method: 'PUT', token, json: { p2pEnabled: false } })).status).toBe(204);

    const context = await newContext(await viewer());
    const page = await context.newPage();
    await signInThroughPage(page, username, password);
    const res = await page.goto(`${new URL(page.url()).origin}/w/${video.shortUUID}?autoplay=1&muted=1`);
    expect(res?.status()).toBe(200);
    const source = JSON.parse((await page.textContent('#player-source')) ?? '{}');
    expect(source.hls).toBeTruthy();
    expect(source.p2p).toBeNull();
    await waitForPlayback(page, 1);
    expect(await statsOf(page)).toBeNull();
    await context.close();
  });
});
