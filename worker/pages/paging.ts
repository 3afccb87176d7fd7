import { html } from 'hono/html';
import type { PageEnv } from './page-env';

/** `?page=` as a page number from 1; anything else is the first page. */
export function pageQuery(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** Previous and next links for a list of `total` items, `size` a page; `query` keeps the other parameters. */
export function pager(env: PageEnv, path: string, page: number, size: number, total: number, query: Record<string, string | undefined> = {}) {
  const href = (p: number) => {
    const params = new URLSearchParams(Object.entries({ ...query, page: p > 1 ? String(p) : undefined }).filter((e): e is [string, string] => !!e[1]));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  const last = Math.max(1, Math.ceil(total / size));
  if (last === 1) return '';
  return html`<nav class="pager" aria-label="${env.t('paging.label')}">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${env.t('paging.previous')}</a>` : ''}
    <span>${env.t('paging.position', { page, last })}</span>
    ${page < last ? html`<a href="${href(page + 1)}" rel="next">${env.t('paging.next')}</a>` : ''}
  </nav>`;
}
