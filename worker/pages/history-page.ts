import { html } from 'hono/html';
import { z } from 'zod';
import { requireCsrf } from '../http/csrf';
import { listHistory, removeHistoryBefore, removeHistoryVideo } from '../services/history';
import { updateMe } from '../services/users';
import { serializeVideo, type VideoJson } from '../serializers/video';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { signedInPages } from './guards';
import { accountSubnav } from './account-nav';
import { accountStyles } from './account-views';
import { pager, pageQuery } from './paging';
import { channelPath, duration } from './video-grid';

const PAGE_SIZE = 20;
const PATH = '/my/history/videos';

function renderHistory(env: PageEnv, videos: VideoJson[], total: number, page: number) {
  const { t, config } = env;
  const enabled = env.viewer?.videosHistoryEnabled !== false;
  const body = html`${accountSubnav(env, 'history')}
    <h1>${t('history.title')}</h1>
    <div class="actions">
      <p class="lead" id="history-state">${enabled ? t('history.on') : t('history.off')}</p>
      <form method="post" action="${PATH}/switch">
        ${csrfField(env)}<input type="hidden" name="enabled" value="${enabled ? '0' : '1'}" />
        <button type="submit" class="secondary">${enabled ? t('history.turnOff') : t('history.turnOn')}</button>
      </form>
      ${
        total
          ? html`<form method="post" action="${PATH}/clear">${csrfField(env)}<button type="submit" class="secondary">${t('history.clear')}</button></form>`
          : ''
      }
    </div>
    ${
      videos.length
        ? html`<ul class="history">
            ${videos.map((v) => {
              const at = v.userHistory?.currentTime ?? 0;
              return html`<li data-video-id="${v.id}">
                <a href="/w/${v.shortUUID}?start=${at}" class="resume">${v.name}</a>
                <a class="channel" href="${channelPath(v.channel, config)}">${v.channel.displayName}</a>
                <span class="meta">${t('history.resume', { time: duration(at) })}</span>
                <form method="post" action="${PATH}/remove" class="inline">
                  ${csrfField(env)}<input type="hidden" name="videoId" value="${v.id}" /><input type="hidden" name="page" value="${page}" />
                  <button type="submit" class="link" aria-label="${t('history.removeNamed', { name: v.name })}">${t('history.remove')}</button>
                </form>
              </li>`;
            })}
          </ul>`
        : html`<p>${t('history.none')}</p>`
    }
    ${pager(env, PATH, {}, page, total, { size: PAGE_SIZE })}`;
  return layout(env, { title: t('history.title'), head: accountStyles }, body);
}

const removeForm = z.object({ videoId: z.coerce.number().int().positive(), page: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** /my/history/videos: the API's /users/me/history/videos as a page, with the switch, remove and clear as forms. */
export function historyPages() {
  const app = signedInPages([PATH]);

  app.get(PATH, async (c) => {
    const page = pageQuery(c.req.query('page'));
    const { db, config, viewer } = c.var;
    const { total, data } = await listHistory(db, viewer, { start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, sort: '-updatedAt' });
    return c.html(
      renderHistory(
        await pageEnv(c),
        data.map((row) => serializeVideo(row, config)),
        total,
        page,
      ),
    );
  });

  app.post(`${PATH}/switch`, requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    await updateMe(c.var.db, c.var.viewer, { videosHistoryEnabled: body.enabled === '1' });
    return c.redirect(PATH, 303);
  });

  app.post(`${PATH}/remove`, requireCsrf(), async (c) => {
    const parsed = removeForm.safeParse(await c.req.parseBody());
    if (parsed.success) await removeHistoryVideo(c.var.db, c.var.viewer, parsed.data.videoId);
    const page = parsed.success ? parsed.data.page : 1;
    return c.redirect(page > 1 ? `${PATH}?page=${page}` : PATH, 303);
  });

  app.post(`${PATH}/clear`, requireCsrf(), async (c) => {
    await removeHistoryBefore(c.var.db, c.var.viewer);
    return c.redirect(PATH, 303);
  });

  return app;
}
