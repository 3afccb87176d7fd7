import { describe, expect, it } from 'vitest';
import { isActivityPubUrlValid, isVideoChaptersObjectValid, isVideoCommentObjectValid } from './peertube-validators';

describe('isActivityPubUrlValid (PeerTube 6.3)', () => {
  it('takes http(s) URLs with a real host, an IP, or localhost on a dev peer', () => {
    expect(isActivityPubUrlValid('https://video.example/videos/watch/x/chapters')).toBe(true);
    expect(isActivityPubUrlValid('http://127.0.0.1:8787/videos/watch/x/chapters')).toBe(true);
    expect(isActivityPubUrlValid('http://localhost:9000/videos/watch/x')).toBe(false);
    expect(isActivityPubUrlValid('http://localhost:9000/videos/watch/x', { requireTld: false })).toBe(true);
  });

  it('refuses other schemes, no URL, and over-long URLs', () => {
    expect(isActivityPubUrlValid('ftp://video.example/x')).toBe(false);
    expect(isActivityPubUrlValid('video.example/x')).toBe(false);
    expect(isActivityPubUrlValid(undefined)).toBe(false);
    expect(isActivityPubUrlValid(`https://video.example/${'a'.repeat(2000)}`)).toBe(false);
  });
});

describe('isVideoChaptersObjectValid (PeerTube 6.3)', () => {
  const id = 'https://video.example/videos/watch/x/chapters';

  it("takes PeerTube's own shape, empty or not", () => {
    expect(isVideoChaptersObjectValid({ id, hasPart: [] })).toBe(true);
    expect(
      isVideoChaptersObjectValid({
        id,
        hasPart: [
          { name: 'Intro', startOffset: 0, endOffset: 5 },
          { name: 'Rest', startOffset: 5, endOffset: 60 },
        ],
      }),
    ).toBe(true);
  });

  it('refuses what edgetube served before: a collection without hasPart', () => {
    expect(isVideoChaptersObjectValid({ id, type: 'OrderedCollection', totalItems: 0 })).toBe(false);
  });

  it('refuses bad parts: empty or over-long names, negative or fractional offsets', () => {
    expect(isVideoChaptersObjectValid({ id, hasPart: [{ name: '', startOffset: 0 }] })).toBe(false);
    expect(isVideoChaptersObjectValid({ id, hasPart: [{ name: 'x'.repeat(101), startOffset: 0 }] })).toBe(false);
    expect(isVideoChaptersObjectValid({ id, hasPart: [{ name: 'x', startOffset: -1 }] })).toBe(false);
    expect(isVideoChaptersObjectValid({ id, hasPart: [{ name: 'x', startOffset: 1.5 }] })).toBe(false);
    expect(isVideoChaptersObjectValid({ hasPart: [] })).toBe(false);
  });
});

describe('isVideoCommentObjectValid (PeerTube 6.3)', () => {
  const note = {
    type: 'Note',
    id: 'https://video.example/videos/watch/x/comments/1',
    content: '**hi**',
    mediaType: 'text/markdown',
    inReplyTo: 'https://video.example/videos/watch/x',
    published: '2026-11-26T16:08:03.000Z',
    updated: '2026-11-26T16:08:03.000Z',
    attributedTo: 'https://video.example/accounts/a',
    to: ['https://www.w3.org/ns/activitystreams#Public'],
    cc: [],
    tag: [],
  };

  it('takes the Note PeerTube builds, with or without url and replyApproval', () => {
    expect(isVideoCommentObjectValid(note)).toBe(true);
    expect(isVideoCommentObjectValid({ ...note, url: note.id, replyApproval: `${note.id}/approve-reply` })).toBe(true);
  });

  it('refuses an empty content, no inReplyTo, no to, a bad date or a bad replyApproval', () => {
    expect(isVideoCommentObjectValid({ ...note, content: '' })).toBe(false);
    expect(isVideoCommentObjectValid({ ...note, inReplyTo: undefined })).toBe(false);
    expect(isVideoCommentObjectValid({ ...note, to: undefined })).toBe(false);
    expect(isVideoCommentObjectValid({ ...note, published: 'yesterday' })).toBe(false);
    expect(isVideoCommentObjectValid({ ...note, replyApproval: 'nope' })).toBe(false);
    expect(isVideoCommentObjectValid({ ...note, type: 'Article' })).toBe(false);
  });
});
