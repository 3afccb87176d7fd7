/**
 * Videos as ActivityPub objects, by content negotiation on the watch page URLs
 * (`/videos/watch/:id`, `/w/:id`), and the collections a Video links to.
 * Other requests fall through to the page handlers.
 */
import { Hono, type Context } from 'hono';
import { corsAnyOrigin } from '../../http/cors';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { findVideoWithExtras, videoRefIds, videoRowQuery, type VideoExtras, type VideoRow } from '../../services/video-queries';
import { parseVideoId } from '../../services/short-uuid';
import { orderedCollection, pageWindow, parsePage } from '../collections';
import { wantsActivityPub } from '../content-negotiation';
import { serializeVideoObject } from '../objects/serialize-video';
import { isFederatable } from '../../services/video-access';
import { VIDEO_COLLECTIONS, videoCollectionQueries } from '../objects/video-collections';
import { serializeChaptersObject } from '../objects/serialize-chapters';
import { findVideoWithChapters } from '../../services/chapters';
import { activityJson } from './respond';
import { edgeCache, markPublic } from '../../http/edge-cache';
import { VIDEO_PRIVACY } from '../../db/schema';
import { buildCreateVideo } from '../outbox/video-activities';

const refOf = (c: Context<AppEnv>) => parseVideoId(c.req.param('id') ?? '');

/**
 * A federatable local video, with what came in the same round trip (its extras, its chapters),
 * marked for the edge cache when public; a remote one redirects to its origin, as PeerTube does.
 */
function federatableRead<T extends { row: VideoRow }>(c: Context<AppEnv>, found: T | undefined): T | { redirect: string } {
  if (found && !found.row.video.isLocal) return { redirect: found.row.video.url };
  if (!found || !isFederatable(found.row)) throw ApiError.notFound('Video not found');
  if (found.row.video.privacy === VIDEO_PRIVACY.PUBLIC) markPublic(c);
  return found;
}

/** The video with what its object and collections need. */
async function loadVideo(c: Context<AppEnv>): Promise<{ row: VideoRow; extras: VideoExtras } | { redirect: string }> {
  const ref = refOf(c);
  return federatableRead(c, ref ? await findVideoWithExtras(c.var.db, ref) : undefined);
}

export function videoObjectRoutes() {
  const app = new Hono<AppEnv>();
  for (const prefix of ['/videos/watch', '/w']) {
    app.use(`${prefix}/:id/*`, corsAnyOrigin());

    // The page handler behind this one (pages/routes.ts) marks its answers too.
    app.get(`${prefix}/:id`, edgeCache({ kind: 'content', whenMarked: true }), async (c, next) => {
      if (!wantsActivityPub(c.req.header('accept'))) return next();
      const found = await loadVideo(c);
      if ('redirect' in found) return c.redirect(found.redirect, 302);
      c.header('access-control-allow-origin', '*');
      return activityJson(c, serializeVideoObject(c.var.config, found.row, found.extras));
    });

    // The Create the owner sent for it (PeerTube's videoController, `req.path.endsWith('/activity')`);
    // a remote video redirects to its own URL, as redirectIfNotOwned does.
    app.get(`${prefix}/:id/activity`, edgeCache({ kind: 'content', whenMarked: true }), async (c, next) => {
      if (!wantsActivityPub(c.req.header('accept'))) return next();
      const found = await loadVideo(c);
      if ('redirect' in found) return c.redirect(found.redirect, 302);
      return activityJson(c, buildCreateVideo(c.var.config, found.row, found.extras));
    });

    // PeerTube's videoChaptersController: `{ id, hasPart }`; a remote video's are at its origin.
    app.get(`${prefix}/:id/chapters`, edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
      const ref = refOf(c);
      const found = federatableRead(c, ref ? await findVideoWithChapters(c.var.db, ref) : undefined);
      if ('redirect' in found) return c.redirect(`${found.redirect}/chapters`, 302);
      return activityJson(c, serializeChaptersObject(found.row.video.url, found.chapters, found.row.video.duration ?? 0));
    });

    // The video and the page of its collection in one round trip (issue 9): the collection's
    // queries name the video by a subquery on its id or uuid.
    for (const name of VIDEO_COLLECTIONS) {
      app.get(`${prefix}/:id/${name}`, edgeCache({ kind: 'content', whenMarked: true }), async (c) => {
        const { db } = c.var;
        const ref = refOf(c);
        const page = parsePage(c.req.query('page'));
        const { start, limit } = pageWindow(page);
        const collection = ref ? videoCollectionQueries(db, videoRefIds(ref).videoId, name, start, limit) : undefined;
        const [rows, ...answers] = ref && collection ? await db.batch([videoRowQuery(db, ref), ...collection.queries]) : [[]];
        const row = (rows as VideoRow[])[0];
        const found = federatableRead(c, row ? { row } : undefined);
        if ('redirect' in found) return c.redirect(`${found.redirect}/${name}`, 302);
        const base = `${found.row.video.url}/${name}`;
        return activityJson(c, await orderedCollection(base, page, async () => collection!.read(answers, found.row.video.id)));
      });
    }
  }
  return app;
}
