import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { generateClip } from './helpers/clips';
import { waitForTorrent } from './helpers/video-uploads';

describe('a published video plays in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let video: any;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-play-'));
    const token = await loginAsRoot();
    const me = await api('/api/v1/users/me', { token });
    const clip = await generateClip(join(dir, 'clip.mp4'), { seconds: 6 });
    const form = new FormData();
    form.set('channelId', String(me.data.videoChannels[0].id));
    form.set('name', 'Playback in a real browser');
    form.set('privacy', '1');
    form.set('videofile', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
    const upload = await api('/api/v1/videos/upload', { method: 'POST', token, body: form });
    expect(upload.status).toBe(200);
    video = await waitForTorrent(upload.data.video.uuid, token);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('plays HLS through hls.js on the watch page', async () => {
    const page = await browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    const res = await page.goto(instanceUrl(`/w/${video.shortUUID}`));
    expect(res?.status()).toBe(200);
    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    await page.waitForFunction(`document.getElementById('player').currentTime > 1.5`, undefined, { timeout: 30_000 });
    const state = (await page.evaluate(`(() => {
      const v = document.getElementById('player');
      return { width: v.videoWidth, height: v.videoHeight, duration: v.duration, usedHls: !!window.edgetubePlayer };
    })()`)) as { width: number; height: number; duration: number; usedHls: boolean };
    expect(state.usedHls).toBe(true);
    expect(state.height).toBeGreaterThan(0);
    expect(state.duration).toBeGreaterThan(5);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('plays and seeks the rendition MP4 (the segments concatenated) as a plain <video src>', async () => {
    const page = await browser.newPage();
    await page.setContent(`<video id="v" muted src="${video.files[0].fileUrl}"></video>`);
    await page.evaluate(`document.getElementById('v').play()`);
    await page.waitForFunction(`document.getElementById('v').currentTime > 1`, undefined, { timeout: 30_000 });
    const duration = (await page.evaluate(`document.getElementById('v').duration`)) as number;
    expect(duration).toBeGreaterThan(5.5);
    expect(duration).toBeLessThan(6.5);
    await page.evaluate(`document.getElementById('v').currentTime = 4.5`);
    await page.waitForFunction(`(() => { const v = document.getElementById('v'); return v.currentTime >= 4.5 && !v.seeking; })()`, undefined, {
      timeout: 20_000,
    });
    await page.close();
  });
});
