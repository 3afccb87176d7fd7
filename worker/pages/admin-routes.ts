import { Hono } from 'hono';
import type { AppEnv } from '../http/context';
import { isAdmin } from '../services/viewer';
import { signedIn } from './guards';
import { adminSettingsPages } from './admin-settings';
import { adminUserPages } from './admin-users';
import { adminFollowPages } from './admin-follows';
import { adminModerationPages } from './admin-moderation';
import { adminJobPages } from './admin-jobs';
import { adminRegistrationPages } from './admin-registrations';

/** /admin: the administration pages, each behind the role PeerTube asks for its API. */
export function adminPages() {
  const app = new Hono<AppEnv>();
  app.get('/admin', signedIn('moderator'), (c) => c.redirect(isAdmin(c.var.viewer) ? '/admin/settings' : '/admin/users', 303));
  app.route('/', adminSettingsPages());
  app.route('/', adminUserPages());
  app.route('/', adminFollowPages());
  app.route('/', adminModerationPages());
  app.route('/', adminRegistrationPages());
  app.route('/', adminJobPages());
  return app;
}
