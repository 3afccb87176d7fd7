import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Config } from '../config';
import type { FederationDeps } from './deps';
import { baseUrlOfHost, discoverInstanceActorUrl, webfingerActorUrl } from './instance-follow';

const FIXTURES = new URL('../../test/fixtures/peertube-6.3/', import.meta.url);
const fixture = (name: string) => readFileSync(new URL(name, FIXTURES), 'utf8');

function deps(routes: Record<string, () => Response>, allowLoopbackFederation = true) {
  const asked: string[] = [];
  const fetchImpl = (async (url: string | URL | Request, init?: RequestInit) => {
    asked.push(String(url));
    // Discovery is unsigned, as PeerTube's: no Signature header on these GETs.
    expect(new Headers(init?.headers).get('signature')).toBeNull();
    const route = routes[String(url)];
    return route ? route() : new Response('not found', { status: 404 });
  }) as typeof fetch;
  const config = { publicUrl: 'https://here.example', host: 'here.example', allowLoopbackFederation } as Config;
  return { deps: { db: undefined as never, config, fetchImpl } as FederationDeps, asked };
}

const json =
  (body: string, type = 'application/json') =>
  () =>
    new Response(body, { headers: { 'content-type': type } });

describe('finding an instance actor', () => {
  it('reads the Application link of /.well-known/nodeinfo, as PeerTube 6.3 does', async () => {
    const { deps: d, asked } = deps({ 'http://localhost:9000/.well-known/nodeinfo': json(fixture('well-known-nodeinfo.json')) });
    expect(await discoverInstanceActorUrl(d, 'localhost:9000')).toBe('http://localhost:9000/accounts/peertube');
    expect(asked).toEqual(['http://localhost:9000/.well-known/nodeinfo']);
  });

  it('falls back to /accounts/peertube without that link or without nodeinfo', async () => {
    const noLink = JSON.stringify({ links: [{ rel: 'http://nodeinfo.diaspora.software/ns/schema/2.0', href: 'https://video.example/nodeinfo/2.0.json' }] });
    expect(await discoverInstanceActorUrl(deps({ 'https://video.example/.well-known/nodeinfo': json(noLink) }, false).deps, 'video.example')).toBe(
      'https://video.example/accounts/peertube',
    );
    expect(await discoverInstanceActorUrl(deps({}, false).deps, 'video.example')).toBe('https://video.example/accounts/peertube');
  });

  it('ignores an Application link that points at another host', async () => {
    const elsewhere = JSON.stringify({ links: [{ rel: 'https://www.w3.org/ns/activitystreams#Application', href: 'https://evil.example/accounts/peertube' }] });
    expect(await discoverInstanceActorUrl(deps({ 'https://video.example/.well-known/nodeinfo': json(elsewhere) }, false).deps, 'video.example')).toBe(
      'https://video.example/accounts/peertube',
    );
  });

  it('uses https, and http only for loopback hosts when the dev setting allows it', () => {
    expect(baseUrlOfHost(deps({}, false).deps, '127.0.0.1:9000')).toBe('https://127.0.0.1:9000');
    expect(baseUrlOfHost(deps({}, true).deps, '127.0.0.1:9000')).toBe('http://127.0.0.1:9000');
    expect(baseUrlOfHost(deps({}, true).deps, 'video.example')).toBe('https://video.example');
  });
});

describe('resolving a handle', () => {
  it('takes the rel=self ActivityPub link of WebFinger (application/jrd+json)', async () => {
    const url = 'https://video.example/.well-known/webfinger?resource=acct%3Aroot_channel%40video.example';
    const jrd = JSON.stringify({
      subject: 'acct:root_channel@video.example',
      links: [{ rel: 'self', type: 'application/activity+json', href: 'https://video.example/video-channels/root_channel' }],
    });
    const { deps: d } = deps({ [url]: json(jrd, 'application/jrd+json') }, false);
    expect(await webfingerActorUrl(d, 'root_channel@video.example')).toBe('https://video.example/video-channels/root_channel');
  });

  it('refuses what is not a handle, and a handle without an actor', async () => {
    await expect(webfingerActorUrl(deps({}, false).deps, 'not-a-handle')).rejects.toThrow(/not a name@host/);
    await expect(webfingerActorUrl(deps({}, false).deps, 'x@video.example')).rejects.toThrow(/404/);
  });
});
