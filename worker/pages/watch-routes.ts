import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { requireCsrf } from '../http/csrf';
import { wantsActivityPub } from '../federation/content-negotiation';
import { parseVideoId } from '../services/short-uuid';
import { canViewRow, findVideoWithExtras, viewerNsfwPolicy, type VideoExtras, type VideoRow } from '../services/video-queries';
import { edgeCache, markPublic } from '../http/edge-cache';
import { commentTextField, createComment } from '../services/comments';
import { rateVideo } from '../services/rates';
import { findWatchPageData } from '../services/watch-page-reads';
import { commentReader } from '../services/comment-reads';
import { approveComment } from '../services/comment-approval';
import { createVideoFileToken } from '../services/video-file-tokens';
import { serializeVideoDetails } from '../serializers/video';
import { VIDEO_PRIVACY } from '../db/schema';
import { ApiError } from '../errors';
import { pageEnv } from './page-env';
import { messagePage } from './layout';
import { renderEmbed, renderWatchPage } from './watch';
import { parsePlayerOptions } from './embed-options';
import { viewerAllowsP2P } from './player-p2p';
import { formString } from './forms';

const THREADS_PER_PAGE = 20;

/**
 * Whether a page may show this video to this viewer: the API's rule (services/video-access.ts),
 * a blocked video included (its owner's and the moderators' only).
 */
