import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { generateClip } from './helpers/clips';
import { newContext, screenshot, sessionAccessToken, signUpThroughPage } from './helpers/pages';

const run = promisify(execFile);
const CHUNK = 256 * 1024;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Slows the browser's uploads (DevTools network emulation), so progress, pause and reload have time to happen. */
async function throttle(context: BrowserContext, page: Page, bytesPerSecond: number) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: bytesPerSecond });
}

/** The Content-Range of every chunk the page sends. */
function recordChunks(page: Page) {
  const ranges: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PUT' && r.url().includes('/upload-resumable')) ranges.push(r.headers()['content-range'] ?? '');
  });
  return ranges;
}

describe('upload, edit and publish through the pages in Chromium', () => {
  let dir: string;
  let browser: Browser;
  let clip: string;
  let thumb: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'edgetube-webup-'));
    // About 2 MB: eight or more chunks of 256 kB.
    clip = await generateClip(join(dir, 'web upload clip.mp4'), { seconds: 8, width: 1280, height: 720 });
    expect((await stat(clip)).size).toBeGreaterThan(4 * CHUNK);
    thumb = join(dir, 'thumb.jpg');
    await run('/usr/bin/ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=640x360', '-frames:v', '1', thumb]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('uploads with a moving progress bar, pauses, resumes after a reload, then edits, sets a thumbnail and waits for publication', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('uploader'), 'uploader-password');
    await throttle(context, page, 400 * 1024);
    const ranges = recordChunks(page);

    await page.goto(instanceUrl(`/videos/upload?chunk=${CHUNK}`));
    await screenshot(page, 'upload');
    await page.setInputFiles('#upload-file', clip);
    await page.waitForFunction(`document.getElementById('upload-bar').value > 5`, undefined, { timeout: 60_000 });
    const first = (await page.evaluate(`document.getElementById('upload-bar').value`)) as number;
    await page.waitForFunction(`document.getElementById('upload-bar').value > ${first}`, undefined, { timeout: 60_000 });
    const figures = (await page.textContent('#upload-figures'))!;
    expect(figures).toMatch(/kB\/s|MB\/s/);
    expect(figures).toMatch(/left/);
    await screenshot(page, 'upload-progress');

    // Pause: no chunk goes out while paused.
    await page.click('#upload-toggle');
    await expect(page.textContent('#upload-toggle')).resolves.toBe('Resume');
    const sentWhilePaused = ranges.length;
    await page.waitForTimeout(1500);
    expect(ranges.length).toBe(sentWhilePaused);

    // A reload loses the page; choosing the same file again finds the upload and goes on from where the bytes stopped.
    await page.reload();
    const before = ranges.length;
    await page.setInputFiles('#upload-file', clip);
    await page.waitForURL(/\/videos\/manage\/[^/?]+\?uploaded=1/, { timeout: 120_000 });
    const afterReload = ranges.slice(before).filter((r) => !r.startsWith('bytes */'));
    expect(Number(/bytes (\d+)-/.exec(afterReload[0])![1])).toBeGreaterThan(0);

    await page.fill('#f-name', 'Uploaded from the browser');
    await page.fill('#f-description', 'Made **in Chromium**.');
    await page.fill('#f-tags', 'browser, upload');
    await page.selectOption('#f-category', '15');
    await page.setInputFiles('#f-thumbnail', thumb);
    await page.click('#edit-form button[type=submit]');
    await expect(page.waitForFunction(`document.getElementById('edit-status').textContent === 'Saved.'`)).resolves.toBeTruthy();
    await screenshot(page, 'edit-video');

    // The page follows the processing state until the video is published.
    await page.waitForFunction(`document.getElementById('video-state').dataset.state === '1'`, undefined, { timeout: 150_000 });
    await page.click('#video-state a');
    await page.waitForURL(/\/w\//);
    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    await page.waitForFunction(`document.getElementById('player').currentTime > 2`, undefined, { timeout: 30_000 });

    const shortUUID = new URL(page.url()).pathname.split('/').pop()!;
    const token = await sessionAccessToken(context);
    const video = (await api(`/api/v1/videos/${shortUUID}`, { token })).data;
    expect(video).toMatchObject({ name: 'Uploaded from the browser', description: 'Made **in Chromium**.', tags: ['browser', 'upload'], category: { id: 15 } });
    // The custom thumbnail survived the transcoder, which finished after it was set.
    const served = new Uint8Array(await (await fetch(instanceUrl(video.thumbnailPath))).arrayBuffer());
    expect(sha(served)).toBe(sha(new Uint8Array(await readFile(thumb))));

    await page.goto(instanceUrl('/my/videos'));
    await expect(page.locator('table.list').textContent()).resolves.toContain('Uploaded from the browser');
    await screenshot(page, 'my-videos');
    await context.close();
  });
});
