import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { eq } from 'drizzle-orm';
import { api, instanceUrl, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { testDb } from './helpers/internal';
import { newContext, screenshot, sessionAccessToken, signInThroughPage, signUpThroughPage } from './helpers/pages';
import { oauthTokens } from '../worker/db/schema';
import { sha256Hex } from '../worker/crypto/encoding';

describe('sessions in Chromium: sign up, sign in, CSRF, refresh, sign out', () => {
  let browser: Browser;
  const username = uniqueName('web');
  const password = 'a-good-password';

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('signs up through the page and lands signed in, with an HttpOnly SameSite=Lax cookie', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(instanceUrl('/signup'));
    await screenshot(page, 'signup');
    await signUpThroughPage(page, username, password);
    await expect(page.locator('.who').textContent()).resolves.toContain(username);
    const cookie = (await context.cookies()).find((c) => c.name === 'et_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    // Scripts on the page cannot read the session.
    expect(await page.evaluate('document.cookie')).not.toContain('et_session');
    // The cookie holds the API's own OAuth token.
    const me = await api('/api/v1/users/me', { token: await sessionAccessToken(context) });
    expect(me.data.username).toBe(username);
    await screenshot(page, 'home-signed-in');
    await context.close();
  });

  it('shows an error for a wrong password, then signs in', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(instanceUrl('/login'));
    await page.fill('#f-username', username);
    await page.fill('#f-password', 'not-the-password');
    await page.click('form[action="/login"] button[type=submit]');
    await expect(page.locator('[role=alert]').textContent()).resolves.toContain('Incorrect username or password');
    await screenshot(page, 'signin-error');
    await signInThroughPage(page, username, password);
    await expect(page.locator('.who').textContent()).resolves.toContain(username);
    await context.close();
  });

  it('refuses a form posted without its CSRF token, and an API write from the session without the header', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInThroughPage(page, username, password);
    // The sign-out form, stripped of its token, as a forged cross-site form would be.
    await page.evaluate(`document.querySelector('form[action="/logout"] input[name=_csrf]').remove()`);
    const [response] = await Promise.all([page.waitForNavigation(), page.click('form[action="/logout"] button')]);
    expect(response?.status()).toBe(403);
    await expect(page.locator('main').textContent()).resolves.toContain('This form has expired');
    // Still signed in: the forged sign-out did nothing.
    await page.goto(instanceUrl('/'));
    await expect(page.locator('.who').textContent()).resolves.toContain(username);

    const statuses = await page.evaluate(`(async () => {
      const body = JSON.stringify({ displayName: 'Changed from the page' });
      const headers = { 'content-type': 'application/json' };
      const without = await fetch('/api/v1/users/me', { method: 'PUT', headers, body });
      const token = document.querySelector('meta[name=csrf-token]').content;
      const withToken = await fetch('/api/v1/users/me', { method: 'PUT', headers: { ...headers, 'x-csrf-token': token }, body });
      const me = await (await fetch('/api/v1/users/me')).json();
      return [without.status, withToken.status, me.account.displayName];
    })()`);
    expect(statuses).toEqual([403, 204, 'Changed from the page']);

    // From outside the browser: a sign-in form without a token is refused before any password check.
    const forged = await fetch(instanceUrl('/login'), { method: 'POST', body: new URLSearchParams({ username, password }), redirect: 'manual' });
    expect(forged.status).toBe(403);
    await context.close();
  });

  it('refreshes an expired access token transparently', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInThroughPage(page, username, password);
    const before = (await sessionAccessToken(context))!;
    const { db, close } = testDb();
    try {
      await db
        .update(oauthTokens)
        .set({ accessTokenExpiresAt: new Date(Date.now() - 1000) })
        .where(eq(oauthTokens.accessTokenHash, await sha256Hex(before)));
    } finally {
      close();
    }
    await page.goto(instanceUrl('/'));
    await expect(page.locator('.who').textContent()).resolves.toContain(username);
    const after = (await sessionAccessToken(context))!;
    expect(after).not.toBe(before);
    expect((await api('/api/v1/users/me', { token: after })).status).toBe(200);
    await context.close();
  });

  it('signs out, and the token is revoked', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInThroughPage(page, username, password);
    const token = await sessionAccessToken(context);
    expect((await api('/api/v1/users/me', { token })).status).toBe(200);
    await Promise.all([page.waitForURL(instanceUrl('/')), page.click('form[action="/logout"] button')]);
    expect(await page.locator('.who').count()).toBe(0);
    await expect(page.locator('a[href="/login"]').count()).resolves.toBe(1);
    expect(await sessionAccessToken(context)).toBeUndefined();
    expect((await api('/api/v1/users/me', { token })).status).toBe(401);
    await context.close();
  });

  it('speaks French from Accept-Language, and switches language on /language', async () => {
    const context = await newContext(browser, 'fr-FR');
    const page = await context.newPage();
    await page.goto(instanceUrl('/login'));
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.locator('h1').textContent()).resolves.toBe('Connexion');
    await screenshot(page, 'signin-fr');
    await page.goto(instanceUrl('/language'));
    await page.check('input[name=locale][value=en]');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    await page.goto(instanceUrl('/login'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Sign in');
    await page.goto(instanceUrl('/language'));
    await page.check('input[name=locale][value=fr]');
    await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    await expect(page.locator('a[href="/login"]').textContent()).resolves.toBe('Se connecter');
    await context.close();
  });
});
