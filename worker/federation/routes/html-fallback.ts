/**
 * A minimal HTML page for actors, so a browser following an actor URL gets
 * something readable. Mounted last: the real page handlers, when they exist, come first.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/context';
import { ApiError } from '../../errors';
import { readLocalActorByName, type LocalActorKind } from '../local-actors';
import { escapeHtml } from './respond';

const PREFIXES: Array<[string, LocalActorKind]> = [
  ['/accounts', 'account'],
  ['/a', 'account'],
  ['/video-channels', 'channel'],
  ['/c', 'channel'],
];

export function actorHtmlFallbackRoutes() {
  const app = new Hono<AppEnv>();
  for (const [prefix, kind] of PREFIXES) {
    app.get(`${prefix}/:name`, async (c) => {
      const local = await readLocalActorByName(c.var.db, kind, c.req.param('name'));
      if (!local) throw ApiError.notFound(`Unknown ${kind === 'account' ? 'account' : 'video channel'}.`);
      const { actor } = local;
      const name = escapeHtml(local.channel?.displayName ?? local.account?.displayName ?? actor.preferredUsername);
      const handle = escapeHtml(`@${actor.preferredUsername}@${c.var.config.host}`);
      const url = escapeHtml(actor.url);
      const description = escapeHtml(local.channel?.description ?? local.account?.description ?? '');
      const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} - ${escapeHtml(c.var.config.instance.name)}</title>
<link rel="alternate" type="application/activity+json" href="${url}">
</head>
<body>
<main>
<h1>${name}</h1>
<p>${handle}</p>
${description ? `<p>${description}</p>\n` : ''}<p><a href="${url}">${url}</a></p>
</main>
</body>
</html>
`;
      return c.html(html, 200, { vary: 'Accept' });
    });
  }
  return app;
}
