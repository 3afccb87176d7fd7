import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { clientIp } from '../services/rate-limit';
import { channelNameField, emailField, passwordField, registerRateLimited, registerSchema, usernameField } from '../services/registration';
import { assertCanGrantRole, createUser, getUserView, getVideoQuotaUsed, listUsers, updateMe, updateUser, USER_SORTS } from '../services/users';
import { deleteMe, deleteUser } from '../services/user-removal';
import { serializeUser } from '../serializers/user';
import { boolLike, intLike, quotaField, roleField, updateMeSchema, updateUserSchema } from '../services/user-fields';
import { getFeedToken, renewFeedToken } from '../services/feed-tokens';
import { ensureWatchLater } from '../services/playlists';
import { setUserBlocked } from '../services/user-block';

// Field rules from PeerTube's CONSTRAINTS_FIELDS.USERS and its custom validators.
const username = usernameField;
const channelName = channelNameField;
const password = passwordField;
const email = emailField;
const quota = quotaField;
const role = roleField;
const idParam = z.object({ id: intLike.pipe(z.number().positive()) });

const addUserBody = z.object({
  username,
  password,
  email,
  videoQuota: quota.optional(),
  videoQuotaDaily: quota.optional(),
  role,
  channelName: channelName.optional(),
  adminFlags: intLike.optional(),
});

const listQuery = paginationSchema(USER_SORTS, '-createdAt').extend({
  search: z.string().min(1).max(200).optional(),
  blocked: boolLike.optional(),
});

const getQuery = z.object({ withStats: boolLike.optional() });

/** CONSTRAINTS_FIELDS.USERS.BLOCKED_REASON, and null (isUserBlockedReasonValid). */
const blockBody = z.object({ reason: z.string().min(3).max(250).nullable().optional() });

/** /users: registration, the viewer's own user, and PeerTube's user administration. */
export function userRoutes() {
  const app = new Hono<AppEnv>();

  // Only successful registrations count against the limit, as in PeerTube.
  app.post('/register', validate('json', registerSchema), async (c) => {
    const { headers } = await registerRateLimited(c.var.db, c.var.config, clientIp(c.req.raw.headers), c.req.valid('json'));
    return c.body(null, 204, headers);
  });

  app.get('/me', requireUser(), async (c) => {
    // The user and their Watch later list in one round trip (issue 9); it is created on the first read.
    const view = await getUserView(c.var.db, c.var.viewer.userId, { withQuota: true, watchLaterOf: c.var.viewer.accountId });
    const watchLater = view.watchLater ?? (await ensureWatchLater(c.var.db, c.var.config, view.account.account.id));
    return c.json(serializeUser(view, c.var.config, { me: true, specialPlaylists: [{ id: watchLater.id, name: watchLater.name, type: watchLater.type }] }));
  });

  app.put('/me', requireUser(), validate('json', updateMeSchema), async (c) => {
    await updateMe(c.var.db, c.var.viewer, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.delete('/me', requireUser(), async (c) => {
    await deleteMe({ db: c.var.db, queue: c.env.JOBS }, c.var.viewer);
    return c.body(null, 204);
  });

  // PeerTube's scoped tokens (controllers/api/users/token.ts): the feed token of the subscriptions feed.
  app.get('/scoped-tokens', requireUser(), async (c) => c.json({ feedToken: await getFeedToken(c.var.db, c.var.viewer.userId) }));
  app.post('/scoped-tokens', requireUser(), async (c) => c.json({ feedToken: await renewFeedToken(c.var.db, c.var.viewer.userId) }));

  app.get('/me/video-quota-used', requireUser(), async (c) => c.json(await getVideoQuotaUsed(c.var.db, c.var.viewer.userId)));

  app.get('/', requireUser({ role: 'moderator' }), validate('query', listQuery), async (c) => {
    const { total, data } = await listUsers(c.var.db, c.req.valid('query'));
    return c.json({ total, data: data.map((view) => serializeUser(view, c.var.config)) });
  });

  app.post('/', requireUser({ role: 'moderator' }), validate('json', addUserBody), async (c) => {
    const { db, config } = c.var;
    const body = c.req.valid('json');
    assertCanGrantRole(c.var.viewer, body.role);
    const created = await createUser(db, config, {
      username: body.username,
      email: body.email,
      password: body.password,
      role: body.role,
      videoQuota: body.videoQuota ?? config.user.videoQuota,
      videoQuotaDaily: body.videoQuotaDaily ?? config.user.videoQuotaDaily,
      channel: body.channelName ? { name: body.channelName, displayName: `Main ${body.username} channel` } : undefined,
    });
    return c.json({ user: { id: created.userId, account: { id: created.accountId } } });
  });

  app.get('/:id', requireUser({ role: 'moderator' }), validate('param', idParam), validate('query', getQuery), async (c) => {
    const view = await getUserView(c.var.db, c.req.valid('param').id, { withQuota: c.req.valid('query').withStats });
    return c.json(serializeUser(view, c.var.config));
  });

  app.put('/:id', requireUser({ role: 'moderator' }), validate('param', idParam), validate('json', updateUserSchema), async (c) => {
    await updateUser(c.var.db, c.var.viewer, c.req.valid('param').id, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.post('/:id/block', requireUser({ role: 'moderator' }), validate('param', idParam), validate('json', blockBody), async (c) => {
    await setUserBlocked(c.var.db, c.var.viewer, c.req.valid('param').id, true, c.req.valid('json').reason);
    return c.body(null, 204);
  });

  app.post('/:id/unblock', requireUser({ role: 'moderator' }), validate('param', idParam), validate('json', blockBody), async (c) => {
    await setUserBlocked(c.var.db, c.var.viewer, c.req.valid('param').id, false);
    return c.body(null, 204);
  });

  app.delete('/:id', requireUser({ role: 'moderator' }), validate('param', idParam), async (c) => {
    await deleteUser({ db: c.var.db, queue: c.env.JOBS }, c.var.viewer, c.req.valid('param').id);
    return c.body(null, 204);
  });

  return app;
}
