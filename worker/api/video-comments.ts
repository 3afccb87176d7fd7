import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { findVideoFor, loadVideo, visibleVideoRead } from '../http/load-video';
import { paginationSchema } from '../http/pagination';
import { ApiError } from '../errors';
import { commentTextField, COMMENT_THREAD_SORTS, createComment, deleteComment, type CommentDeps } from '../services/comments';
import { serializeComment } from '../serializers/comment';
import { edgeCache } from '../http/edge-cache';
import { commentReader, findVideoWithThread, findVideoWithThreads, threadTree } from '../services/comment-reads';
import { approveComment } from '../services/comment-approval';
import { videoRef } from './videos-params';

const textBody = z.object({ text: commentTextField });

const threadsQuery = paginationSchema(COMMENT_THREAD_SORTS, '-createdAt');

/** A comment or thread id in the path: a positive integer, else PeerTube's 400 invalid-params. */
function commentIdParam(c: Context, name: 'threadId' | 'commentId'): number {
  const value = c.req.param(name) ?? '';
  if (!/^\d{1,15}$/.test(value) || Number(value) <= 0) {
    throw ApiError.invalidParams({ [name]: { type: 'field', value, msg: `Should have a valid ${name}`, path: name, location: 'params' } });
  }
  return Number(value);
}

const deps = <E extends AppEnv>(c: Context<E>): CommentDeps => ({ db: c.var.db, config: c.var.config, queue: c.env.JOBS });

/** /videos/:id/comment-threads and /videos/:id/comments: PeerTube's comment API. */
export function videoCommentRoutes() {
  const app = new Hono<AppEnv>();

  app.get('/:id/comment-threads', edgeCache({ kind: 'content', whenMarked: true }), validate('query', threadsQuery), async (c) => {
    // The video and its threads in one round trip; the threads are shown only once the viewer may see the video.
    const found = await findVideoWithThreads(c.var.db, videoRef(c), c.req.valid('query'), commentReader(c.var.viewer));
    const { total, totalNotDeletedComments, data } = visibleVideoRead(c, found).threads;
    return c.json({ total, totalNotDeletedComments, data: data.map((r) => serializeComment(r, c.var.config)) });
  });

  app.post('/:id/comment-threads', requireUser(), validate('json', textBody), loadVideo(), async (c) => {
    const row = c.var.video;
    const created = await createComment(deps(c), c.var.viewer, row, { text: c.req.valid('json').text });
    return c.json({ comment: serializeComment(created, c.var.config) });
  });

  // The video and the thread in one round trip (issue 9); cached like the thread list.
  app.get('/:id/comment-threads/:threadId', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const threadId = commentIdParam(c, 'threadId');
    const found = await findVideoWithThread(c.var.db, videoRef(c), threadId, commentReader(c.var.viewer));
    return c.json(threadTree(c.var.config, visibleVideoRead(c, found)));
  });

  app.post('/:id/comments/:commentId', requireUser(), validate('json', textBody), async (c) => {
    const commentId = commentIdParam(c, 'commentId');
    const row = await findVideoFor(c);
    const created = await createComment(deps(c), c.var.viewer, row, { text: c.req.valid('json').text, inReplyToCommentId: commentId });
    return c.json({ comment: serializeComment(created, c.var.config) });
  });

  app.post('/:id/comments/:commentId/approve', requireUser(), async (c) => {
    const commentId = commentIdParam(c, 'commentId');
    const row = await findVideoFor(c);
    await approveComment(deps(c), c.var.viewer, row, commentId);
    return c.body(null, 204);
  });

  app.delete('/:id/comments/:commentId', requireUser(), async (c) => {
    const commentId = commentIdParam(c, 'commentId');
    const row = await findVideoFor(c);
    await deleteComment(deps(c), c.var.viewer, row, commentId);
    return c.body(null, 204);
  });

  return app;
}
