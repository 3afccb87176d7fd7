import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import { PAGE_SIZE } from './video-grid';

/** `?page=` as a page number from 1; anything else is the first page. */
export function pageQuery(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
}

/** `?page=N` → the page and the API's start/count, for pages of `size` (PAGE_SIZE unless said). */
export function pageFromQuery(value: string | undefined, size = PAGE_SIZE) {
  const page = pageQuery(value);
  return { page, start: (page - 1) * size, count: size };
}

/**
 * Previous/next links (plain links: paging works without JavaScript), keeping the other query
 * parameters. Pages of `size` (PAGE_SIZE unless said); `defaultPage` is the one a URL without
 * `?page=` shows (the first unless said), whose links need no `page`.
 */
export function pager(
  env: PageEnv,
  path: string,
  query: Record<string, string | undefined>,
  page: number,
  total: number,
  { size = PAGE_SIZE, defaultPage = 1 }: { size?: number; defaultPage?: number } = {},
) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return '';
  const { t } = env;
  const href = (p: number) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v) params.set(k, v);
    if (p !== defaultPage) params.set('page', String(p));
    const qs = params.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return html`<nav class="pager" aria-label="${t('pager.label')}">
    ${page > 1 ? html`<a href="${href(page - 1)}" rel="prev">${t('pager.previous')}</a>` : ''}
    <span>${t('pager.position', { page, pages })}</span>
    ${page < pages ? html`<a href="${href(page + 1)}" rel="next">${t('pager.next')}</a>` : ''}
  </nav>`;
}
