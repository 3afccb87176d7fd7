import { describe, expect, it } from 'vitest';
import { buildFlag } from './flag-activity';

describe('buildFlag', () => {
  it("is PeerTube's Flag: the video as object, the reason as markdown, reasons as hashtags", () => {
    const flag = buildFlag({
      id: 'https://here.example/admin/abuses/4',
      actorUrl: 'https://here.example/accounts/peertube',
      flaggedAccountUrl: 'https://there.example/accounts/bob',
      videoUrl: 'https://there.example/videos/watch/u',
      reason: 'spam',
      predefinedReasons: ['spamOrMisleading'],
    });
    expect(flag).toMatchObject({
      type: 'Flag',
      id: 'https://here.example/admin/abuses/4',
      actor: 'https://here.example/accounts/peertube',
      object: ['https://there.example/videos/watch/u'],
      to: ['https://there.example/accounts/bob'],
      content: 'spam',
      mediaType: 'text/markdown',
      tag: [{ type: 'Hashtag', name: 'spamOrMisleading' }],
    });
  });

  it('flags the account when no video is reported', () => {
    const flag = buildFlag({ id: 'i', actorUrl: 'a', flaggedAccountUrl: 'https://there.example/accounts/bob', reason: 'r', predefinedReasons: [] });
    expect(flag.object).toEqual(['https://there.example/accounts/bob']);
    expect(flag.tag).toEqual([]);
  });
});
