import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { instanceUrl } from './helpers/api';
import { publishGeneratedClip } from './helpers/published-video';
import { currentTime, launchViewer, PLAY, statsOf, watch } from './helpers/p2p-viewer';

describe('viewers share segments with each other (p2p-media-loader through /tracker/socket)', () => {
  let video: any;
  const browsers: Browser[] = [];

  beforeAll(async () => {
    ({ video } = await publishGeneratedClip('Watched together', { seconds: 24, width: 640, height: 360 }));
  });
  afterAll(async () => { for (const b of browsers) await b.close(); });

  it('a second viewer receives segment bytes from the first, checked against segments-sha256', async () => {
    const [first, second] = [await launchViewer(), await launchViewer()];
    browsers.push(first, second);
    const a = await watch(first, video.shortUUID);
    // The first viewer holds the whole (short) video before the second arrives.
    await a.waitForFunction(`window.edgetubeP2PStats && window.edgetubeP2PStats.httpBytes > 0 && document.getElementById('player').buffered.length > 0 && document.getElementById('player').buffered.end(0) >= document.getElementById('player').duration - 0.5`, undefined, { timeout: 60_000 });

    const b = await watch(second, video.shortUUID);
    await b.waitForFunction('window.edgetubeP2PStats && window.edgetubeP2PStats.p2pBytes > 0', undefined, { timeout: 60_000 });
    const stats = (await statsOf(b))!;
    expect(stats.p2pBytes).toBeGreaterThan(0);
    expect(stats.rejectedSegments).toBe(0);
    await b.waitForFunction(`document.getElementById('player').currentTime > 2`, undefined, { timeout: 30_000 });
    // The discreet line under the player.
    expect(await b.textContent('#p2p-stats')).toMatch(/P2P · \d+ peers? · [\d.]+ (B|KB|MB) from peers/);
    await a.close();
    await b.close();
  });

  it('ignores a peer that serves tampered segments, and plays on over HTTP', async () => {
    const [tamperer, viewer] = [await launchViewer(), await launchViewer()];
    browsers.push(tamperer, viewer);
    const bad = await tamperer.newPage();
    // Every media segment reaches this viewer's loader (and so its peers) altered.
    await bad.route(/-\d{5}\.m4s(\?|$)/, async (route) => {
      const response = await route.fetch();
      const body = Buffer.from(await response.body());
      body[Math.floor(body.length / 2)] ^= 0xff;
      await route.fulfill({ response, body });
    });
    await bad.goto(instanceUrl(`/w/${video.shortUUID}`));
    await bad.evaluate(PLAY);
    await bad.waitForFunction('window.edgetubeP2PStats && window.edgetubeP2PStats.httpBytes > 100000', undefined, { timeout: 60_000 });

    const good = await watch(viewer, video.shortUUID);
    await good.waitForFunction('window.edgetubeP2PStats && window.edgetubeP2PStats.rejectedSegments > 0', undefined, { timeout: 60_000 });
    await good.waitForFunction(`document.getElementById('player').currentTime > 4`, undefined, { timeout: 60_000 });
    const stats = (await statsOf(good))!;
    expect(stats.p2pBytes).toBe(0);
    expect(stats.httpBytes).toBeGreaterThan(0);
    expect(await currentTime(good)).toBeGreaterThan(4);
  });

  it('leaves P2P off with ?p2p=0', async () => {
    const browser = await launchViewer();
    browsers.push(browser);
    const page = await watch(browser, video.shortUUID, '?p2p=0');
    await page.waitForFunction(`document.getElementById('player').currentTime > 1`, undefined, { timeout: 30_000 });
    expect(await statsOf(page)).toBeNull();
    expect(await page.$('#p2p-stats')).toBeNull();
  });
});
