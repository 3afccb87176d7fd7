import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, with the flags this machine needs (no outside network). */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
      ...extraArgs,
    ],
  });
}

/**
 * Chromium hides WebRTC host candidates behind mDNS names, which two headless browsers on one
 * machine cannot resolve; with real addresses they connect over the host's own interface, as two
 * viewers on one network would.
 */
export const REAL_HOST_CANDIDATES = '--disable-features=WebRtcHideLocalIpsWithMdns';
