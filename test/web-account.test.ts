import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, login, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot, sessionAccessToken, signInThroughPage, signUpThroughPage } from './helpers/pages';

/** Submits the form of one section of /my/account and waits for the page that answers it. */
async function submitSection(page: Page, section: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(`form[action="/my/account/${section}"] button[type=submit]`)]);
  return response;
}

describe('my account in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('is private, and sends a signed-out visitor to sign in first', async () => {
    const anonymous = await fetch(instanceUrl('/my/account'), { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2Fmy%2Faccount');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('acct'), 'a-good-password');
    const response = await page.goto(instanceUrl('/my/account'));
    expect(response?.headers()['cache-control']).toBe('private, no-store');
    await context.close();
  });

  it('saves the profile and preferences, and the API reads them back', async () => {
    const username = uniqueName('acct');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'a-good-password');
    await page.goto(instanceUrl('/my/account'));
    await page.fill('#f-displayName', 'Alice <b>Tester</b>');
    await page.fill('#f-description', 'I film birds.');
    await submitSection(page, 'profile');
    await expect(page.locator('#profile [role=status]').textContent()).resolves.toBe('Saved.');
    await page.check('input[name=nsfwPolicy][value=blur]');
    await page.uncheck('#f-p2pEnabled');
    await page.uncheck('#f-autoPlayVideo');
    await submitSection(page, 'preferences');
    await screenshot(page, 'my-account');
    // On a phone's width the page reflows: nothing wider than the screen.
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(page, 'my-account-mobile');
    const me = await api('/api/v1/users/me', { token: await sessionAccessToken(context) });
    expect(me.data.account.displayName).toBe('Alice <b>Tester</b>');
    expect(me.data.account.description).toBe('I film birds.');
    expect([me.data.nsfwPolicy, me.data.p2pEnabled, me.data.autoPlayVideo]).toEqual(['blur', false, false]);
    // The display name is text, never markup.
    expect(await page.locator('#f-displayName').inputValue()).toBe('Alice <b>Tester</b>');
    await context.close();
  });

  it('switches the interface to French from the account, and it stays after reload and in another browser', async () => {
    const username = uniqueName('lang');
    const context = await newContext(browser, 'en-US');
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'a-good-password');
    await page.goto(instanceUrl('/my/account'));
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.selectOption('#f-language', 'fr');
    await submitSection(page, 'preferences');
    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    await expect(page.locator('h1').textContent()).resolves.toBe('Mon compte');
    await page.reload();
    await expect(page.locator('h1').textContent()).resolves.toBe('Mon compte');
    await screenshot(page, 'my-account-fr');
    // Saved on the user, over the browser's Accept-Language: another profile signed in as them speaks French too.
    const other = await newContext(browser, 'en-US');
    const otherPage = await other.newPage();
    await signInThroughPage(otherPage, username, 'a-good-password');
    await otherPage.goto(instanceUrl('/'));
    await expect(otherPage.locator('a[href="/my/account"]').textContent()).resolves.toBe('Mon compte');
    expect((await api('/api/v1/users/me', { token: await sessionAccessToken(context) })).data.language).toBe('fr');
    await other.close();
    await context.close();
  });

  it('changes the password with the current one, refuses a wrong one, and signs in with the new one', async () => {
    const username = uniqueName('pass');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'the-old-password');
    await page.goto(instanceUrl('/my/account'));
    await page.fill('#f-currentPassword', 'not-my-password');
    await page.fill('#f-password', 'the-new-password');
    await page.fill('#f-passwordConfirm', 'the-new-password');
    const refused = await submitSection(page, 'password');
    expect(refused?.status()).toBe(401);
    await expect(page.locator('#f-currentPassword-error').textContent()).resolves.toBe('The current password is not right.');
    await page.fill('#f-currentPassword', 'the-old-password');
    await page.fill('#f-password', 'the-new-password');
    await page.fill('#f-passwordConfirm', 'the-new-password');
    await submitSection(page, 'password');
    await expect(page.locator('#password [role=status]').textContent()).resolves.toBe('Saved.');

    const fresh = await newContext(browser);
    const freshPage = await fresh.newPage();
    await signInThroughPage(freshPage, username, 'the-new-password');
    await expect(freshPage.locator('.who').textContent()).resolves.toContain(username);
    await expect(login(username, 'the-old-password')).rejects.toThrow(/login failed/);
    await fresh.close();
    await context.close();
  });

  it('deletes the account after the username is typed, and signs out', async () => {
    const username = uniqueName('gone');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'a-good-password');
    const token = await sessionAccessToken(context);
    await page.goto(instanceUrl('/my/account'));
    await page.fill('#f-confirm', 'someone-else');
    expect((await submitSection(page, 'delete'))?.status()).toBe(400);
    expect((await api('/api/v1/users/me', { token })).status).toBe(200);
    await page.fill('#f-confirm', username);
    await submitSection(page, 'delete');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.locator('a[href="/login"]').count()).resolves.toBe(1);
    expect((await api('/api/v1/users/me', { token })).status).toBe(401);
    expect((await api(`/api/v1/accounts/${username}`)).status).toBe(404);
    await context.close();
  });
});
