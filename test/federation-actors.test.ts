import { describe, expect, it } from 'vitest';
import { api, instanceUrl } from './helpers/api';
import { shapeDiff } from './helpers/shape';

const AP = { accept: 'application/activity+json' };

async function ap(path: string, accept = AP.accept) {
  return api(path, { headers: { accept } });
}

describe('actors by content negotiation', () => {
  it.each([
    ['ap-person.json', '/accounts/root'],
    ['ap-group.json', '/video-channels/root_channel'],
    ['ap-application.json', '/accounts/peertube'],
  ])("%s: %s has PeerTube 6.3's shape", async (fixture, path) => {
    expect(await shapeDiff(fixture, `ap:${instanceUrl(path)}`)).toBe('');
  });

  it("serves a Person with PeerTube's fields and key", async () => {
    const res = await ap('/accounts/root');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/activity+json; charset=utf-8');
    expect(res.headers.get('vary')).toMatch(/accept/i);
    const id = instanceUrl('/accounts/root');
    expect(res.data).toMatchObject({
      type: 'Person',
      id,
      url: id,
      preferredUsername: 'root',
      inbox: `${id}/inbox`,
      outbox: `${id}/outbox`,
      followers: `${id}/followers`,
      following: `${id}/following`,
      playlists: `${id}/playlists`,
      endpoints: { sharedInbox: instanceUrl('/inbox') },
      publicKey: { id: `${id}#main-key`, owner: id, publicKeyPem: expect.stringMatching(/^-----BEGIN PUBLIC KEY-----/) },
    });
    expect(res.data['@context'][0]).toBe('https://www.w3.org/ns/activitystreams');
    expect(new Date(res.data.published).toISOString()).toBe(res.data.published);
  });

  it('serves the RSA-2048 public key that WebCrypto can import', async () => {
    const res = await ap('/accounts/peertube');
    expect(res.data.type).toBe('Application');
    const der = Buffer.from(res.data.publicKey.publicKeyPem.replace(/-----[^-]+-----|\s/g, ''), 'base64');
    const key = await crypto.subtle.importKey('spki', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
    expect((key.algorithm as { modulusLength?: number }).modulusLength).toBe(2048);
  });

  it('serves a Group attributed to its owner, on both its long and short URLs', async () => {
    const long = await ap('/video-channels/root_channel');
    expect(long.status).toBe(200);
    expect(long.data).toMatchObject({
      type: 'Group',
      id: instanceUrl('/video-channels/root_channel'),
      attributedTo: [{ type: 'Person', id: instanceUrl('/accounts/root') }],
      postingRestrictedToMods: true,
    });
    const short = await ap('/c/root_channel');
    expect(short.data).toEqual(long.data);
    expect((await ap('/a/root')).data.id).toBe(instanceUrl('/accounts/root'));
  });

  it('accepts application/ld+json with the ActivityStreams profile', async () => {
    const res = await ap('/accounts/root', 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"');
    expect(res.status).toBe(200);
    expect(res.data.type).toBe('Person');
  });

  it('gives browsers an HTML page on the same URL', async () => {
    const res = await ap('/accounts/root', 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('vary')).toMatch(/accept/i);
    expect(res.data).toContain('<h1>');
    expect(res.data).toContain(`href="${instanceUrl('/accounts/root')}"`);
    const channel = await ap('/video-channels/root_channel', '*/*');
    expect(channel.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('answers 404 for unknown actors, and does not serve a channel as an account', async () => {
    expect((await ap('/accounts/nobody_here')).status).toBe(404);
    expect((await ap('/video-channels/nobody_here')).status).toBe(404);
    expect((await ap('/accounts/root_channel')).status).toBe(404);
    expect((await ap('/video-channels/root')).status).toBe(404);
    expect((await ap('/accounts/nobody_here', 'text/html')).status).toBe(404);
  });
});

describe('collections', () => {
  it.each(['followers', 'following', 'outbox', 'likes', 'playlists'])('/accounts/root/%s is an OrderedCollection', async (name) => {
    const res = await ap(`/accounts/root/${name}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/activity+json; charset=utf-8');
    expect(res.data).toMatchObject({ id: instanceUrl(`/accounts/root/${name}`), type: 'OrderedCollection', totalItems: expect.any(Number) });
    if (res.data.totalItems > 0) expect(res.data.first).toBe(instanceUrl(`/accounts/root/${name}?page=1`));
    else expect(res.data.first).toBeUndefined();
  });

  it("has PeerTube's shape", async () => {
    expect(await shapeDiff('ap-followers.json', `ap:${instanceUrl('/accounts/root/followers')}`)).toBe('');
    expect(await shapeDiff('ap-followers.json', `ap:${instanceUrl('/video-channels/root_channel/outbox')}`)).toBe('');
  });

  it('pages with ?page=N', async () => {
    const res = await ap('/video-channels/root_channel/followers?page=1');
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({
      id: instanceUrl('/video-channels/root_channel/followers?page=1'),
      type: 'OrderedCollectionPage',
      partOf: instanceUrl('/video-channels/root_channel/followers'),
      orderedItems: expect.any(Array),
      totalItems: expect.any(Number),
    });
    expect((await ap('/accounts/root/outbox?page=2')).data.prev).toBe(instanceUrl('/accounts/root/outbox?page=1'));
  });

  it('answers 404 for unknown actors and collections', async () => {
    expect((await ap('/accounts/nobody_here/followers')).status).toBe(404);
    expect((await ap('/video-channels/root_channel/likes')).status).toBe(404);
  });
});
