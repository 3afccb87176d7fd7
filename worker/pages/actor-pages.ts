import { html } from 'hono/html';
import type { ChannelJson } from '../serializers/channel';
import type { AccountJson } from '../serializers/account';
import type { VideoJson } from '../serializers/video';
import type { FollowState } from '../services/actor-pages';
import type { PageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { renderMarkdown } from './markdown';
import { accountPath, actorHandle, channelPath, feedLinks, videoGrid } from './video-grid';
import { pager } from './paging';
import { channelTabs } from './playlist-views';
import { actorImageTag } from './actor-image-tag';

/** The width a banner is chosen for without `srcset` (PeerTube's smaller banner size is 600). */
const BANNER_WIDTH = 1200;

type Actorish = { name: string; host: string; displayName: string; avatars: { path: string; width: number }[]; url: string };

/** The avatar, or the display name's first letter on a coloured disc. */
export function avatar(env: PageEnv, actor: Actorish, size: number) {
  const img = actorImageTag(env.config.publicUrl, actor.avatars, { width: size, height: size, className: 'avatar' });
  return img ? img : html`<span class="avatar placeholder" style="width:${size}px;height:${size}px" aria-hidden="true">${actor.displayName.slice(0, 1)}</span>`;
}

/** Channels as cards (avatar, name, handle), each with an optional control; `empty` when there is none. */
export function channelCards(env: PageEnv, channels: ChannelJson[], empty: string, control?: (ch: ChannelJson) => unknown) {
  if (channels.length === 0) return html`<p class="empty">${empty}</p>`;
  return html`<ul class="channels">
    ${channels.map(
      (ch) =>
        html`<li>
          <a href="${channelPath(ch, env.config)}">${avatar(env, ch, 48)}<span class="name">${ch.displayName}</span></a>
          <span class="meta">@${ch.name}@${ch.host}</span>
          ${control ? control(ch) : ''}
        </li>`,
    )}
  </ul>`;
}

/** The header of a channel or account page: banner, avatar, name, handle and subscribers. */
function actorHeader(env: PageEnv, actor: Actorish & { followersCount: number; banners?: { path: string; width: number }[] }, extra: unknown) {
  // The banner spans the page: the browser picks from the sizes for the viewport's width.
  const banner = actorImageTag(env.config.publicUrl, actor.banners ?? [], { width: BANNER_WIDTH, sizes: '100vw' });
  return html`<header class="actor">
    <div class="banner">${banner ?? ''}</div>
    <div class="actor-id">
      ${avatar(env, actor, 96)}
      <div>
        <h1>${actor.displayName}</h1>
        <p class="handle">@${actor.name}@${actor.host} · ${env.t('actor.followers', { count: actor.followersCount })}</p>
        ${extra}
      </div>
    </div>
  </header>`;
}

/** Subscribe or unsubscribe: a form with the CSRF token, posted to /c/:handle/subscription (works without JavaScript). */
function subscribeForm(env: PageEnv, ch: ChannelJson, follow: FollowState) {
  const { t } = env;
  const handle = actorHandle(ch, env.config);
  if (!env.viewer) return html`<a class="button" href="/login?next=${encodeURIComponent(`/c/${handle}`)}">${t('subscribe.signIn')}</a>`;
  const subscribed = follow === 'accepted' || follow === 'pending';
  return html`<form method="post" action="/c/${handle}/subscription" class="inline subscribe">
    ${csrfField(env)}<input type="hidden" name="action" value="${subscribed ? 'unsubscribe' : 'subscribe'}" />
    <button type="submit" class="${subscribed ? 'secondary' : ''}" aria-pressed="${subscribed ? 'true' : 'false'}">
      ${subscribed ? t('subscribe.unsubscribe') : t('subscribe.button')}
    </button>
    ${follow === 'pending' ? html`<span class="meta">${t('subscribe.pending')}</span>` : ''}
  </form>`;
}

export type ChannelPageData = { channel: ChannelJson; videos: VideoJson[]; total: number; page: number; follow: FollowState };

/** /c/:handle: a channel, local or remote, and its videos. */
export function renderChannelPage(env: PageEnv, data: ChannelPageData) {
  const { config, t } = env;
  const ch = data.channel;
  const path = channelPath(ch, config);
  const feeds = feedLinks(env, `videoChannelId=${ch.id}`);
  const owner = ch.ownerAccount;
  const body = html`${actorHeader(
      env,
      ch,
      html`<p>
          <a href="${accountPath(owner, config)}">${t('actor.ownedBy', { name: owner.displayName })}</a>
        </p>
        ${subscribeForm(env, ch, data.follow)}`,
    )}
    ${ch.isLocal ? '' : html`<p class="note">${t('actor.remote', { host: ch.host })} ${/^https?:\/\//.test(ch.url) ? html`<a href="${ch.url}" rel="noopener nofollow">${ch.url}</a>` : ''}</p>`}
    ${ch.description ? html`<div class="description markdown">${renderMarkdown(ch.description)}</div>` : ''}
    ${
      ch.support
        ? html`<details class="support">
            <summary>${t('actor.support')}</summary>
            <div class="markdown">${renderMarkdown(ch.support)}</div>
          </details>`
        : ''
    }
    ${channelTabs(env, ch, 'videos')}
    <h2>${t('actor.videos')} <span class="meta">${t('videos.count', { count: data.total })}</span></h2>
    ${videoGrid(env, data.videos)} ${pager(env, path, {}, data.page, data.total)} ${feeds.body}`;
  const head = html`${feeds.head}<link rel="alternate" type="application/activity+json" href="${ch.url}" />`;
  return layout(env, { title: ch.displayName, description: ch.description ?? undefined, url: `${config.publicUrl}${path}`, head }, body);
}

export type AccountPageData = { account: AccountJson; channels: ChannelJson[]; videos: VideoJson[]; total: number; page: number };

/** /a/:handle: an account, its channels and its videos. */
export function renderAccountPage(env: PageEnv, data: AccountPageData) {
  const { config, t } = env;
  const a = data.account;
  const path = accountPath(a, config);
  const feeds = feedLinks(env, `accountId=${a.id}`);
  const body = html`${actorHeader(env, a, '')} ${a.description ? html`<div class="description markdown">${renderMarkdown(a.description)}</div>` : ''}
    <h2>${t('actor.channels')}</h2>
    ${channelCards(env, data.channels, t('actor.noChannels'))}
    <h2>${t('actor.videos')} <span class="meta">${t('videos.count', { count: data.total })}</span></h2>
    ${videoGrid(env, data.videos)} ${pager(env, path, {}, data.page, data.total)} ${feeds.body}`;
  const head = html`${feeds.head}<link rel="alternate" type="application/activity+json" href="${a.url}" />`;
  return layout(env, { title: a.displayName, description: a.description ?? undefined, url: `${config.publicUrl}${path}`, head }, body);
}
