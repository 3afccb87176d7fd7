import { html, raw } from 'hono/html';
import type { VideoDetailsJson } from '../serializers/video';
import type { Rating } from '../services/rates';
import type { PageEnv } from './page-env';
import { csrfField } from './layout';
import { renderMarkdown } from './markdown';
import { embedIframe } from '../syndication/embed-code';

// Inline icons: no icon font or emoji font is needed, and no third-party request is made.
const THUMB =
  'M1 21h4V9H1v12zm22-11c0-1.1-.9-2-2-2h-6.31l.95-4.57.03-.32c0-.41-.17-.79-.44-1.06L14.17 1 7.59 7.59C7.22 7.95 7 8.45 7 9v10c0 1.1.9 2 2 2h9c.83 0 1.54-.5 1.84-1.22l3.02-7.05c.09-.23.14-.47.14-.73v-2z';
const icon = (kind: 'like' | 'dislike') =>
  raw(
    `<svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true"${kind === 'dislike' ? ' transform="rotate(180)"' : ''}><path fill="currentColor" d="${THUMB}"/></svg>`,
  );

/** Category, licence, language and tags, as a definition list; empty entries are left out. */
export function videoFacts(env: PageEnv, d: VideoDetailsJson) {
  const { t } = env;
  const rows: Array<[string, unknown]> = [];
  if (d.category.id !== null) rows.push([t('watch.category'), d.category.label]);
  if (d.licence.id !== null) rows.push([t('watch.licence'), d.licence.label]);
  if (d.language.id !== null) rows.push([t('watch.language'), d.language.label]);
  if (d.tags.length)
    rows.push([
      t('watch.tags'),
      html`<ul class="tags">
        ${d.tags.map((tag) => html`<li><a href="/search?tagsOneOf=${encodeURIComponent(tag)}">${tag}</a></li>`)}
      </ul>`,
    ]);
  rows.push([t('watch.privacy'), d.privacy.label]);
  return html`<dl class="facts">
    ${rows.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

/** Like and dislike: forms that work without JavaScript; the pressed one is the viewer's rating. */
export function ratingForms(env: PageEnv, d: VideoDetailsJson, rating: Rating | undefined) {
  const { t } = env;
  if (!env.viewer) {
    return html`<p class="rating">
      <span title="${t('watch.like')}">${icon('like')} <span class="likes">${d.likes}</span></span>
      <span title="${t('watch.dislike')}">${icon('dislike')} <span class="dislikes">${d.dislikes}</span></span>
      <a href="/login?next=/w/${d.shortUUID}">${t('watch.signInToRate')}</a>
    </p>`;
  }
  const button = (kind: 'like' | 'dislike', count: number) => {
    const pressed = rating === kind;
    return html`<form method="post" action="/w/${d.shortUUID}/rate" class="inline">
      ${csrfField(env)}
      <input type="hidden" name="rating" value="${pressed ? 'none' : kind}" />
      <button
        type="submit"
        class="secondary ${kind}"
        aria-pressed="${pressed ? 'true' : 'false'}"
        title="${t(kind === 'like' ? 'watch.like' : 'watch.dislike')}"
      >
        ${icon(kind)} <span class="${kind}s">${count}</span><span class="sr">${t(kind === 'like' ? 'watch.like' : 'watch.dislike')}</span>
      </button>
    </form>`;
  };
  return html`<div class="rating">${button('like', d.likes)} ${button('dislike', d.dislikes)}</div>`;
}

/** The share box: the page's URL and the embed code, selectable (copy buttons come with share.ts). */
export function shareBox(env: PageEnv, d: VideoDetailsJson, url: string) {
  const { t } = env;
  return html`<details class="share" data-copy-label="${t('watch.copy')}" data-copied-label="${t('watch.copied')}">
    <summary>${t('watch.share')}</summary>
    <div class="field"><label for="share-url">${t('watch.shareLink')}</label><input id="share-url" readonly value="${url}" data-copy /></div>
    <div class="field">
      <label for="share-embed">${t('watch.embedCode')}</label><textarea id="share-embed" readonly rows="3" data-copy>${embedIframe(env.config, d)}</textarea>
    </div>
  </details>`;
}

/** The owner's Support text, Markdown like the description. */
export function supportBox(env: PageEnv, d: VideoDetailsJson) {
  if (!d.support) return '';
  return html`<details class="support">
    <summary>${env.t('watch.support')}</summary>
    <div class="markdown">${renderMarkdown(d.support)}</div>
  </details>`;
}
