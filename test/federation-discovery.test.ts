import { describe, expect, it } from 'vitest';
import { api, instanceUrl, loginAsRoot } from './helpers/api';
import { shapeDiff } from './helpers/shape';
import { EDGE_CACHE_TTL } from '../worker/http/edge-cache';

const host = () => new URL(instanceUrl()).host;

describe('WebFinger', () => {
  it('resolves an account: exact subject, alias and rel=self as Mastodon needs', async () => {
    const res = await api(`/.well-known/webfinger?resource=acct:root@${host()}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/jrd\+json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.data).toEqual({
      subject: `acct:root@${host()}`,
      aliases: [instanceUrl('/accounts/root')],
      links: [
        { rel: 'self', type: 'application/activity+json', href: instanceUrl('/accounts/root') },
        { rel: 'http://ostatus.org/schema/1.0/subscribe', template: instanceUrl('/remote-interaction?uri={uri}') },
      ],
    });
  });

  it('resolves a channel and the instance actor', async () => {
    const channel = await api(`/.well-known/webfinger?resource=acct:root_channel@${host()}`);
    expect(channel.status).toBe(200);
    expect(channel.data.links[0].href).toBe(instanceUrl('/video-channels/root_channel'));
    const instance = await api(`/.well-known/webfinger?resource=acct:peertube@${host()}`);
    expect(instance.data.links[0].href).toBe(instanceUrl('/accounts/peertube'));
  });

  it('resolves an actor URL to its acct: subject', async () => {
    const res = await api(`/.well-known/webfinger?resource=${encodeURIComponent(instanceUrl('/video-channels/root_channel'))}`);
    expect(res.status).toBe(200);
    expect(res.data.subject).toBe(`acct:root_channel@${host()}`);
  });

  it('has the shape of PeerTube 6.3 for accounts and channels', async () => {
    expect(await shapeDiff('webfinger-account.json', instanceUrl(`/.well-known/webfinger?resource=acct:root@${host()}`))).toBe('');
    expect(await shapeDiff('webfinger-channel.json', instanceUrl(`/.well-known/webfinger?resource=acct:root_channel@${host()}`))).toBe('');
  });

  it('answers 404 for an unknown name or another host, 400 for a malformed resource', async () => {
    expect((await api(`/.well-known/webfinger?resource=acct:nobody_here@${host()}`)).status).toBe(404);
    expect((await api('/.well-known/webfinger?resource=acct:root@elsewhere.example')).status).toBe(404);
    expect((await api('/.well-known/webfinger?resource=https%3A%2F%2Felsewhere.example%2Faccounts%2Froot')).status).toBe(404);
    expect((await api('/.well-known/webfinger?resource=root')).status).toBe(400);
    expect((await api('/.well-known/webfinger')).status).toBe(400);
  });
});

describe('host-meta', () => {
  it('is XRD with an lrdd template to WebFinger', async () => {
    const res = await api('/.well-known/host-meta');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xrd\+xml/);
    expect(res.data).toContain(`<Link rel="lrdd" type="application/xrd+xml" template="${instanceUrl('/.well-known/webfinger?resource={uri}')}"/>`);
  });
});

describe('NodeInfo', () => {
  it('links to 2.0 and to the instance actor (PeerTube finds it there to follow an instance)', async () => {
    const res = await api('/.well-known/nodeinfo');
    expect(res.status).toBe(200);
    expect(res.data.links).toEqual([
      { rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: instanceUrl('/nodeinfo/2.0.json') },
      { rel: 'https://www.w3.org/ns/activitystreams#Application', href: instanceUrl('/accounts/peertube') },
    ]);
    expect(await shapeDiff('well-known-nodeinfo.json', instanceUrl('/.well-known/nodeinfo'))).toBe('');
  });

  it("serves 2.0 with PeerTube's shape and real usage counts", async () => {
    expect(await shapeDiff('nodeinfo-2.0.json', instanceUrl('/nodeinfo/2.0.json'))).toBe('');
    const token = await loginAsRoot(); // a login sets last_login_date: root is active this month
    // A login is not a content write: the anonymous, edge-cached copy may show it only after the
    // instance TTL (ADR 0017). An authenticated read is never cached, so it shows the counts now.
    const anonymous = await api('/nodeinfo/2.0.json');
    expect(anonymous.headers.get('cache-control')).toContain(`s-maxage=${EDGE_CACHE_TTL.instance}`);
    const res = await api('/nodeinfo/2.0.json', { token });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-type')).toContain('nodeinfo.diaspora.software/ns/schema/2.0');
    expect(res.data.protocols).toEqual(['activitypub']);
    expect(res.data.usage.users.activeMonth).toBeGreaterThanOrEqual(1);
    expect(res.data.usage.users.activeHalfyear).toBeGreaterThanOrEqual(res.data.usage.users.activeMonth);
    expect(res.data.usage.users.total).toBeGreaterThanOrEqual(res.data.usage.users.activeHalfyear);
    expect(res.data.usage.localPosts).toEqual(expect.any(Number));
    expect(res.data.metadata.nodeName).toEqual(expect.any(String));
  });
});
