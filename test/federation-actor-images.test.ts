/**
 * A channel's new avatar reaches a remote follower (PeerTube's sendUpdateActor): the channel on A
 * changes its avatar, A's outbox sends Update(Group) to B, which follows the channel, and B shows
 * the new icon; removing it reaches B too. A is the suite's instance, B is test/helpers/federated-pair.ts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Instance } from '../scripts/instance';
import { api } from './helpers/api';
import { generateImage } from './helpers/clips';
import { apiB, POLL, sweep, useFederatedPair } from './helpers/federated-pair';
import { newUploader, type Uploader } from './helpers/video-uploads';

describe('actor images across instances', () => {
  const pair = useFederatedPair();
  let b: Instance;
  let tokenB: string;
  let owner: Uploader;
  let dir: string;

  beforeAll(async () => {
    ({ b, tokenB } = pair);
    owner = await newUploader();
    dir = await mkdtemp(join(tmpdir(), 'edgetube-fed-images-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('sends Update(Group) with the new icon to B, which follows the channel; B shows it, then its removal', async () => {
    const uri = `${owner.channelName}@${pair.aHost}`;
    expect((await apiB(b, '/api/v1/users/me/subscriptions', { method: 'POST', token: tokenB, json: { uri } })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(pair.aUrl, b.url);
        return (await apiB(b, `/api/v1/users/me/subscriptions/${uri}`, { token: tokenB })).status;
      }, POLL)
      .toBe(200);
    // Accepted on A's side too: the Update goes to the channel's accepted followers.
    await expect
      .poll(async () => {
        await sweep(pair.aUrl, b.url);
        const followers = await api(`/video-channels/${owner.channelName}/followers?page=1`, { headers: { accept: 'application/activity+json' } });
        return followers.data?.orderedItems ?? [];
      }, POLL)
      .toContain(`${b.url}/accounts/root`);
    expect((await apiB(b, `/api/v1/video-channels/${uri}`)).data.avatars).toEqual([]);

    const bytes = await generateImage(join(dir, 'avatar.png'), { width: 128, height: 128 });
    const form = new FormData();
    form.set('avatarfile', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/png' }), 'avatar.png');
    const picked = await api(`/api/v1/video-channels/${owner.channelName}/avatar/pick`, { method: 'POST', token: owner.token, body: form });
    expect(picked.status).toBe(200);
    const fileUrl = picked.data.avatars[0].fileUrl as string;

    await expect
      .poll(async () => {
        await sweep(pair.aUrl, b.url);
        return (await apiB(b, `/api/v1/video-channels/${uri}`)).data.avatars?.[0]?.fileUrl;
      }, POLL)
      .toBe(fileUrl);
    // fileUrl is A's file; `path` (what pages and PeerTube 6.3 clients use) is B's copy, fetched from A.
    const res = await fetch(fileUrl);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const onB = (await apiB(b, `/api/v1/video-channels/${uri}`)).data.avatars[0];
    expect(onB.path).toMatch(/^\/lazy-static\/avatars\/r\d+-[0-9a-f]{8}\.png$/);
    const proxied = await fetch(`${b.url}${onB.path}`);
    expect([proxied.status, proxied.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(Buffer.from(await proxied.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const page = await (await fetch(`${b.url}/c/${uri}`)).text();
    expect(page).toContain(`${b.url}${onB.path}`);

    expect((await api(`/api/v1/video-channels/${owner.channelName}/avatar`, { method: 'DELETE', token: owner.token })).status).toBe(204);
    await expect
      .poll(async () => {
        await sweep(pair.aUrl, b.url);
        return (await apiB(b, `/api/v1/video-channels/${uri}`)).data.avatars;
      }, POLL)
      .toEqual([]);
  });
});
