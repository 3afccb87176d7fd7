import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { edgeCache, markPublic } from '../http/edge-cache';
import { invalidateAfterRead } from '../http/edge-cache-invalidate';
import { VIDEO_PRIVACY } from '../db/schema';
import { isHandle, isUrl, searchesRemotely, searchVideos, searchVideosAndChannels } from '../services/search';
import { serializeVideo, type VideoJson } from '../serializers/video';
import { serializeChannel, type ChannelJson } from '../serializers/channel';
import { pageEnv, type PageEnv } from './page-env';
import { layout } from './layout';
import { channelCards } from './actor-pages';
import { videoGrid } from './video-grid';
import { pageFromQuery, pager } from './paging';
import { listPolicy } from './browse-routes';

/** Channels shown beside the videos (the first ones; a handle or URL is one). */
const CHANNELS_SHOWN = 6;

type SearchData = { search: string; tag?: string; videos: VideoJson[]; total: number; page: number; channels: ChannelJson[] };

function renderSearchPage(env: PageEnv, data: SearchData) {
  const { t, config } = env;
  const remote = isUrl(data.search) || isHandle(data.search);
  const heading = data.tag ? t('search.tag', { tag: data.tag }) : data.search ? `${t('search.title')}: ${data.search}` : t('search.title');
  const body = html`<section class="search-page">
    <h1>${heading}</h1>
    <form method="get" action="/search" role="search">
      <label for="search-q" class="sr">${t('search.field')}</label>
      <input id="search-q" type="search" name="search" value="${data.search}" placeholder="${t('nav.searchPlaceholder')}" />
      <button type="submit">${t('search.submit')}</button>
    </form>
    <p class="note">${t('search.hint')}</p>
    ${remote && !env.viewer ? html`<p class="note"><a href="/login?next=${encodeURIComponent(`/search?search=${data.search}`)}">${t('search.remoteSignIn')}</a></p>` : ''}
    ${
      data.search || data.tag
        ? html`<div class="results">
            ${
              data.tag
                ? ''
                : html`<h2>${t('search.channels')}</h2>
                    ${channelCards(env, data.channels, t('search.noChannels'))}`
            }
            <h2>${t('search.videos')} <span class="meta">${t('videos.count', { count: data.total })}</span></h2>
            ${data.videos.length ? videoGrid(env, data.videos) : html`<p class="empty">${t('search.noVideos')}</p>`}
            ${pager(env, '/search', { search: data.search, tagsOneOf: data.tag }, data.page, data.total)}
          </div>`
        : ''
    }
  </section>`;
  return layout(env, { title: heading, url: `${config.publicUrl}/search` }, body);
}

/**
 * /search?search=…: videos and channels, or the videos of a tag (`tagsOneOf`, the watch page's
 * tag links). A handle or URL goes through the search API's rules (services/search.ts).
 */
export function searchPages() {
  const app = new Hono<AppEnv>();
  app.get('/search', edgeCache({ kind: 'list', whenMarked: true }), async (c) => {
    const env = await pageEnv(c);
    const { db, config, viewer } = c.var;
    const deps = { db, config, queue: c.env.JOBS };
    const search = (c.req.query('search') ?? '').trim().slice(0, 500);
    const tag = (c.req.query('tagsOneOf') ?? '').trim().slice(0, 100) || undefined;
    const { page, start, count } = pageFromQuery(c.req.query('page'));
    const pagination = { start, count, sort: '-publishedAt' };
    const empty = { total: 0, data: [] };
    const channelPage = { start: 0, count: CHANNELS_SHOWN, sort: '-createdAt' };
    const { videos, channels } = tag
      ? { videos: await searchVideos(deps, viewer, '', pagination, listPolicy(c, env), { tagsOneOf: [tag] }), channels: empty }
      : search
        ? await searchVideosAndChannels(deps, viewer, search, { videos: pagination, channels: channelPage }, listPolicy(c, env))
        : { videos: empty, channels: empty };
    if (searchesRemotely(viewer, search)) await invalidateAfterRead(c);
    // A URL search may find an unlisted remote video: such a page is never stored.
    if (videos.data.every((r) => r.video.privacy === VIDEO_PRIVACY.PUBLIC)) markPublic(c);
    return c.html(
      renderSearchPage(env, {
        search,
        tag,
        videos: videos.data.map((r) => serializeVideo(r, config)),
        total: videos.total,
        page,
        channels: channels.data.map((ch) => serializeChannel(ch, config)),
      }),
    );
  });
  return app;
}
