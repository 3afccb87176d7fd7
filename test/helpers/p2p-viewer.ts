import type { Browser, Page } from 'playwright-core';
import { instanceUrl } from './api';
import { launchChromium, REAL_HOST_CANDIDATES } from './browser';

export const launchViewer = () => launchChromium([REAL_HOST_CANDIDATES]);

export type P2PStats = { peers: number; p2pBytes: number; httpBytes: number; rejectedSegments: number };

/**
 * Starts playback, muted. `autoplay` rather than awaiting `play()`: hls.js attaching its
 * MediaSource after the call interrupts the first play() promise.
 */
export const PLAY = `(() => { const v = document.getElementById('player'); v.muted = true; v.autoplay = true; v.play().catch(() => {}); })()`;

/** Opens the watch page and starts playback, muted. */
export async function watch(browser: Browser, shortUUID: string, query = ''): Promise<Page> {
  const page = await browser.newPage();
  const res = await page.goto(instanceUrl(`/w/${shortUUID}${query}`));
  if (res?.status() !== 200) throw new Error(`watch page: ${res?.status()}`);
  await page.evaluate(PLAY);
  return page;
}

export const statsOf = (page: Page) => page.evaluate('window.edgetubeP2PStats ? { ...window.edgetubeP2PStats } : null') as Promise<P2PStats | null>;
export const currentTime = (page: Page) => page.evaluate(`document.getElementById('player').currentTime`) as Promise<number>;
