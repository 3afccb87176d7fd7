/**
 * Registration requests through the pages, in Chromium: with approval required, the sign-up page
 * sends a request (with its reason, saying that no email will follow), signing in says it waits,
 * a moderator accepts or rejects it from /admin/registrations, and the notification points there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, loginAsRoot, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot, signInThroughPage } from './helpers/pages';

let browser: Browser;
let rootToken: string;
let customBefore: object;
const password = 'a-request-password';
const modName = uniqueName('webregmod');

async function askForAccount(page: Page, username: string, reason: string) {
  await page.goto(instanceUrl('/signup'));
  await page.fill('#f-username', username);
  await page.fill('#f-email', `${username}@example.test`);
  await page.fill('#f-password', password);
  await page.fill('#f-registrationReason', reason);
  if (await page.locator('#f-terms').count()) await page.check('#f-terms');
  await page.click('form[action="/signup"] button[type=submit]');
}

async function signInError(page: Page, username: string) {
  await page.goto(instanceUrl('/login'));
  await page.fill('#f-username', username);
  await page.fill('#f-password', password);
  await page.click('form[action="/login"] button[type=submit]');
  return page.locator('[role=alert]').textContent();
}

beforeAll(async () => {
  browser = await launchChromium();
  rootToken = await loginAsRoot();
  customBefore = (await api('/api/v1/config/custom', { token: rootToken })).data;
  const res = await api('/api/v1/config/custom', { method: 'PUT', token: rootToken, json: { signup: { enabled: true, requiresApproval: true } } });
  expect(res.status).toBe(200);
  const created = await api('/api/v1/users', {
    method: 'POST',
    token: rootToken,
    json: { username: modName, email: `${modName}@example.com`, password: 'moderator-password', role: 1, videoQuota: -1, videoQuotaDaily: -1 },
  });
  expect(created.status).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await api('/api/v1/config/custom', { method: 'PUT', token: rootToken, json: customBefore });
});

describe('registration requests in the pages', () => {
  it('the sign-up page sends a request, says no email follows, and signing in says it waits', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    const username = uniqueName('asker');
    await page.goto(instanceUrl('/signup'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Ask for an account');
    await expect(page.locator('main').textContent()).resolves.toContain('No email is sent');
    // A reason is required: the form comes back with the field's error and what was typed.
    await askForAccount(page, username, 'x');
    await expect(page.locator('[role=alert]').count()).resolves.toBe(1);
    await expect(page.locator('#f-username').inputValue()).resolves.toBe(username);
    await askForAccount(page, username, 'I film rivers');
    await expect(page.locator('h1').textContent()).resolves.toBe('Your request has been sent');
    await screenshot(page, 'registration-request-sent');
    const listed = (await api(`/api/v1/users/registrations?search=${username}`, { token: rootToken })).data.data;
    expect(listed).toMatchObject([{ username, registrationReason: 'I film rivers', state: { id: 1 } }]);
    await expect(signInError(page, username)).resolves.toContain('has not been answered yet');
    await context.close();
  });

  it('in French too', async () => {
    const context = await newContext(browser, 'fr-FR');
    const page = await context.newPage();
    await page.goto(instanceUrl('/signup'));
    await expect(page.locator('h1').textContent()).resolves.toBe('Demander un compte');
    await expect(page.locator('label[for=f-registrationReason]').textContent()).resolves.toBe('Pourquoi voulez-vous nous rejoindre ?');
    await context.close();
  });

  it('a moderator accepts one and rejects another from /admin/registrations, reached from the notification', async () => {
    const accepted = uniqueName('acc');
    const rejected = uniqueName('rej');
    for (const name of [accepted, rejected]) {
      const res = await api('/api/v1/users/registrations/request', {
        method: 'POST',
        json: { username: name, email: `${name}@example.test`, password, registrationReason: `reason of ${name}` },
      });
      expect(res.status).toBe(200);
    }
    const ids = Object.fromEntries(
      await Promise.all(
        [accepted, rejected].map(async (name) => [name, (await api(`/api/v1/users/registrations?search=${name}`, { token: rootToken })).data.data[0].id]),
      ),
    );
    const context = await newContext(browser);
    const page = await context.newPage();
    await signInThroughPage(page, modName, 'moderator-password');
    await page.goto(instanceUrl('/my/notifications'));
    await page.click(`text=${rejected} asks for an account.`);
    await page.waitForURL((u) => u.pathname === '/admin/registrations');
    await screenshot(page, 'admin-registrations');

    const card = (name: string) => page.locator(`#registration-${ids[name]}`);
    await expect(card(accepted).textContent()).resolves.toContain(`reason of ${accepted}`);
    // A response is required.
    await card(accepted).locator('button[value=accept]').click();
    await expect(page.locator('[role=alert]').count()).resolves.toBe(1);
    await card(accepted).locator('textarea').fill('Welcome!');
    await Promise.all([page.waitForURL(/\/admin\/registrations/), card(accepted).locator('button[value=accept]').click()]);
    await expect(card(accepted).getAttribute('data-state')).resolves.toBe('3');
    await card(rejected).locator('textarea').fill('Not this time.');
    await Promise.all([page.waitForURL(/\/admin\/registrations/), card(rejected).locator('button[value=reject]').click()]);
    await expect(card(rejected).getAttribute('data-state')).resolves.toBe('2');
    await expect(card(rejected).textContent()).resolves.toContain('Not this time.');

    // The accepted person signs in; the rejected one is told.
    const visitor = await (await newContext(browser)).newPage();
    await expect(signInError(visitor, rejected)).resolves.toContain('has been rejected');
    await signInThroughPage(visitor, accepted, password);
    await expect(visitor.locator('.who').textContent()).resolves.toContain(accepted);

    // Answered requests can be deleted.
    await Promise.all([page.waitForURL(/\/admin\/registrations/), card(rejected).locator('form[action$="/delete"] button').click()]);
    await expect(card(rejected).count()).resolves.toBe(0);
    await context.close();
    await visitor.context().close();
  });

  it('users are sent to sign in or refused', async () => {
    const res = await fetch(instanceUrl('/admin/registrations'), { redirect: 'manual', headers: { accept: 'text/html' } });
    expect([302, 303]).toContain(res.status);
  });
});
