import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { instanceUrl } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot } from './helpers/pages';
import { publishGeneratedClip } from './helpers/published-video';

/** The player's own controls (web/src/player/controls.ts) in Chromium: quality, resume, keys, fullscreen. */
describe('the player’s controls in Chromium', () => {
  let browser: Browser;
  let video: any;

  beforeAll(async () => {
    // 640×360: several renditions, so several hls.js levels to choose from.
    ({ video } = await publishGeneratedClip('Player controls', { seconds: 8 }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const state = (page: Page) =>
    page.evaluate(`(() => {
      const v = document.getElementById('player');
      return { time: v.currentTime, paused: v.paused, muted: v.muted, volume: v.volume, duration: v.duration };
    })()`) as Promise<{ time: number; paused: boolean; muted: boolean; volume: number; duration: number }>;

  async function openWatch(page: Page, query = '') {
    const res = await page.goto(instanceUrl(`/w/${video.shortUUID}${query}`));
    expect(res?.status()).toBe(200);
    await page.waitForFunction(`document.getElementById('player').readyState >= 1`, undefined, { timeout: 30_000 });
  }

  it('lists Auto and every level in a labelled menu, and choosing one switches hls.js to it', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await openWatch(page);
    const levels = (await page.evaluate(`window.edgetubePlayer.levels.map((l) => l.height)`)) as number[];
    expect(levels.length).toBeGreaterThanOrEqual(2);
    // The label names the menu (for assistive technology too), Auto first, then the heights, highest first.
    await expect(page.getByLabel('Quality').count()).resolves.toBe(1);
    const options = await page.$$eval('#player-quality option', (os) =>
      os.map((o) => ({ value: (o as unknown as { value: string }).value, text: o.textContent })),
    );
    expect(options[0]).toMatchObject({ value: '-1' });
    expect(options[0].text).toMatch(/^Auto/);
    expect(options.slice(1).map((o) => o.text)).toEqual([...levels].sort((a, b) => b - a).map((h) => `${h}p`));

    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    const lowest = levels.indexOf(Math.min(...levels));
    await page.selectOption('#player-quality', String(lowest));
    await page.waitForFunction(`window.edgetubePlayer.currentLevel === ${lowest} && !window.edgetubePlayer.autoLevelEnabled`, undefined, {
      timeout: 20_000,
    });
    // The picture follows: frames of that level's height are shown.
    await page.waitForFunction(`document.getElementById('player').videoHeight === ${levels[lowest]}`, undefined, { timeout: 30_000 });
    await page.selectOption('#player-quality', '-1');
    await page.waitForFunction(`window.edgetubePlayer.autoLevelEnabled`, undefined, { timeout: 20_000 });
    await screenshot(page, 'player-controls');
    await context.close();
  });

  it('resumes where the viewer left off, unless the link gives a start', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await openWatch(page);
    await page.evaluate(`(() => { const v = document.getElementById('player'); v.muted = true; return v.play(); })()`);
    await page.waitForFunction(`document.getElementById('player').currentTime > 3`, undefined, { timeout: 30_000 });
    await page.evaluate(`document.getElementById('player').pause()`);
    const left = (await state(page)).time;

    await page.reload();
    await page.waitForFunction(`document.getElementById('player').readyState >= 1`, undefined, { timeout: 30_000 });
    await page.waitForFunction(`document.getElementById('player').currentTime > 0`, undefined, { timeout: 20_000 });
    const resumed = (await state(page)).time;
    expect(Math.abs(resumed - left)).toBeLessThan(1.5);

    // `start` wins over the saved position.
    await openWatch(page, '?start=1');
    await page.waitForFunction(`document.getElementById('player').currentTime > 0`, undefined, { timeout: 20_000 });
    expect((await state(page)).time).toBeLessThan(2);
    await context.close();
  });

  it('takes PeerTube’s keyboard shortcuts, and goes fullscreen from the key and the button', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await openWatch(page);
    await page.evaluate(`document.getElementById('player').muted = true`);
    await page.focus('#player');
    expect((await state(page)).paused).toBe(true);
    await page.keyboard.press('k');
    await page.waitForFunction(`!document.getElementById('player').paused`, undefined, { timeout: 20_000 });
    await page.keyboard.press('Space');
    await page.waitForFunction(`document.getElementById('player').paused`, undefined, { timeout: 20_000 });

    // Each key's effect is awaited (bounded), not read at once: the page may still be handling it.
    const until = (condition: string) =>
      page.waitForFunction(`(() => { const v = document.getElementById('player'); return ${condition}; })()`, undefined, { timeout: 10_000 });
    await page.keyboard.press('m');
    await until('!v.muted');
    await page.keyboard.press('m');
    await until('v.muted');
    await page.evaluate(`document.getElementById('player').volume = 0.5`);
    await until('v.volume === 0.5');
    await page.keyboard.press('ArrowDown');
    await until('Math.abs(v.volume - 0.4) < 1e-5');

    const { duration } = await state(page);
    // Each seek is done (not pending) before the next key, as a person would see it land.
    const near = (seconds: number) =>
      `(() => { const v = document.getElementById('player'); return Math.abs(v.currentTime - ${seconds}) < 0.5 && !v.seeking; })()`;
    await page.keyboard.press('9');
    await page.waitForFunction(near(duration * 0.9), undefined, { timeout: 20_000 });
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(near(duration * 0.9 - 5), undefined, { timeout: 20_000 });
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(near(duration * 0.9), undefined, { timeout: 20_000 });
    await page.keyboard.press('0');
    await page.waitForFunction(`document.getElementById('player').currentTime < 0.5`, undefined, { timeout: 20_000 });

    await page.keyboard.press('f');
    await page.waitForFunction(`document.fullscreenElement?.className === 'player'`, undefined, { timeout: 10_000 });
    // The button's label follows the fullscreenchange event, which may come after fullscreenElement changes.
    const label = (text: string) =>
      page.waitForFunction(`document.getElementById('player-fullscreen').textContent === ${JSON.stringify(text)}`, undefined, { timeout: 10_000 });
    await label('Exit fullscreen');
    await page.click('#player-fullscreen');
    await page.waitForFunction(`document.fullscreenElement === null`, undefined, { timeout: 10_000 });
    await label('Fullscreen');

    // Typing elsewhere on the page is not a shortcut.
    await page.focus('#player-quality');
    await page.keyboard.press('k');
    expect((await state(page)).paused).toBe(true);
    await context.close();
  });

  it('speaks French, and its keyboard help is the video’s description', async () => {
    const context = await newContext(browser, 'fr-FR');
    const page = await context.newPage();
    await openWatch(page);
    await expect(page.locator('label.player-quality span').textContent()).resolves.toBe('Qualité');
    await expect(page.locator('#player-fullscreen').textContent()).resolves.toBe('Plein écran');
    await expect(page.getByRole('toolbar').getAttribute('aria-label')).resolves.toBe('Commandes du lecteur');
    const help = await page.evaluate(`document.getElementById(document.getElementById('player').getAttribute('aria-describedby')).textContent`);
    expect(help).toMatch(/^Clavier/);
    await context.close();
  });
});
