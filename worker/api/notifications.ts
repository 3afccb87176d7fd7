import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../http/context';
import { requireUser } from '../http/auth';
import { validate } from '../http/validate';
import { paginationSchema } from '../http/pagination';
import { listNotifications, NOTIFICATION_SORTS } from '../services/notification-list';
import {
  DEFAULT_NOTIFICATION_SETTINGS,
  markAllNotificationsRead,
  markNotificationsRead,
  updateNotificationSettings,
  type NotificationSettingKey,
} from '../services/notifications';
import { serializeNotification } from '../serializers/notification';

/** PeerTube's toBooleanOrNull then isBoolean. */
const unread = z.enum(['true', 'false', '1', '0'], { message: 'Should have a valid unread boolean' }).transform((v) => v === 'true' || v === '1');
const listQuery = paginationSchema(NOTIFICATION_SORTS, '-createdAt').extend({ unread: unread.optional() });

/** PeerTube's isNotEmptyIntArray. */
const readBody = z.object({
  ids: z
    .array(z.number().int(), { message: 'Should have a valid array of notification ids' })
    .min(1, 'Should have a valid array of notification ids')
    .max(100)
    .optional(),
});

/** PeerTube's isUserNotificationSettingValid: NONE, WEB, EMAIL or both; the keys its validator lists are required. */
const settingValue = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)], { message: 'Invalid value' });
const REQUIRED_SETTINGS = [
  'newVideoFromSubscription',
  'newCommentOnMyVideo',
  'abuseAsModerator',
  'videoAutoBlacklistAsModerator',
  'blacklistOnMyVideo',
  'myVideoImportFinished',
  'myVideoPublished',
  'commentMention',
  'newFollow',
  'newUserRegistration',
  'newInstanceFollower',
  'autoInstanceFollowing',
] as const;
const settingsBody = z.object(
  Object.fromEntries(
    (Object.keys(DEFAULT_NOTIFICATION_SETTINGS) as NotificationSettingKey[]).map((k) => [
      k,
      (REQUIRED_SETTINGS as readonly string[]).includes(k) ? settingValue : settingValue.optional(),
    ]),
  ) as Record<NotificationSettingKey, typeof settingValue>,
);

/** /users/me/notifications and /users/me/notification-settings (PeerTube's my-notifications.ts). */
export function notificationRoutes() {
  const app = new Hono<AppEnv>();
  app.put('/notification-settings', requireUser(), validate('json', settingsBody), async (c) => {
    await updateNotificationSettings(c.var.db, c.var.viewer.userId, c.req.valid('json'));
    return c.body(null, 204);
  });

  app.get('/notifications', requireUser(), validate('query', listQuery), async (c) => {
    const { total, data } = await listNotifications(c.var.db, c.var.viewer.userId, c.req.valid('query'));
    return c.json({ total, data: data.map((v) => serializeNotification(v, c.var.config)) });
  });

  app.post('/notifications/read', requireUser(), validate('json', readBody), async (c) => {
    await markNotificationsRead(c.var.db, c.var.viewer.userId, c.req.valid('json').ids ?? []);
    return c.body(null, 204);
  });

  app.post('/notifications/read-all', requireUser(), async (c) => {
    await markAllNotificationsRead(c.var.db, c.var.viewer.userId);
    return c.body(null, 204);
  });

  return app;
}
