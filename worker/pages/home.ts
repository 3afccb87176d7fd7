import { html } from 'hono/html';
import type { VideoJson } from '../serializers/video';
import type { PageEnv } from './page-env';
import { layout } from './layout';

/** The home page: the newest public videos, local and from followed instances. */
export function renderHomePage(env: PageEnv, videos: VideoJson[]) {
  const { config, t } = env;
  const description = env.custom.instance.shortDescription;
  const body = html`<p class="lead">${description}</p>
    <ul class="videos">
      ${videos.map(
        (v) =>
          html`<li>
            <a href="/w/${v.shortUUID}"
              ><img src="${v.thumbnailPath ? `${config.publicUrl}${v.thumbnailPath}` : ''}" alt="" width="280" height="157" loading="lazy" /><span class="name"
                >${v.name}</span
              ></a
            ><span class="channel">${v.channel.displayName}${v.isLocal ? '' : html` · ${v.channel.host}`}</span>
          </li>`,
      )}
    </ul>
    ${videos.length === 0 ? html`<p>${t('home.empty')}</p>` : ''}`;
  return layout(env, { title: t('home.title'), description, url: `${config.publicUrl}/` }, body);
}
