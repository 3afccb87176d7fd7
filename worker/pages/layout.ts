import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { PageEnv } from './page-env';
import { CSRF_FIELD } from '../http/csrf';
import { signedInLinks } from './account-nav';

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export type PageMeta = {
  title: string;
  description?: string;
  /** Absolute URL of this page (og:url, canonical). */
  url?: string;
  image?: string;
  /** OpenGraph type: `video.other` for watch pages. */
  ogType?: string;
  /** Extra <head> tags (oEmbed and ActivityPub alternates, Twitter cards). */
  head?: Html;
  /** Page scripts, bundled from web/ (see scripts/build-web.ts). */
  scripts?: string[];
};

/** The hidden CSRF field every form carries (http/csrf.ts). */
export function csrfField(env: PageEnv) {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${env.csrf ?? ''}" />`;
}

function nav(env: PageEnv) {
  const { t, viewer } = env;
  if (viewer) {
    return html`<a href="/videos/upload" class="button">${t('nav.upload')}</a> <a href="/videos/subscriptions">${t('nav.subscriptions')}</a>
      <a href="/my/videos">${t('nav.myVideos')}</a> ${signedInLinks(env)}
      <span class="who">${t('nav.signedInAs', { name: viewer.username })}</span>
      <form method="post" action="/logout" class="inline">${csrfField(env)}<button type="submit" class="link">${t('nav.signOut')}</button></form>`;
  }
  return html`<a href="/login">${t('nav.signIn')}</a> <a href="/signup" class="button">${t('nav.signUp')}</a>`;
}

/** The one HTML shell of the server-rendered pages. Every interpolation is escaped by `html`. */
export function layout(env: PageEnv, meta: PageMeta, body: Html) {
  const { t, instanceName } = env;
  return html`<!doctype html>
    <html lang="${env.locale}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${meta.title} - ${instanceName}</title>
        ${meta.description ? html`<meta name="description" content="${meta.description}" />` : ''}
        <meta property="og:title" content="${meta.title}" />
        <meta property="og:site_name" content="${instanceName}" />
        <meta property="og:type" content="${meta.ogType ?? 'website'}" />
        ${meta.url ? html`<meta property="og:url" content="${meta.url}" /><link rel="canonical" href="${meta.url}" />` : ''}
        ${meta.image ? html`<meta property="og:image" content="${meta.image}" />` : ''} ${meta.head ?? ''}
        ${env.csrf ? html`<meta name="csrf-token" content="${env.csrf}" />` : ''}
        <link rel="stylesheet" href="/edgetube.css" />
        <link rel="stylesheet" href="/browse.css" />
        ${(meta.scripts ?? []).map((src) => html`<script type="module" src="${src}"></script>`)}
      </head>
      <body>
        <a class="skip" href="#content">${t('nav.skip')}</a>
        <header class="top">
          <a class="brand" href="/">${instanceName}</a>
          <form class="search" role="search" method="get" action="/search">
            <label for="nav-search" class="sr">${t('nav.search')}</label
            ><input id="nav-search" type="search" name="search" placeholder="${t('nav.searchPlaceholder')}" /><button type="submit" class="secondary">
              ${t('nav.search')}
            </button>
          </form>
          <nav aria-label="${t('nav.home')}">${nav(env)}</nav>
        </header>
        <main id="content">${body}</main>
        <footer class="bottom"><a href="/language">${t('nav.language')}</a> · <span>${t('footer.poweredBy')}</span></footer>
      </body>
    </html>`;
}

/** A page that only says something went wrong, with the status it came with. */
export function messagePage(env: PageEnv, title: string, message: string) {
  return layout(
    env,
    { title },
    html`<h1>${title}</h1>
      <p>${message}</p>
      <p><a href="/">${env.t('error.back')}</a></p>`,
  );
}

/** For inline JSON in a <script type="application/json">: `</script>` can never close the tag early. */
export function jsonForScript(value: unknown) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}
