import { html } from 'hono/html';
import type { Chapter } from '../services/chapters';
import type { PageEnv } from './page-env';

/** `75` → `1:15`, `3725` → `1:02:05`, as PeerTube's player shows chapter starts. */
export function chapterTime(seconds: number) {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * The video's chapters under the player: links to `?start=` (the player starts there, without
 * JavaScript too); web/src/watch.ts seeks in place instead of reloading.
 */
export function chaptersList(env: PageEnv, chapters: Chapter[]) {
  if (!chapters.length) return '';
  const { t } = env;
  return html`<nav class="chapters" aria-labelledby="chapters-heading">
    <h2 id="chapters-heading">${t('chapters.heading')}</h2>
    <ol>
      ${chapters.map(
        (c) =>
          html`<li>
            <a href="?start=${c.timecode}" data-start="${c.timecode}" aria-label="${t('chapters.playFrom', { time: chapterTime(c.timecode), title: c.title })}"
              ><time>${chapterTime(c.timecode)}</time> ${c.title}</a
            >
          </li>`,
      )}
    </ol>
  </nav>`;
}
