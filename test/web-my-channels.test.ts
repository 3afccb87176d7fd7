import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { api, instanceUrl, login, uniqueName } from './helpers/api';
import { launchChromium } from './helpers/browser';
import { newContext, screenshot, sessionAccessToken, signUpThroughPage } from './helpers/pages';

async function submit(page: Page, action: string) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(`form[action="${action}"] button[type=submit]`)]);
  return response;
}

describe('my channels and notifications in Chromium', () => {
  let browser: Browser;
  const username = uniqueName('chan');
  const password = 'a-good-password';
  const second = `${username}_films`;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('creates, edits and deletes a channel, and never the last one', async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, username, password);
    const token = await sessionAccessToken(context);
    await page.goto(instanceUrl('/my/channels'));
    await expect(page.locator('table.list tbody tr').count()).resolves.toBe(1);

    // The default channel alone: its page says it cannot be deleted and offers no form.
    const [only] = (await api(`/api/v1/accounts/${username}/video-channels`)).data.data;
    await page.goto(instanceUrl(`/my/channels/${only.name}/edit`));
    expect(await page.locator(`form[action="/my/channels/${only.name}/delete"]`).count()).toBe(0);
    // Posted anyway (a form from an older page): PeerTube's rule answers 409.
    const forced = await page.evaluate(`(async () => {
      const csrf = document.querySelector('meta[name=csrf-token]').content;
      const res = await fetch('/my/channels/${only.name}/delete', { method: 'POST', body: new URLSearchParams({ _csrf: csrf, confirm: '${only.name}' }) });
      return res.status;
    })()`);
    expect(forced).toBe(409);

    await page.goto(instanceUrl('/my/channels/new'));
    await page.fill('#f-name', 'Not Valid!');
    await page.fill('#f-displayName', 'Films');
    expect((await submit(page, '/my/channels/new'))?.status()).toBe(400);
    await expect(page.locator('#f-name-error').textContent()).resolves.toContain('valid channel name');
    await page.fill('#f-name', second);
    await page.fill('#f-displayName', 'Films <script>window.pwned=1</script>');
    await page.fill('#f-description', 'Short films.');
    await submit(page, '/my/channels/new');
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Channel created.');
    await expect(page.locator('table.list').textContent()).resolves.toContain('Films <script>');
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    await screenshot(page, 'my-channels');

    await page.click(`a[href="/my/channels/${second}/edit"]`);
    await page.fill('#f-displayName', 'Short films');
    await page.fill('#f-support', 'Buy me a coffee.');
    await submit(page, `/my/channels/${second}/edit`);
    const edited = (await api(`/api/v1/video-channels/${second}`)).data;
    expect([edited.displayName, edited.description, edited.support]).toEqual(['Short films', 'Short films.', 'Buy me a coffee.']);

    await page.goto(instanceUrl(`/my/channels/${second}/edit`));
    await screenshot(page, 'my-channel-edit');
    await page.fill('#f-confirm', 'wrong');
    expect((await submit(page, `/my/channels/${second}/delete`))?.status()).toBe(400);
    await page.fill('#f-confirm', second);
    await submit(page, `/my/channels/${second}/delete`);
    await expect(page.locator('[role=status]').textContent()).resolves.toBe('Channel deleted.');
    expect((await api(`/api/v1/video-channels/${second}`)).status).toBe(404);
    expect((await api(`/api/v1/accounts/${username}/video-channels`, { token })).data.total).toBe(1);
    await context.close();
  });

  it("another user's channel is not editable here", async () => {
    const context = await newContext(browser);
    const page = await context.newPage();
    await signUpThroughPage(page, uniqueName('other'), password);
    const response = await page.goto(instanceUrl('/my/channels/root_channel/edit'));
    expect(response?.status()).toBe(404);
    await context.close();
  });

  it('lists notifications with the unread count in the nav, marks one read, then all', async () => {
    const [channel] = (await api(`/api/v1/accounts/${username}/video-channels`)).data.data;
    // Two followers of the channel: two NEW_FOLLOW notifications for its owner.
    for (const fan of [uniqueName('fan'), uniqueName('fan')]) {
      await api('/api/v1/users/register', { method: 'POST', json: { username: fan, password, email: `${fan}@example.test` } });
      const fanToken = await login(fan, password);
      expect(
        (await api('/api/v1/users/me/subscriptions', { method: 'POST', token: fanToken, json: { uri: `${channel.name}@${new URL(instanceUrl()).host}` } }))
          .status,
      ).toBe(204);
    }
    const context = await newContext(browser);
    const page = await context.newPage();
    await page.goto(instanceUrl('/login'));
    await page.fill('#f-username', username);
    await page.fill('#f-password', password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('form[action="/login"] button[type=submit]')]);
    await expect(page.locator('.notif-link .badge').textContent()).resolves.toBe('2');
    await page.click('.notif-link');
    await expect(page.locator('.notifications li.unread').count()).resolves.toBe(2);
    await expect(page.locator('.notifications li').first().textContent()).resolves.toContain(`follows ${channel.displayName}`);
    await screenshot(page, 'notifications');
    await submit(page, '/my/notifications/read');
    await expect(page.locator('.notifications li.unread').count()).resolves.toBe(1);
    await expect(page.locator('.notif-link .badge').textContent()).resolves.toBe('1');
    await submit(page, '/my/notifications/read-all');
    await expect(page.locator('.notifications li.unread').count()).resolves.toBe(0);
    expect(await page.locator('.notif-link .badge').count()).toBe(0);
    const token = await sessionAccessToken(context);
    expect((await api('/api/v1/users/me/notifications?unread=true', { token })).data.total).toBe(0);
    await context.close();
  });
});
