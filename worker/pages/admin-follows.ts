import { Hono, type Context } from 'hono';
import type { Db } from '../db/client';
import type { JobQueue } from '../jobs/store';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import type { Actor } from '../db/schema';
import {
  answerServerFollower,
  followRequestSchema,
  serverFollowsQueries,
  toServerFollows,
  removeServerFollowing,
  requestServerFollows,
  type FollowRow,
} from '../services/server-follows';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField } from './layout';
import { formAlert, formString, type FieldErrors } from './forms';
import { savedNotice, textareaField } from './form-controls';
import { formatDate } from './format';
import { adminLayout } from './admin-nav';
import { listTable, rowForm } from './list-table';
import { signedIn } from './guards';

const STATE_LABELS: Record<string, MessageKey> = { pending: 'follows.pending', accepted: 'follows.accepted', rejected: 'follows.rejected' };

/**
 * How PeerTube's API names the other side: a followed instance by its host (a channel or account
 * by its handle); a follower always by its handle (`peertube@host` for an instance).
 */
const handleOf = (a: Actor, side: 'following' | 'followers') =>
  side === 'following' && a.type === 'Application' ? (a.host ?? '') : `${a.preferredUsername}@${a.host}`;

type FollowsForm = { hosts?: string; errors?: FieldErrors; error?: string; notice?: string };

function table(env: PageEnv, rows: FollowRow[], side: 'following' | 'followers') {
  const { t } = env;
  return listTable(
    [t('follows.actor'), t('follows.state'), t('follows.since'), { sr: t('follows.state') }],
    rows.map((r) => {
      const other = side === 'following' ? r.following : r.follower;
      const handle = handleOf(other, side);
      const action = (path: string, label: MessageKey, buttonClass?: string) => rowForm(env, path, t(label), { hidden: { handle }, buttonClass });
      return html`<tr data-handle="${handle}">
        <td>${handle}</td>
        <td>${t(STATE_LABELS[r.follow.state] ?? 'follows.pending')}</td>
        <td>${formatDate(r.follow.createdAt)}</td>
        <td class="actions">
          ${
            side === 'following'
              ? action('/admin/follows/unfollow', 'follows.unfollow')
              : html`${r.follow.state === 'pending' ? action('/admin/follows/accept', 'follows.accept', '') : ''}
                ${action('/admin/follows/reject', r.follow.state === 'pending' ? 'follows.reject' : 'follows.remove')}`
          }
        </td>
      </tr>`;
    }),
    { empty: t('admin.none') },
  );
}

function renderFollows(env: PageEnv, following: FollowRow[], followers: FollowRow[], form: FollowsForm) {
  const { t } = env;
  const body = html`${savedNotice(form.notice)} ${formAlert(form.error)}
    <section class="panel" aria-labelledby="f-add-title">
      <h2 id="f-add-title">${t('follows.add')}</h2>
      <form method="post" action="/admin/follows" class="stack" novalidate>
        ${csrfField(env)}
        ${textareaField(env, form.errors ?? {}, { name: 'hosts', label: 'follows.hosts', help: 'follows.hostsHelp', value: form.hosts, rows: 3 })}
        <button type="submit">${t('follows.submit')}</button>
      </form>
    </section>
    <h2>${t('follows.following')}</h2>
    ${table(env, following, 'following')}
    <h2>${t('follows.followers')}</h2>
    ${table(env, followers, 'followers')}`;
  return adminLayout(env, 'follows', t('follows.title'), body);
}

const LIST = { start: 0, count: 100, sort: '-createdAt' };

/** /admin/follows: the instance's follows and followers, through the services behind /api/v1/server/following|followers. */
export function adminFollowPages() {
  const app = new Hono<AppEnv>();
  app.use('/admin/follows', signedIn('admin'));
  app.use('/admin/follows/*', signedIn('admin'));

  const show = async (c: Context<AppEnv>, form: FollowsForm, status: 200 | 400 | 404 = 200) => {
    // Both lists in one round trip (issue 9).
    const [i1, r1, n1, i2, r2, n2] = await c.var.db.batch([
      ...serverFollowsQueries(c.var.db, 'following', LIST),
      ...serverFollowsQueries(c.var.db, 'followers', LIST),
    ]);
    const [following, followers] = [toServerFollows([i1, r1, n1]), toServerFollows([i2, r2, n2])];
    return c.html(renderFollows(await pageEnv(c), following.data, followers.data, form), status);
  };

  app.get('/admin/follows', async (c) => show(c, { notice: c.req.query('done') === 'requested' ? (await pageEnv(c)).t('follows.requested') : undefined }));

  app.post('/admin/follows', requireCsrf(), async (c) => {
    const hosts = formString(await c.req.parseBody(), 'hosts') ?? '';
    const lines = [
      ...new Set(
        hosts
          .split(/[\s,]+/)
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ];
    const parsed = followRequestSchema.safeParse({ hosts: lines.filter((l) => !l.includes('@')), handles: lines.filter((l) => l.includes('@')) });
    if (!parsed.success) return show(c, { hosts, errors: { hosts: parsed.error.issues[0].message }, error: (await pageEnv(c)).t('form.invalid') }, 400);
    await requestServerFollows(c.var.db, c.var.config, c.env.JOBS, parsed.data);
    return c.redirect('/admin/follows?done=requested', 303);
  });

  const actions: Array<[string, (db: Db, queue: JobQueue, handle: string) => Promise<void>]> = [
    ['/admin/follows/unfollow', removeServerFollowing],
    ['/admin/follows/accept', (db, queue, h) => answerServerFollower(db, queue, h, 'accept')],
    ['/admin/follows/reject', (db, queue, h) => answerServerFollower(db, queue, h, 'reject')],
  ];
  for (const [path, act] of actions) {
    app.post(path, requireCsrf(), async (c) => {
      const handle = formString(await c.req.parseBody(), 'handle') ?? '';
      try {
        await act(c.var.db, c.env.JOBS, handle);
      } catch (err) {
        // Someone else answered first, or it was already gone: the list shows what is true now.
        if (err instanceof ApiError && err.status < 500) return show(c, { error: err.detail }, err.status === 404 ? 404 : 400);
        throw err;
      }
      return c.redirect('/admin/follows', 303);
    });
  }

  return app;
}
