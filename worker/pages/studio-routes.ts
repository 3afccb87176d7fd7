import { Hono, type Context } from 'hono';
import type { AppEnv, UserEnv } from '../http/context';
import { signedIn } from './guards';
import { channelListQueries, listChannels, toChannelList } from '../services/channels';
import { manageable } from '../services/videos';
import { listVideos, toExtras, videoDetailQueries } from '../services/video-queries';
import { parseVideoId } from '../services/short-uuid';
import { serializeVideo, serializeVideoDetails } from '../serializers/video';
import { ApiError } from '../errors';
import { pageEnv } from './page-env';
import { renderManagePage, renderMyVideos, renderUploadPage, type ChannelChoice } from './studio-views';

const myChannelsOptions = (c: Context<UserEnv>) => ({ accountId: c.var.viewer.accountId, start: 0, count: 100, sort: 'id' });
const toChoices = ({ data }: ReturnType<typeof toChannelList>): ChannelChoice[] =>
  data.map((ch) => ({ id: ch.channel.id, displayName: ch.channel.displayName, name: ch.actor.preferredUsername }));

async function myChannels(c: Context<UserEnv>): Promise<ChannelChoice[]> {
  return toChoices(await listChannels(c.var.db, myChannelsOptions(c)));
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
    // The video, its extras and the viewer's channels in one round trip (issue 9).
    const db = c.var.db;
    const [rows, tags, files, playlists, originals, captions, channelRows, totals] = await db.batch([
      ...videoDetailQueries(db, ref),
      ...channelListQueries(db, myChannelsOptions(c)),
    ]);
    const row = manageable(rows[0], c.var.viewer);
    const env = await pageEnv(c, { form: true });
    const details = serializeVideoDetails(row, toExtras([tags, files, playlists, originals, captions]), env.config);
    return c.html(renderManagePage(env, details, toChoices(toChannelList(channelRows, totals)), c.req.query('uploaded') === '1'));
  });

  return app;
}
