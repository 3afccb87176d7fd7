import { describe, expect, it } from 'vitest';
import { wantsActivityPub } from './content-negotiation';

describe('wantsActivityPub', () => {
  it.each([
    ['application/activity+json', true],
    ['application/ld+json; profile="https://www.w3.org/ns/activitystreams"', true],
    ['application/activity+json, application/ld+json', true], // PeerTube's fetcher
    ['application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams", text/html;q=0.1', true], // Mastodon
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', false], // a browser
    ['*/*', false],
    ['', false],
    [undefined, false],
    ['application/json', false],
    ['text/html, application/activity+json', false],
    ['text/html;q=0.5, application/activity+json', true],
    ['application/activity+json;q=0', false],
  ])('%s → %s', (accept, expected) => {
    expect(wantsActivityPub(accept)).toBe(expected);
  });
});
