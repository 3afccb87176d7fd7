import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../http/context';
import { isAdmin, isModerator } from '../services/viewer';
import { pageEnv } from './page-env';
import { messagePage } from './layout';

/**
 * Pages for signed-in people: anyone else is sent to the sign-in page, which brings them back.
 * With a role, a signed-in user without it gets a 403 page (PeerTube's admin pages do the same).
 */
export function signedIn(role?: 'moderator' | 'admin'): MiddlewareHandler<AppEnv> {
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
