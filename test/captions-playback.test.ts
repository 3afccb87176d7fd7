/**
 * hls.js on the watch page lists a video's captions as subtitle tracks: the master playlist's
 * SUBTITLES group (worker/media/caption-routes.ts) as a real player reads it, in Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import * as schema from '../worker/db/schema';
import { instanceUrl } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { putCaption, SRT, VTT } from './helpers/captions';
import { seedWithMedia } from './helpers/seed-videos';
import { newUploader } from './helpers/video-uploads';

describe('captions in the player', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('hls.js lists each caption as a subtitle track with its language and name', async () => {
    const owner = await newUploader();
    const video = await seedWithMedia(owner, schema.VIDEO_PRIVACY.PUBLIC);
    expect((await putCaption(video.uuid, 'fr', { content: VTT }, owner.token)).status).toBe(204);
    expect((await putCaption(video.uuid, 'en', { content: SRT, type: 'application/x-subrip', name: 'en.srt' }, owner.token)).status).toBe(204);
    const page = await browser.newPage();
    try {
      expect((await page.goto(instanceUrl(`/w/${video.uuid}`)))?.status()).toBe(200);
      await page.waitForFunction(`(window.edgetubePlayer?.subtitleTracks?.length ?? 0) >= 2`, undefined, { timeout: 30_000 });
      const tracks = await page.evaluate(`window.edgetubePlayer.subtitleTracks.map((t) => ({ lang: t.lang, name: t.name, url: t.url }))`);
      expect(tracks).toEqual([
        { lang: 'en', name: 'English', url: instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/captions-en.m3u8`) },
        { lang: 'fr', name: 'French', url: instanceUrl(`/static/streaming-playlists/hls/${video.uuid}/captions-fr.m3u8`) },
      ]);
    } finally {
      await page.close();
    }
  });
});
