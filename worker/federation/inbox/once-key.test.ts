import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { onceKeyOf } from './once-key';
import type { Activity } from './activity';

const FIXTURES = new URL('../../../test/fixtures/peertube-6.3/signed/', import.meta.url);
const signedBody = (name: string) => JSON.parse(JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')).body) as Activity;

describe('onceKeyOf', () => {
  it('is the activity id for activities whose id names one event', () => {
    for (const name of [
      'create-video-from-peertube.json',
      'follow-from-peertube.json',
      'announce-video-from-peertube.json',
      'approve-reply-from-peertube.json',
    ]) {
      const activity = signedBody(name);
      expect(onceKeyOf(activity)).resolves.toBe(activity.id);
    }
  });

  it('tells apart two PeerTube Updates with the same id and another object, and not a replay', async () => {
    const first = signedBody('update-video-from-peertube.json');
    const replay = signedBody('update-video-from-peertube.json');
    const second = signedBody('update-video-from-peertube.json');
    // What PeerTube sends once HLS is done: same id (the video's updatedAt did not move), a new playlist.
    (second.object as { url: Array<{ href: string }> }).url.forEach((u) => {
      u.href = u.href.replace('97facb15', '0d9e2c41');
    });
    expect(second.id).toBe(first.id);
    const [a, b, c] = await Promise.all([onceKeyOf(first), onceKeyOf(replay), onceKeyOf(second)]);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a.startsWith(`${first.id}#`)).toBe(true);
  });

  it('keys an Update that only names its object by the id', async () => {
    const activity = { id: 'https://pt.example/u/1', type: 'Update', actor: 'https://pt.example/accounts/a', object: 'https://pt.example/videos/watch/x' };
    expect(await onceKeyOf(activity)).toBe(activity.id);
  });
});
