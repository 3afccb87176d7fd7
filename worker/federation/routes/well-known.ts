/** Discovery: WebFinger, host-meta and NodeInfo (peertube-compat.md, "WebFinger, NodeInfo, host-meta"). */
import { Hono } from 'hono';
import { corsAnyOrigin } from '../../http/cors';
import type { AppEnv } from '../../http/context';
import { hostMetaXml } from '../host-meta';
import { NODEINFO_20_CONTENT_TYPE, nodeinfo20, nodeinfoLinks } from '../nodeinfo';
import { webfinger } from '../webfinger';
import { edgeCache } from '../../http/edge-cache';

export function wellKnownRoutes() {
  const app = new Hono<AppEnv>();
  // Browsers' remote-follow widgets and web clients read these cross-origin.
  app.use('/.well-known/*', corsAnyOrigin());
  app.use('/nodeinfo/*', corsAnyOrigin());

  app.get('/.well-known/webfinger', edgeCache({ kind: 'actor' }), async (c) => {
    const doc = await webfinger(c.var.db, c.var.config, c.req.query('resource'));
    return c.body(JSON.stringify(doc), 200, { 'content-type': 'application/jrd+json; charset=utf-8' });
  });

  app.get('/.well-known/host-meta', edgeCache({ kind: 'static' }), (c) =>
    c.body(hostMetaXml(c.var.config), 200, { 'content-type': 'application/xrd+xml; charset=utf-8' }),
  );

  // W3C's change-password URL, for password managers: PeerTube answers any method with a 302 to
  // its account settings page (server/core/controllers/well-known.ts), whose path here is /my/account.
  app.all('/.well-known/change-password/*', (c) => c.redirect('/my-account/settings', 302));
  app.all('/.well-known/change-password', (c) => c.redirect('/my-account/settings', 302));
  app.get('/my-account/settings', (c) => c.redirect('/my/account', 302));

  app.get('/.well-known/nodeinfo', (c) => c.json(nodeinfoLinks(c.var.config)));

  app.get('/nodeinfo/2.0.json', edgeCache({ kind: 'instance' }), async (c) =>
    c.body(JSON.stringify(await nodeinfo20(c.var.db, c.var.config)), 200, { 'content-type': NODEINFO_20_CONTENT_TYPE }),
  );

  return app;
}
