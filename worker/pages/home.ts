import { html } from 'hono/html';
import type { Config } from '../config';
import type { VideoJson } from '../serializers/video';
import { layout } from './layout';

/** The home page: the newest public videos, local and from followed instances. */
export function renderHomePage(config: Config, instanceName: string, shortDescription: string, videos: VideoJson[]) {
  const body = html`<p class="lead">${shortDescription}</p>
<ul class="videos">
${videos.map((v) => html`<li><a href="/w/${v.shortUUID}"><img src="${v.thumbnailPath ? `${config.publicUrl}${v.thumbnailPath}` : ''}" alt="" width="280" height="157" loading="lazy"><span class="name">${v.name}</span></a><span class="channel">${v.channel.displayName}${v.isLocal ? '' : html` · ${v.channel.host}`}</span></li>`)}
</ul>
${videos.length === 0 ? html`<p>No videos yet.</p>` : ''}`;
  return layout({ title: 'Home', description: shortDescription, url: `${config.publicUrl}/` }, instanceName, body);
}