function mayView(c: Context<AppEnv>, row: VideoRow) {
  if (!canViewRow(row, c.var.viewer)) return false;
  // Only a public video's page may be kept by the edge cache (and only for anonymous visitors: edge-cache.ts).
  if (row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
  return true;
}

/** The player's URL parameters, with P2P off where this viewer or the instance turned it off. */
export async function playerOptions(c: Context<AppEnv>) {
  const options = parsePlayerOptions(new URL(c.req.url).searchParams);
  options.p2p &&= await viewerAllowsP2P(c.var.db, c.var.config, c.var.viewer);
  return options;
}

/** A page's `:id`: PeerTube's thread links add `;threadId=N` to the watch path (comment feeds link there). */
const videoRefOfPath = (id: string | undefined) => parseVideoId((id ?? '').split(';')[0]);

/** The video a page may show this viewer. */
async function findViewable(c: Context<AppEnv>, id: string): Promise<{ row: VideoRow; extras: VideoExtras } | undefined> {
  const ref = videoRefOfPath(id);
  const found = ref ? await findVideoWithExtras(c.var.db, ref) : undefined;
  return found && mayView(c, found.row) ? found : undefined;
}

/**
 * The player's details. Media of a video that is not public or unlisted needs a credential the
 * browser can put in a URL: PeerTube's video file token, re-injected into every playlist (ADR 0014).
 */
export async function detailsFor(c: Context<AppEnv>, { row, extras }: { row: VideoRow; extras: VideoExtras }) {
  const details = serializeVideoDetails(row, extras, c.var.config);
  const open = row.video.privacy === VIDEO_PRIVACY.PUBLIC || row.video.privacy === VIDEO_PRIVACY.UNLISTED;
  const secret = c.var.config.keyEncryptionSecret;
  if (open || !c.var.viewer || !secret) return details;
  const { token } = await createVideoFileToken(secret, { videoUuid: row.video.uuid, userId: c.var.viewer.userId });
  const withToken = (u: string | null) => (u ? `${u}?videoFileToken=${token}&reinjectVideoFileToken=true` : u);
  return {
    ...details,
    streamingPlaylists: details.streamingPlaylists.map((p) => ({ ...p, playlistUrl: withToken(p.playlistUrl) })),
    files: details.files.map((f) => ({ ...f, fileUrl: `${f.fileUrl}?videoFileToken=${token}` })),
  };
}

/** The watch and embed pages, and the watch page's two forms (rate, comment) over the API's services. */
export function watchPages() {
  const app = new Hono<AppEnv>();

  const notFound = async (c: Context<AppEnv>) => {
    const env = await pageEnv(c);
    return c.html(messagePage(env, env.t('notFound.title'), env.t('notFound.body')), 404);
  };

  for (const path of ['/w/:id', '/videos/watch/:id']) {
    app.get(path, edgeCache({ kind: 'content', whenMarked: true }), async (c, next) => {
      // ActivityPub clients get the Video object from the federation routes.
      if (wantsActivityPub(c.req.header('accept'))) return next();
      const { db, config, viewer } = c.var;
      const ref = videoRefOfPath(c.req.param('id'));
      // The video, its comment trees and the viewer's rate in one round trip (issue 9).
      const found = ref
        ? await findWatchPageData(db, config, ref, {
            threads: THREADS_PER_PAGE,
            viewerAccountId: viewer?.accountId,
            viewerUserId: viewer?.userId,
            reader: commentReader(viewer),
          })
        : undefined;
      if (!found || !mayView(c, found.row)) return notFound(c);
      const env = await pageEnv(c);
      const [details, nsfwPolicy, options] = await Promise.all([
        detailsFor(c, found),
        viewer ? viewerNsfwPolicy(db, viewer) : env.custom.instance.defaultNSFWPolicy,
        playerOptions(c),
      ]);
      const { rating, trees, totalComments, chapters } = found;
      options.history = viewer?.videosHistoryEnabled === true;
      return c.html(renderWatchPage(env, { details, rating, threads: trees, totalComments, nsfwPolicy, options, chapters }));
    });
  }

  app.get('/videos/embed/:id', edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
    const found = await findViewable(c, c.req.param('id'));
    if (!found) return notFound(c);
    const env = await pageEnv(c);
    // Any page may frame the embed, file: and about: ones included, which `frame-ancestors *`
    // would not match; every other page refuses to be framed (page-env.ts).
    c.header('content-security-policy', undefined);
    return c.html(renderEmbed(env, await detailsFor(c, found), await playerOptions(c)));
  });

  app.post('/w/:id/rate', requireCsrf(), async (c) => {
    const row = (await findViewable(c, c.req.param('id')))?.row;
    if (!row) return notFound(c);
    if (!c.var.viewer) return c.redirect(`/login?next=/w/${c.req.param('id')}`, 303);
    const rating = formString(await c.req.parseBody(), 'rating');
    if (rating !== 'like' && rating !== 'dislike' && rating !== 'none') throw ApiError.badRequest('Should have a valid rate type');
    await rateVideo({ db: c.var.db, queue: c.env.JOBS }, c.var.viewer, row, rating);
    return c.redirect(`/w/${c.req.param('id')}`, 303);
  });

  app.post('/w/:id/comments', requireCsrf(), async (c) => {
    const row = (await findViewable(c, c.req.param('id')))?.row;
    if (!row) return notFound(c);
    if (!c.var.viewer) return c.redirect(`/login?next=/w/${c.req.param('id')}`, 303);
    const body = await c.req.parseBody();
    const text = commentTextField.safeParse(formString(body, 'text')?.trim());
    if (!text.success) throw ApiError.badRequest(text.error.issues[0].message);
    const replyTo = formString(body, 'inReplyToCommentId');
    const inReplyToCommentId = replyTo && /^\d{1,15}$/.test(replyTo) ? Number(replyTo) : undefined;
    const created = await createComment({ db: c.var.db, config: c.var.config, queue: c.env.JOBS }, c.var.viewer, row, { text: text.data, inReplyToCommentId });
    return c.redirect(`/w/${c.req.param('id')}#c-${created.comment.id}`, 303);
  });

  app.post('/w/:id/comments/:commentId/approve', requireCsrf(), async (c) => {
    const row = (await findViewable(c, c.req.param('id')))?.row;
    const commentId = c.req.param('commentId');
    if (!row || !/^\d{1,15}$/.test(commentId)) return notFound(c);
    if (!c.var.viewer) return c.redirect(`/login?next=/w/${c.req.param('id')}`, 303);
    await approveComment({ db: c.var.db, config: c.var.config, queue: c.env.JOBS }, c.var.viewer, row, Number(commentId));
    return c.redirect(`/w/${c.req.param('id')}#c-${commentId}`, 303);
  });

  return app;
}
