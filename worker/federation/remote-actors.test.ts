import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidRemoteActorError, keyIdToActorUrl, parseRemoteActor, pickIconUrl } from './remote-actors';
import type { RemoteObject } from './fetch/remote-fetch';

const FIXTURES = new URL('../../test/fixtures/peertube-6.3/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as RemoteObject;

describe('parseRemoteActor', () => {
  it("reads PeerTube 6.3's Group", () => {
    const doc = fixture('ap-group.json');
    expect(parseRemoteActor(doc, doc.id)).toMatchObject({
      type: 'Group',
      preferredUsername: 'root_channel',
      host: 'localhost:9000',
      url: 'http://localhost:9000/video-channels/root_channel',
      inboxUrl: 'http://localhost:9000/video-channels/root_channel/inbox',
      sharedInboxUrl: 'http://localhost:9000/inbox',
      followersUrl: 'http://localhost:9000/video-channels/root_channel/followers',
      publicKeyPem: expect.stringContaining('BEGIN PUBLIC KEY'),
      name: 'Main root channel',
    });
  });

  it('refuses an actor served under another id, or that is not an actor', () => {
    const doc = fixture('ap-person.json');
    expect(() => parseRemoteActor(doc, 'http://localhost:9000/accounts/other')).toThrow(InvalidRemoteActorError);
    expect(() => parseRemoteActor({ ...doc, type: 'Note' }, doc.id)).toThrow(InvalidRemoteActorError);
    expect(() => parseRemoteActor({ ...doc, inbox: undefined }, doc.id)).toThrow(InvalidRemoteActorError);
  });

  it('drops a key that names another owner', () => {
    const doc = fixture('ap-person.json');
    const key = doc.publicKey as Record<string, unknown>;
    const parsed = parseRemoteActor({ ...doc, publicKey: { ...key, owner: 'http://localhost:9000/accounts/peertube' } }, doc.id);
    expect(parsed.publicKeyPem).toBeNull();
  });
});

describe('pickIconUrl', () => {
  const image = (width: number | undefined, name: string) => ({
    type: 'Image',
    mediaType: 'image/png',
    width,
    height: width,
    url: `https://peer.example/lazy-static/avatars/${name}.png`,
  });

  it("keeps the smallest of PeerTube's sizes at least 120 px wide, whatever their order", () => {
    expect(pickIconUrl([image(1500, 'xl'), image(48, 's'), image(600, 'l'), image(120, 'm')])).toBe('https://peer.example/lazy-static/avatars/m.png');
    expect(pickIconUrl([image(48, 's'), image(96, 'm')])).toBe('https://peer.example/lazy-static/avatars/m.png');
  });

  it("takes Mastodon's one Image, or the first of unsized ones, and nothing that is no http URL", () => {
    expect(pickIconUrl({ type: 'Image', url: 'https://masto.example/avatar.jpg' })).toBe('https://masto.example/avatar.jpg');
    expect(pickIconUrl([image(undefined, 'a'), image(undefined, 'b')])).toBe('https://peer.example/lazy-static/avatars/a.png');
    expect(pickIconUrl([{ type: 'Image', url: 'javascript:alert(1)' }])).toBeNull();
    expect(pickIconUrl(undefined)).toBeNull();
  });
});

describe('keyIdToActorUrl', () => {
  it("accepts PeerTube's bare URL and Mastodon's #main-key", () => {
    expect(keyIdToActorUrl('http://localhost:9000/accounts/peertube')).toBe('http://localhost:9000/accounts/peertube');
    expect(keyIdToActorUrl('https://m.example/users/a#main-key')).toBe('https://m.example/users/a');
  });
});
