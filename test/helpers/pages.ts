import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { instanceUrl } from './api';

/** Where the browser tests leave their screenshots (git-ignored; CI keeps them as artifacts). */
export const SCREENSHOT_DIR = join(process.cwd(), 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string) {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** A fresh browser profile (own cookies) speaking the given language. */
export function newContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  return browser.newContext({ locale, viewport: { width: 1200, height: 800 } });
}

/** Signs in through the sign-in page, as a person would. */
export async function signInThroughPage(page: Page, username: string, password: string) {
  await page.goto(instanceUrl('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
}

/** Signs up through the sign-up page; the instance under test takes sign-ups. */
export async function signUpThroughPage(page: Page, username: string, password: string) {
  await page.goto(instanceUrl('/signup'));
  await page.fill('#f-username', username);
  await page.fill('#f-email', `${username}@example.test`);
  await page.fill('#f-password', password);
  if (await page.locator('#f-terms').count()) await page.check('#f-terms');
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signup')), page.click('form[action="/signup"] button[type=submit]')]);
}

/** The session cookie's access token, for checks against the API. */
export async function sessionAccessToken(context: BrowserContext) {
  const cookie = (await context.cookies()).find((c) => c.name === 'et_session');
  return cookie?.value.split('.')[0];
}
