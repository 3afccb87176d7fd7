import { Hono, type Context } from 'hono';
import type { AppEnv, UserEnv } from '../http/context';
import { signedIn } from './guards';
import { listChannels } from '../services/channels';
import { getManageableVideo } from '../services/videos';
import { listVideos, loadVideoExtras } from '../services/video-queries';
import { parseVideoId } from '../services/short-uuid';
import { serializeVideo, serializeVideoDetails } from '../serializers/video';
import { ApiError } from '../errors';
import { pageEnv } from './page-env';
import { renderManagePage, renderMyVideos, renderUploadPage, type ChannelChoice } from './studio-views';

async function myChannels(c: Context<UserEnv>): Promise<ChannelChoice[]> {
  const { data } = await listChannels(c.var.db, { accountId: c.var.viewer.accountId, start: 0, count: 100, sort: 'id' });
  return data.map((ch) => ({ id: ch.channel.id, displayName: ch.channel.displayName, name: ch.actor.preferredUsername }));
}

/** Upload, my videos and edit: pages for the signed-in user; the writes go through the REST API. */
export function studioPages() {
  const app = new Hono<AppEnv>();

  app.get('/videos/upload', signedIn(), async (c) => {
    // `?chunk=` lets the browser tests use small chunks, so progress has steps to show.
    const chunk = Number(c.req.query('chunk'));
    const env = await pageEnv(c, { form: true });
    return c.html(renderUploadPage(env, await myChannels(c), Number.isInteger(chunk) && chunk >= 256 * 1024 ? chunk : undefined));
  });

  app.get('/my/videos', signedIn(), async (c) => {
    const env = await pageEnv(c);
    const { data } = await listVideos(c.var.db, c.var.viewer, { kind: 'owner', userId: c.var.viewer.userId }, {}, { start: 0, count: 100, sort: '-createdAt' });
    return c.html(
      renderMyVideos(
        env,
        data.map((r) => serializeVideo(r, env.config)),
      ),
    );
  });

  app.get('/videos/manage/:id', signedIn(), async (c) => {
    const ref = parseVideoId(c.req.param('id'));
    if (!ref) throw ApiError.notFound('Video not found');
    const row = await getManageableVideo(c.var.db, c.var.viewer, ref);
    const env = await pageEnv(c, { form: true });
    const details = serializeVideoDetails(row, await loadVideoExtras(c.var.db, row.video.id), env.config);
    return c.html(renderManagePage(env, details, await myChannels(c), c.req.query('uploaded') === '1'));
  });

  return app;
}
