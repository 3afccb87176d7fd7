import type { Browser, Page } from 'playwright-core';
import { instanceUrl } from './api';
import { launchChromium, REAL_HOST_CANDIDATES } from './browser';

/** One viewer is one Chromium process, with WebRTC host candidates peers on this machine can reach. */
export const launchViewer = () => launchChromium([REAL_HOST_CANDIDATES]);

/** web/src/player/p2p.ts P2PStats. */
export type P2PStats = { peers: number; p2pBytes: number; httpBytes: number; uploadedBytes: number; rejectedSegments: number };

/** Opens the watch page playing, muted (PeerTube's URL parameters), with `query` added. */
export async function watch(browser: Browser, shortUUID: string, query = '', prepare?: (page: Page) => Promise<unknown>): Promise<Page> {
  const page = await browser.newPage();
  await prepare?.(page);
  const res = await page.goto(instanceUrl(`/w/${shortUUID}?autoplay=1&muted=1${query}`));
  if (res?.status() !== 200) throw new Error(`watch page: ${res?.status()}`);
  return page;
}

export const statsOf = (page: Page) => page.evaluate('window.edgetubeP2P ? { ...window.edgetubeP2P.stats } : null') as Promise<P2PStats | null>;

/** Waits (bounded) until the page's P2P counters satisfy `condition`, a JS expression over `s`. */
export async function waitForStats(page: Page, condition: string, timeout = 90_000) {
  await page.waitForFunction(`(() => { const s = window.edgetubeP2P && window.edgetubeP2P.stats; return !!s && (${condition}); })()`, undefined, {
    timeout,
    polling: 250,
  });
}

/** Waits (bounded) until the player has played past `seconds`. */
export const waitForPlayback = (page: Page, seconds: number, timeout = 90_000) =>
  page.waitForFunction(`document.getElementById('player').currentTime > ${seconds}`, undefined, { timeout, polling: 250 });
