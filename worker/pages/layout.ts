import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

export type PageMeta = {
  title: string;
  description?: string;
  /** Absolute URL of this page (og:url, canonical). */
  url?: string;
  image?: string;
  /** OpenGraph type: `video.other` for watch pages. */
  ogType?: string;
  /** Extra <head> tags (oEmbed and ActivityPub alternates). */
  head?: HtmlEscapedString | Promise<HtmlEscapedString>;
};

/** The one HTML shell of the server-rendered pages. Every interpolation is escaped by `html`. */
export function layout(meta: PageMeta, instanceName: string, body: HtmlEscapedString | Promise<HtmlEscapedString>) {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title} - ${instanceName}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
<meta property="og:title" content="${meta.title}">
<meta property="og:site_name" content="${instanceName}">
<meta property="og:type" content="${meta.ogType ?? 'website'}">
${meta.url ? html`<meta property="og:url" content="${meta.url}"><link rel="canonical" href="${meta.url}">` : ''}
${meta.image ? html`<meta property="og:image" content="${meta.image}">` : ''}
${meta.head ?? ''}
<link rel="stylesheet" href="/edgetube.css">
</head>
<body>
<header class="top"><a class="brand" href="/">${instanceName}</a></header>
<main>${body}</main>
</body>
</html>`;
}

/** For inline JSON in a <script type="application/json">: `</script>` can never close the tag early. */
export function jsonForScript(value: unknown) {
  return raw(JSON.stringify(value).replace(/</g, '\\u003c'));
}
