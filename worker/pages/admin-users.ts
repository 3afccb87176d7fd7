import type { Context } from 'hono';
import { html } from 'hono/html';
import { z } from 'zod';
import type { UserEnv } from '../http/context';
import { requireCsrf } from '../http/csrf';
import { USER_ROLES } from '../db/schema';
import { getUserView, listUsers, updateUser } from '../services/users';
import { setUserBlocked } from '../services/user-block';
import { updateUserSchema } from '../services/user-fields';
import { isAdmin } from '../services/viewer';
import type { UserView } from '../serializers/user';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField } from './layout';
import { field, formAlert, formString, zodFieldErrors, type FieldErrors } from './forms';
import { savedNotice, selectField } from './form-controls';
import { DAILY_QUOTA_CHOICES, formatBytes, formatDate, QUOTA_CHOICES, quotaOptions } from './format';
import { pager, pageQuery } from './paging';
import { adminLayout } from './admin-nav';
import { listTable } from './list-table';
import { signedInPages } from './guards';

const PAGE_SIZE = 20;
const ROLE_LABELS: Record<number, MessageKey> = {
  [USER_ROLES.ADMINISTRATOR]: 'users.roleAdmin',
  [USER_ROLES.MODERATOR]: 'users.roleModerator',
  [USER_ROLES.USER]: 'users.roleUser',
};

function renderUsers(env: PageEnv, rows: UserView[], total: number, page: number, search: string) {
  const { t } = env;
  const body = html`<form method="get" action="/admin/users" class="row-form" role="search">
      ${field(env, {}, { name: 'search', label: 'users.search', type: 'search', value: search })}
      <button type="submit">${t('users.searchSubmit')}</button>
    </form>
    ${listTable(
      [t('users.username'), t('users.email'), t('users.role'), t('users.quota'), t('users.state'), t('users.created')],
      rows.map(
        ({ user }) =>
          html`<tr data-username="${user.username}">
            <td><a href="/admin/users/${user.id}">${user.username}</a></td>
            <td>${user.email}</td>
            <td>${t(ROLE_LABELS[user.role] ?? 'users.roleUser')}</td>
            <td>${formatBytes(env, user.videoQuota)}</td>
            <td>${user.blocked ? html`<span class="pill blocked">${t('users.blocked')}</span>` : t('users.active')}</td>
            <td>${formatDate(user.createdAt)}</td>
          </tr>`,
      ),
      { empty: t('users.none') },
    )}
    ${pager(env, '/admin/users', { search: search || undefined }, page, total, { size: PAGE_SIZE })}`;
  return adminLayout(env, 'users', t('users.title'), body);
}

type UserForm = { values?: Record<string, string | undefined>; errors?: FieldErrors; error?: string; saved?: boolean };

function renderUser(env: PageEnv, view: UserView, form: UserForm) {
  const { t } = env;
  const u = view.user;
  const v = form.values ?? { role: String(u.role), videoQuota: String(u.videoQuota), videoQuotaDaily: String(u.videoQuotaDaily) };
  const errors = form.errors ?? {};
  const roles = isAdmin(env.viewer) ? [USER_ROLES.ADMINISTRATOR, USER_ROLES.MODERATOR, USER_ROLES.USER] : [USER_ROLES.USER];
  const used = view.quota?.videoQuotaUsed ?? 0;
  const body = html`<p><a href="/admin/users">${t('users.back')}</a></p>
    <p class="lead">${u.email} · ${t('users.used', { used: formatBytes(env, used), quota: formatBytes(env, u.videoQuota) })}</p>
    ${savedNotice(form.saved ? t('admin.saved') : undefined)} ${formAlert(form.error)}
    <div class="panels">
      <section class="panel" aria-labelledby="u-settings">
        <h2 id="u-settings">${t('users.settings')}</h2>
        <form method="post" action="/admin/users/${u.id}" class="stack" novalidate>
          ${csrfField(env)}
          ${selectField(env, errors, { name: 'role', label: 'users.role', value: v.role, choices: roles.map((r): [number, string] => [r, t(ROLE_LABELS[r])]) })}
          ${selectField(env, errors, { name: 'videoQuota', label: 'users.quota', value: v.videoQuota, choices: quotaOptions(env, QUOTA_CHOICES, Number(v.videoQuota)) })}
          ${selectField(env, errors, { name: 'videoQuotaDaily', label: 'users.dailyQuota', value: v.videoQuotaDaily, choices: quotaOptions(env, DAILY_QUOTA_CHOICES, Number(v.videoQuotaDaily)) })}
          <button type="submit">${t('admin.save')}</button>
        </form>
      </section>
      <section class="panel danger" aria-labelledby="u-block">
        <h2 id="u-block">${t('users.block')}</h2>
        ${
          u.blocked
            ? html`<p role="status">${t('users.blockedBecause', { reason: u.blockedReason ?? '–' })}</p>
                <form method="post" action="/admin/users/${u.id}/unblock">${csrfField(env)}<button type="submit">${t('users.unblockSubmit')}</button></form>`
            : html`<p>${t('users.blockHelp')}</p>
                <form method="post" action="/admin/users/${u.id}/block" class="stack" novalidate>
                  ${csrfField(env)} ${field(env, errors, { name: 'reason', label: 'users.blockReason', attrs: { maxlength: '250' } })}
                  <button type="submit" class="danger">${t('users.blockSubmit')}</button>
                </form>`
        }
      </section>
    </div>`;
  return adminLayout(env, 'users', t('users.editTitle', { name: u.username }), body);
}

