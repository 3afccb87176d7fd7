import { html } from 'hono/html';
import { z } from 'zod';
import { requireCsrf } from '../http/csrf';
import { listNotifications } from '../services/notification-list';
import { markAllNotificationsRead, markNotificationsRead, NOTIFICATION_TYPE } from '../services/notifications';
import { uuidToShort } from '../services/short-uuid';
import type { NotificationView, NotifiedActor } from '../serializers/notification';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { isModerator } from '../services/viewer';
import { csrfField, layout } from './layout';
import { signedInPages } from './guards';
import { accountSubnav } from './account-nav';
import { accountStyles } from './account-views';
import { pager, pageQuery } from './paging';
import { formatDate } from './format';

const PAGE_SIZE = 20;

const who = (a: NotifiedActor, host: string) =>
  a.actor.host && a.actor.host !== host ? `${a.displayName} (${a.actor.preferredUsername}@${a.actor.host})` : a.displayName;

/** PeerTube's AbuseState: 2 rejected, 3 accepted. */
const ABUSE_STATE_KEY: Record<number, MessageKey> = { 2: 'notif.abuseRejected', 3: 'notif.abuseAccepted' };

/** One notification as a sentence and where it leads. Types this page does not know still show, plainly. */
function describe(env: PageEnv, n: NotificationView): { key: MessageKey; params: Record<string, string>; href?: string } {
  const host = env.config.host;
  const watch = (v: { uuid: string }) => `/w/${uuidToShort(v.uuid)}`;
  switch (n.notification.type) {
    case NOTIFICATION_TYPE.NEW_VIDEO_FROM_SUBSCRIPTION:
      if (n.video) return { key: 'notif.newVideo', params: { channel: who(n.video.channel, host), video: n.video.name }, href: watch(n.video) };
      break;
    case NOTIFICATION_TYPE.MY_VIDEO_PUBLISHED:
      if (n.video) return { key: 'notif.published', params: { video: n.video.name }, href: watch(n.video) };
      break;
    case NOTIFICATION_TYPE.MY_VIDEO_TRANSCODING_FAILED:
      if (n.video) return { key: 'notif.transcodingFailed', params: { video: n.video.name }, href: watch(n.video) };
      break;
    case NOTIFICATION_TYPE.NEW_COMMENT_ON_MY_VIDEO:
    case NOTIFICATION_TYPE.COMMENT_MENTION:
      if (n.comment)
        return {
          key: n.notification.type === NOTIFICATION_TYPE.COMMENT_MENTION ? 'notif.mention' : 'notif.comment',
          params: { account: who(n.comment.account, host), video: n.comment.video.name },
          href: `${watch(n.comment.video)}#c-${n.comment.id}`,
        };
      break;
    case NOTIFICATION_TYPE.NEW_ABUSE_FOR_MODERATORS:
      if (n.abuse) return { key: 'notif.abuse', params: { id: String(n.abuse.id) }, href: '/admin/moderation' };
      break;
    case NOTIFICATION_TYPE.ABUSE_STATE_CHANGE:
      if (n.abuse) return { key: ABUSE_STATE_KEY[n.abuse.state] ?? 'notif.abusePending', params: { id: String(n.abuse.id) } };
      break;
    case NOTIFICATION_TYPE.ABUSE_NEW_MESSAGE:
      if (n.abuse)
        return { key: 'notif.abuseMessage', params: { id: String(n.abuse.id) }, href: env.viewer && isModerator(env.viewer) ? '/admin/moderation' : undefined };
      break;
    case NOTIFICATION_TYPE.NEW_USER_REGISTRATION_REQUEST:
      if (n.registration) return { key: 'notif.registrationRequest', params: { username: n.registration.username }, href: '/admin/registrations' };
      break;
    case NOTIFICATION_TYPE.NEW_FOLLOW:
      if (n.actorFollow) return { key: 'notif.follow', params: { account: who(n.actorFollow.follower, host), target: n.actorFollow.following.displayName } };
      break;
    case NOTIFICATION_TYPE.NEW_INSTANCE_FOLLOWER:
      if (n.actorFollow) return { key: 'notif.instanceFollower', params: { host: n.actorFollow.follower.actor.host ?? host }, href: '/admin/follows' };
      break;
  }
  return { key: 'notif.other', params: { type: String(n.notification.type) } };
}

function renderNotifications(env: PageEnv, items: NotificationView[], total: number, page: number) {
  const { t } = env;
  const unread = env.unreadNotifications ?? 0;
  const body = html`${accountSubnav(env, 'notifications')}
    <h1>${t('notif.title')}</h1>
    <div class="actions">
      <p class="lead">${t('notif.unreadCount', { count: unread })}</p>
      ${
        unread
          ? html`<form method="post" action="/my/notifications/read-all">
              ${csrfField(env)}<button type="submit" class="secondary">${t('notif.markAll')}</button>
            </form>`
          : ''
      }
    </div>
    ${
      items.length
        ? html`<ul class="notifications">
            ${items.map((n) => {
              const d = describe(env, n);
              const text = t(d.key, d.params);
              return html`<li class="${n.notification.read ? 'read' : 'unread'}" data-id="${n.notification.id}">
                <span
                  >${n.notification.read ? '' : html`<span class="sr">${t('notif.unread')}</span>`}${d.href ? html`<a href="${d.href}">${text}</a>` : text}
                  <time datetime="${n.notification.createdAt.toISOString()}">${formatDate(n.notification.createdAt)}</time></span
                >
                ${
                  n.notification.read
                    ? ''
                    : html`<form method="post" action="/my/notifications/read" class="inline">
                        ${csrfField(env)}<input type="hidden" name="id" value="${n.notification.id}" /><input type="hidden" name="page" value="${page}" />
                        <button type="submit" class="link">${t('notif.markRead')}</button>
                      </form>`
                }
              </li>`;
            })}
          </ul>`
        : html`<p>${t('notif.none')}</p>`
    }
    ${pager(env, '/my/notifications', {}, page, total, { size: PAGE_SIZE })}`;
  return layout(env, { title: t('notif.title'), head: accountStyles }, body);
}

const readForm = z.object({ id: z.coerce.number().int().positive(), page: z.coerce.number().int().min(1).max(10_000).catch(1) });

/** /my/notifications: the list of the API's /users/me/notifications, with read and read-all as forms. */
export function notificationPages() {
  const app = signedInPages(['/my/notifications']);

  app.get('/my/notifications', async (c) => {
    const page = pageQuery(c.req.query('page'));
    const { total, data } = await listNotifications(c.var.db, c.var.viewer.userId, { start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, sort: '-createdAt' });
    return c.html(renderNotifications(await pageEnv(c), data, total, page));
  });

  app.post('/my/notifications/read', requireCsrf(), async (c) => {
    const parsed = readForm.safeParse(await c.req.parseBody());
    if (parsed.success) await markNotificationsRead(c.var.db, c.var.viewer.userId, [parsed.data.id]);
    const page = parsed.success ? parsed.data.page : 1;
    return c.redirect(page > 1 ? `/my/notifications?page=${page}` : '/my/notifications', 303);
  });

  app.post('/my/notifications/read-all', requireCsrf(), async (c) => {
    await markAllNotificationsRead(c.var.db, c.var.viewer.userId);
    return c.redirect('/my/notifications', 303);
  });

  return app;
}
