import { describe, expect, it } from 'vitest';
import type { Comment } from '../../db/schema';
import { noteAudience, serializeNote } from './serialize-note';
import { serializeRate, serializeUndo, serializeView, localViewUrl } from './serialize-rate';

const at = new Date('2026-11-26T16:08:03.000Z');
const comment = (over: Partial<Comment> = {}): Comment => ({
  id: 7,
  videoId: 2,
  accountId: 3,
  inReplyToCommentId: null,
  originCommentId: null,
  text: 'Hello',
  deletedAt: null,
  heldForReview: false,
  replyApproval: null,
  url: 'https://edge.example/videos/watch/u/comments/7',
  createdAt: at,
  updatedAt: at,
  ...over,
});
const author = { url: 'https://edge.example/accounts/bob', followersUrl: 'https://edge.example/accounts/bob/followers' };
const base = {
  videoUrl: 'https://pt.example/videos/watch/u',
  videoIsLocal: false,
  parentUrl: null,
  author,
  mentions: [],
  extraCc: ['https://pt.example/accounts/root/followers'],
  localHost: 'edge.example',
};

describe('serializeNote', () => {
  it('builds the Note PeerTube accepted (accepted-by-peertube-comment.json), addressed to the public', () => {
    const note = serializeNote({ ...base, comment: comment() });
    expect(note).toMatchObject({
      type: 'Note',
      id: comment().url,
      url: comment().url,
      attributedTo: author.url,
      inReplyTo: base.videoUrl,
      content: 'Hello',
      mediaType: 'text/markdown',
      published: at.toISOString(),
      updated: at.toISOString(),
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [author.followersUrl, base.extraCc[0]],
      tag: [],
    });
  });

  it('answers the parent and mentions its author; a deleted comment is a Tombstone', () => {
    const reply = serializeNote({
      ...base,
      comment: comment({ inReplyToCommentId: 5, originCommentId: 5 }),
      parentUrl: 'https://pt.example/c/5',
      mentions: [
        { url: 'https://pt.example/accounts/root', preferredUsername: 'root', host: 'pt.example' },
        { url: author.url, preferredUsername: 'bob', host: null },
      ],
    });
    expect(reply).toMatchObject({
      inReplyTo: 'https://pt.example/c/5',
      tag: [{ type: 'Mention', href: 'https://pt.example/accounts/root', name: '@root@pt.example' }, { name: '@bob@edge.example' }],
    });
    const gone = serializeNote({ ...base, comment: comment({ deletedAt: at, text: '' }) });
    expect(gone).toEqual({
      id: comment().url,
      type: 'Tombstone',
      formerType: 'Note',
      inReplyTo: base.videoUrl,
      published: at.toISOString(),
      updated: at.toISOString(),
      deleted: at.toISOString(),
    });
  });

  it('carries the Markdown as typed, as PeerTube does, with no HTML and no source', () => {
    const text = '**Nice** video & <3\n\nsecond paragraph';
    const note = serializeNote({ ...base, comment: comment({ text }) });
    expect(note).toMatchObject({ content: text, mediaType: 'text/markdown' });
    expect(note).not.toHaveProperty('source');
  });

  it("carries replyApproval as PeerTube does: ours on our videos, the origin's once received, none while held", () => {
    const local = { ...base, videoUrl: 'https://edge.example/videos/watch/u', videoIsLocal: true };
    expect(serializeNote({ ...local, comment: comment() })).toMatchObject({ replyApproval: 'https://edge.example/videos/watch/u/comments/7/approve-reply' });
    expect(serializeNote({ ...base, comment: comment() })).not.toHaveProperty('replyApproval');
    expect(serializeNote({ ...base, comment: comment({ heldForReview: true }) })).not.toHaveProperty('replyApproval');
    const approved = comment({ replyApproval: 'https://pt.example/videos/watch/u/comments/3/approve-reply' });
    expect(serializeNote({ ...base, comment: approved })).toMatchObject({ replyApproval: approved.replyApproval });
  });

  it('does not repeat a followers collection in cc', () => {
    expect(noteAudience({ author, extraCc: [author.followersUrl] }).cc).toEqual([author.followersUrl]);
  });
});

describe('rate and view activities', () => {
  it("Like, Dislike, View and Undo in PeerTube's shapes", () => {
    const like = serializeRate({ type: 'like', id: `${author.url}/likes/2`, actor: author, videoUrl: base.videoUrl });
    expect(like).toMatchObject({
      type: 'Like',
      id: `${author.url}/likes/2`,
      actor: author.url,
      object: base.videoUrl,
      to: ['https://www.w3.org/ns/activitystreams#Public'],
      cc: [author.followersUrl],
    });
    expect(serializeRate({ type: 'dislike', id: 'x', actor: author, videoUrl: base.videoUrl }).type).toBe('Dislike');
    const undo = serializeUndo(like);
    expect(undo).toMatchObject({ type: 'Undo', id: `${like.id}/undo`, actor: author.url, object: { type: 'Like', id: like.id } });
    expect(undo.object).not.toHaveProperty('@context');
    const view = serializeView({ id: localViewUrl(author.url, 2, 'abc'), actor: author, videoUrl: base.videoUrl });
    expect(view).toMatchObject({ type: 'View', id: `${author.url}/views/videos/2/abc`, object: base.videoUrl });
    expect(view).not.toHaveProperty('expires');
  });
});
