import { Hono, type MiddlewareHandler } from 'hono';
import type { AppEnv, UserEnv } from '../http/context';
import type { UserVariables } from '../http/auth';
import { isAdmin, isModerator } from '../services/viewer';
import { pageEnv } from './page-env';
import { messagePage } from './layout';

type Role = 'moderator' | 'admin';

/**
 * Pages for signed-in people: anyone else is sent to the sign-in page, which brings them back.
 * With a role, a signed-in user without it gets a 403 page (PeerTube's admin pages do the same).
 * Like `requireUser` (http/auth.ts), it narrows the handlers after it in the same route:
 * `c.var.viewer` is a Viewer there. For a family of pages, see `signedInPages`.
 */
export function signedIn(role?: Role): MiddlewareHandler<AppEnv & UserVariables> {
  return async function signedIn(c, next) {
    const viewer = c.var.viewer;
    if (!viewer) {
      const path = c.req.method === 'GET' ? new URL(c.req.url).pathname : '/';
      return c.redirect(`/login?next=${encodeURIComponent(path)}`, 303);
    }
    if ((role === 'admin' && !isAdmin(viewer)) || (role === 'moderator' && !isModerator(viewer))) {
      const env = await pageEnv(c);
      return c.html(messagePage(env, env.t('guard.forbiddenTitle'), env.t(role === 'admin' ? 'guard.adminsOnly' : 'guard.moderatorsOnly')), 403);
    }
    await next();
  };
}

/**
 * A sub-app for a family of signed-in pages: `signedIn(role)` guards each prefix and everything
 * below it, so the handlers see `c.var.viewer` as a Viewer (a `Hono<UserEnv>`, as the API's
 * `app.use('*', requireUser())` sub-apps are). Register only paths under these prefixes on it.
 *
 * @example const app = signedInPages(['/my/account']); app.get('/my/account', (c) => c.text(c.var.viewer.username));
 */
export function signedInPages(prefixes: string[], role?: Role): Hono<UserEnv> {
  const app = new Hono<UserEnv>();
  for (const prefix of prefixes) app.use(prefix, signedIn(role)).use(`${prefix}/*`, signedIn(role));
  return app;
}