const idParam = z.coerce.number().int().positive();
const blockReason = z.string().trim().min(3).max(250).nullable();

/** /admin/users: list and search, role and quotas, block and unblock, through the services behind /api/v1/users. */
export function adminUserPages() {
  const app = signedInPages(['/admin/users'], 'moderator');

  app.get('/admin/users', async (c) => {
    const page = pageQuery(c.req.query('page'));
    const search = (c.req.query('search') ?? '').trim().slice(0, 200);
    const { total, data } = await listUsers(c.var.db, { search: search || undefined, start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, sort: '-createdAt' });
    return c.html(renderUsers(await pageEnv(c), data, total, page, search));
  });

  const userId = (c: Context<UserEnv>) => idParam.parse(c.req.param('id'));
  const show = async (c: Context<UserEnv>, form: UserForm, status: 200 | 400 = 200) =>
    c.html(renderUser(await pageEnv(c), await getUserView(c.var.db, userId(c), { withQuota: true }), form), status);

  app.get('/admin/users/:id{[0-9]+}', (c) => show(c, { saved: c.req.query('saved') === '1' }));

  app.post('/admin/users/:id{[0-9]+}', requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const values = { role: formString(body, 'role'), videoQuota: formString(body, 'videoQuota'), videoQuotaDaily: formString(body, 'videoQuotaDaily') };
    const parsed = updateUserSchema.safeParse(values);
    if (!parsed.success) return show(c, { values, errors: zodFieldErrors(parsed.error), error: (await pageEnv(c)).t('form.invalid') }, 400);
    const current = await getUserView(c.var.db, userId(c));
    // The role goes only when it changes: a moderator's form offers no other, and PeerTube refuses a role change of root.
    const { role, ...quotas } = parsed.data;
    await updateUser(c.var.db, c.var.viewer, userId(c), role === current.user.role ? quotas : parsed.data);
    return c.redirect(`/admin/users/${userId(c)}?saved=1`, 303);
  });

  app.post('/admin/users/:id{[0-9]+}/block', requireCsrf(), async (c) => {
    const raw = formString(await c.req.parseBody(), 'reason')?.trim();
    const reason = blockReason.safeParse(raw ? raw : null);
    if (!reason.success) return show(c, { errors: { reason: reason.error.issues[0].message }, error: (await pageEnv(c)).t('form.invalid') }, 400);
    await setUserBlocked(c.var.db, c.var.viewer, userId(c), true, reason.data);
    return c.redirect(`/admin/users/${userId(c)}`, 303);
  });

  app.post('/admin/users/:id{[0-9]+}/unblock', requireCsrf(), async (c) => {
    await setUserBlocked(c.var.db, c.var.viewer, userId(c), false);
    return c.redirect(`/admin/users/${userId(c)}`, 303);
  });

  return app;
}
