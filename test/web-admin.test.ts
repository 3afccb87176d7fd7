import { describe, it, expect, beforeAll, afterAll, inject } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { api, instanceUrl, loginAsRoot, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot, signInThroughPage, signUpThroughPage } from './helpers/pages';

async function submit(page: Page, action: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(`form[action="${action}"] button[type=submit]`)]);
  return response;
}

describe('administration in Chromium', () => {
  let browser: Browser;
  let admin: BrowserContext;
  let adminPage: Page;
  let rootToken: string;
  let before: Record<string, any>;

  beforeAll(async () => {
    browser = await launchChromium();
    rootToken = await loginAsRoot();
    before = (await api('/api/v1/config/custom', { token: rootToken })).data;
    admin = await newContext(browser);
    adminPage = await admin.newPage();
    await signInThroughPage(adminPage, 'root', inject('rootPassword'));
  });
  afterAll(async () => {
    // The instance is shared by the suite: its settings go back to what they were.
    if (before)
      await api('/api/v1/config/custom', { method: 'PUT', token: rootToken, json: { instance: before.instance, signup: before.signup, user: before.user } });
    await browser?.close();
  });

  it('changes the instance name, and the home page shows it', async () => {
    const name = `Tube ${uniqueName('n')}`;
    await adminPage.goto(instanceUrl('/admin'));
    expect(new URL(adminPage.url()).pathname).toBe('/admin/settings');
    await adminPage.fill('#f-name', '');
    expect((await submit(adminPage, '/admin/settings'))?.status()).toBe(400);
    await expect(adminPage.locator('#f-name-error').count()).resolves.toBe(1);
    await adminPage.fill('#f-name', name);
    await adminPage.fill('#f-short', 'Videos about birds.');
    await adminPage.fill('#f-terms', 'Be kind.');
    await adminPage.selectOption('#f-quota', String(5 * 1024 ** 3));
    await submit(adminPage, '/admin/settings');
    await expect(adminPage.locator('[role=status]').textContent()).resolves.toBe('Saved.');
    await screenshot(adminPage, 'admin-settings');

    // Saved through the service behind PUT /config/custom: the API reads the same.
    const custom = (await api('/api/v1/config/custom', { token: rootToken })).data;
    expect([custom.instance.name, custom.instance.shortDescription, custom.instance.terms, custom.user.videoQuota]).toEqual([
      name,
      'Videos about birds.',
      'Be kind.',
      5 * 1024 ** 3,
    ]);
    // An anonymous visitor's home page (the edge-cached one) shows the new name.
    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    await page.goto(instanceUrl('/'));
    await expect(page.locator('.brand').textContent()).resolves.toBe(name);
    expect(await page.title()).toContain(name);
    // A user who signs up now gets the new default quota.
    const newcomer = uniqueName('quota');
    await signUpThroughPage(page, newcomer, 'a-good-password');
    const found = (await api(`/api/v1/users?search=${newcomer}`, { token: rootToken })).data.data[0];
    expect(found.videoQuota).toBe(5 * 1024 ** 3);
    await visitor.close();
  });

  it('closes sign-ups for the page and the API alike', async () => {
    await adminPage.goto(instanceUrl('/admin/settings'));
    await adminPage.uncheck('#f-signup');
    await submit(adminPage, '/admin/settings');
    const visitor = await newContext(browser);
    const page = await visitor.newPage();
    await page.goto(instanceUrl('/signup'));
    await expect(page.locator('main').textContent()).resolves.toContain('does not accept new accounts');
    const name = uniqueName('closed');
    expect(
      (await api('/api/v1/users/register', { method: 'POST', json: { username: name, password: 'a-good-password', email: `${name}@example.test` } })).status,
    ).toBe(403);
    await visitor.close();
    await adminPage.goto(instanceUrl('/admin/settings'));
    await adminPage.check('#f-signup');
    await submit(adminPage, '/admin/settings');
  });

  it('refuses the settings form posted without its CSRF token', async () => {
    await adminPage.goto(instanceUrl('/admin/settings'));
    await adminPage.evaluate(`document.querySelector('form[action="/admin/settings"] input[name=_csrf]').remove()`);
    await adminPage.fill('#f-name', 'Forged name');
    expect((await submit(adminPage, '/admin/settings'))?.status()).toBe(403);
    expect((await api('/api/v1/config/custom', { token: rootToken })).data.instance.name).not.toBe('Forged name');
  });

  it('finds a user, sets their quota and role, and blocking ends their session', async () => {
    const username = uniqueName('member');
    const user = await newContext(browser);
    const userPage = await user.newPage();
    await signUpThroughPage(userPage, username, 'a-good-password');

    await adminPage.goto(instanceUrl('/admin/users'));
    await adminPage.fill('#f-search', username);
    await Promise.all([adminPage.waitForNavigation(), adminPage.press('#f-search', 'Enter')]);
    await expect(adminPage.locator('table.list tbody tr').count()).resolves.toBe(1);
    await screenshot(adminPage, 'admin-users');
    await adminPage.setViewportSize({ width: 390, height: 844 });
    expect(await adminPage.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    await screenshot(adminPage, 'admin-users-mobile');
    await adminPage.setViewportSize({ width: 1200, height: 800 });
    await Promise.all([adminPage.waitForNavigation(), adminPage.click(`a:text-is("${username}")`)]);
    const id = new URL(adminPage.url()).pathname.split('/').pop();
    await adminPage.selectOption('#f-videoQuota', String(1024 ** 3));
    await adminPage.selectOption('#f-role', '1');
    await submit(adminPage, `/admin/users/${id}`);
    await expect(adminPage.locator('[role=status]').textContent()).resolves.toBe('Saved.');
    const edited = (await api(`/api/v1/users/${id}`, { token: rootToken })).data;
    expect([edited.videoQuota, edited.role.id]).toEqual([1024 ** 3, 1]);

    // A role change ends the user's sessions, as in PeerTube: sign in again, then the block.
    await signInThroughPage(userPage, username, 'a-good-password');
    await expect(userPage.locator('a[href="/admin"]').count()).resolves.toBe(1);
    await adminPage.fill('#f-reason', 'Spam everywhere');
    await submit(adminPage, `/admin/users/${id}/block`);
    await screenshot(adminPage, 'admin-user-blocked');
    await expect(adminPage.locator('#u-block ~ [role=status], .panel [role=status]').first().textContent()).resolves.toContain('Spam everywhere');
    await userPage.reload();
    await expect(userPage.locator('a[href="/login"]').count()).resolves.toBe(1);
    expect(await userPage.locator('.who').count()).toBe(0);
    await userPage.goto(instanceUrl('/login'));
    await userPage.fill('#f-username', username);
    await userPage.fill('#f-password', 'a-good-password');
    await userPage.click('form[action="/login"] button[type=submit]');
    await expect(userPage.locator('[role=alert]').textContent()).resolves.toBe('This account is blocked.');

    await submit(adminPage, `/admin/users/${id}/unblock`);
    await signInThroughPage(userPage, username, 'a-good-password');
    await expect(userPage.locator('.who').textContent()).resolves.toContain(username);
    await user.close();
  });

  it('lets a moderator manage users but not the instance settings, and a user nothing', async () => {
    const username = uniqueName('mod');
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, 'a-good-password');
    const id = (await api(`/api/v1/users?search=${username}`, { token: rootToken })).data.data[0].id;
    expect((await page.goto(instanceUrl('/admin/users')))?.status()).toBe(403);
    expect((await api(`/api/v1/users/${id}`, { method: 'PUT', token: rootToken, json: { role: 1 } })).status).toBe(204);
    await signInThroughPage(page, username, 'a-good-password');
    await page.goto(instanceUrl('/admin'));
    expect(new URL(page.url()).pathname).toBe('/admin/users');
    expect(await page.locator('.tabs a').allTextContents()).toEqual(['Users', 'Moderation', 'Registrations']);
    expect((await page.goto(instanceUrl('/admin/settings')))?.status()).toBe(403);
    // No role but "user" is offered to a moderator.
    const other = (await api('/api/v1/users?search=quota', { token: rootToken })).data.data[0];
    await page.goto(instanceUrl(`/admin/users/${other.id}`));
    expect(await page.locator('#f-role option').allTextContents()).toEqual(['User']);
    await context.close();
  });
});
