import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { ABUSE_STATE, abuseListQueries, toAbuseList, updateAbuse, updateAbuseSchema, type AbuseView } from '../services/abuses';
import {
  accountBlocksQueries,
  blockAccount,
  blockServer,
  serverBlocksQueries,
  toAccountBlocks,
  toBlockList,
  unblockAccount,
  unblockServer,
  type AccountBlockRow,
} from '../services/blocklist';
import { uuidToShort } from '../services/short-uuid';
import type { AccountWithActor } from '../serializers/account';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField } from './layout';
import { field, formAlert, formString } from './forms';
import { selectField, textareaField } from './form-controls';
import { formatDate } from './format';
import { pager, pageQuery } from './paging';
import { adminLayout } from './admin-nav';
import { rowForm } from './list-table';
import { signedIn } from './guards';

const PAGE_SIZE = 20;
const STATES: Array<[number, MessageKey]> = [
  [ABUSE_STATE.PENDING, 'mod.statePending'],
  [ABUSE_STATE.ACCEPTED, 'mod.stateAccepted'],
  [ABUSE_STATE.REJECTED, 'mod.stateRejected'],
];

const handleOf = (env: PageEnv, a: AccountWithActor) => `${a.actor.preferredUsername}@${a.actor.host ?? env.config.host}`;

function report(env: PageEnv, v: AbuseView, state: number | undefined, page: number) {
  const { t } = env;
  const a = v.abuse;
  return html`<article class="panel" id="abuse-${a.id}">
    <h3>${t('mod.report', { id: a.id })} · ${formatDate(a.createdAt)}</h3>
    <p class="plain">${a.reason}</p>
    <ul>
      ${v.reporter ? html`<li>${t('mod.reporter', { name: handleOf(env, v.reporter) })}</li>` : ''}
      ${v.video ? html`<li><a href="/w/${uuidToShort(v.video.video.uuid)}">${t('mod.flaggedVideo', { name: v.video.video.name })}</a></li>` : ''}
      ${v.flagged ? html`<li>${t('mod.flaggedAccount', { name: handleOf(env, v.flagged) })}</li>` : ''}
    </ul>
    <form method="post" action="/admin/moderation/abuses/${a.id}" class="stack" novalidate>
      ${csrfField(env)}<input type="hidden" name="return" value="${state ?? ''}:${page}" />
      ${selectField(env, {}, { name: 'state', id: `f-state-${a.id}`, label: 'mod.state', value: a.state, choices: STATES.map(([s, k]): [number, string] => [s, t(k)]) })}
      ${textareaField(env, {}, { name: 'moderationComment', id: `f-comment-${a.id}`, label: 'mod.comment', help: 'mod.commentHelp', value: a.moderationComment, rows: 2, maxlength: 3000 })}
      <button type="submit">${t('mod.update')}</button>
    </form>
  </article>`;
}

function blockTable(env: PageEnv, rows: Array<{ name: string; createdAt: Date }>, kind: 'accounts' | 'servers') {
  const { t } = env;
  const field_ = kind === 'accounts' ? 'accountName' : 'host';
  return html`<form method="post" action="/admin/moderation/${kind}" class="row-form" novalidate>
      ${csrfField(env)}
      ${field(env, {}, { name: field_, id: `f-block-${kind}`, label: kind === 'accounts' ? 'mod.accountName' : 'mod.serverHost', required: true })}
      <button type="submit">${t('mod.block')}</button>
    </form>
    ${
      rows.length
        ? html`<ul class="notifications">
            ${rows.map(
              (r) =>
                html`<li data-blocked="${r.name}">
                  <span>${r.name} <time>${formatDate(r.createdAt)}</time></span>
                  ${rowForm(env, `/admin/moderation/${kind}/remove`, t('mod.unblock'), { hidden: { [field_]: r.name } })}
                </li>`,
            )}
          </ul>`
        : html`<p>${t('admin.none')}</p>`
    }`;
}

type ModerationData = { abuses: AbuseView[]; total: number; accounts: AccountBlockRow[]; servers: Array<{ host: string; createdAt: Date }> };

function renderModeration(env: PageEnv, data: ModerationData, state: number | undefined, page: number, error?: string) {
  const { t } = env;
  const body = html`${formAlert(error)}
    <h2>${t('mod.reports')}</h2>
    <form method="get" action="/admin/moderation" class="row-form">
      ${selectField(env, {}, { name: 'state', id: 'f-filter', label: 'mod.filter', value: state ?? '', choices: [['', t('mod.all')], ...STATES.map(([s, k]): [number, string] => [s, t(k)])] })}
      <button type="submit" class="secondary">${t('mod.filterSubmit')}</button>
    </form>
    ${data.abuses.length ? html`<div class="stack">${data.abuses.map((v) => report(env, v, state, page))}</div>` : html`<p>${t('mod.noReports')}</p>`}
    ${pager(env, '/admin/moderation', { state: state ? String(state) : undefined }, page, data.total, { size: PAGE_SIZE })}
    <div class="panels">
      <section aria-labelledby="m-accounts">
        <h2 id="m-accounts">${t('mod.blockedAccounts')}</h2>
        ${blockTable(
          env,
          data.accounts.map((r) => ({ name: handleOf(env, r.blocked), createdAt: r.createdAt })),
          'accounts',
        )}
      </section>
      <section aria-labelledby="m-servers">
        <h2 id="m-servers">${t('mod.blockedServers')}</h2>
        ${blockTable(
          env,
          data.servers.map((r) => ({ name: r.host, createdAt: r.createdAt })),
          'servers',
        )}
      </section>
    </div>`;
  return adminLayout(env, 'moderation', t('mod.title'), body);
}

const stateOf = (raw: string | undefined) => STATES.find(([s]) => String(s) === raw)?.[0];

/** /admin/moderation: abuse reports (state, moderation comment) and the instance's blocklists, through the services behind /api/v1/abuses and /api/v1/server/blocklist. */
export function adminModerationPages() {
  const app = new Hono<AppEnv>();
  app.use('/admin/moderation', signedIn('moderator'));
  app.use('/admin/moderation/*', signedIn('moderator'));

  const show = async (c: Context<AppEnv>, options: { state?: number; page?: number; error?: string; status?: 200 | 400 | 404 | 409 } = {}) => {
    const { db } = c.var;
    const page = options.page ?? 1;
    const list = { start: 0, count: 100, sort: '-createdAt' };
    // The reports and both blocklists in one round trip (issue 9).
    const [a1, a2, a3, a4, b1, b2, b3, s1, s2, s3] = await db.batch([
      ...abuseListQueries(db, { state: options.state, start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, sort: '-createdAt' }),
      ...accountBlocksQueries(db, null, list),
      ...serverBlocksQueries(db, null, list),
    ]);
    const [abuses, accounts, servers] = [toAbuseList([a1, a2, a3, a4]), toAccountBlocks([b1, b2, b3]), toBlockList([s1, s2, s3])];
    const data = { abuses: abuses.data, total: abuses.total, accounts: accounts.data, servers: servers.data };
    return c.html(renderModeration(await pageEnv(c), data, options.state, page, options.error), options.status ?? 200);
  };

  app.get('/admin/moderation', (c) => show(c, { state: stateOf(c.req.query('state')), page: pageQuery(c.req.query('page')) }));

  app.post('/admin/moderation/abuses/:id{[0-9]+}', requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const comment = formString(body, 'moderationComment')?.trim();
    const [state, page] = (formString(body, 'return') ?? '').split(':');
    const back = { state: stateOf(state), page: pageQuery(page) };
    const parsed = updateAbuseSchema.safeParse({ state: Number(formString(body, 'state')), moderationComment: comment || undefined });
    if (!parsed.success) return show(c, { ...back, error: parsed.error.issues[0].message, status: 400 });
    await updateAbuse(c.var.db, Number(c.req.param('id')), parsed.data);
    const qs = new URLSearchParams(Object.entries({ state, page: back.page > 1 ? String(back.page) : '' }).filter(([, v]) => v)).toString();
    return c.redirect(`/admin/moderation${qs ? `?${qs}` : ''}#abuse-${c.req.param('id')}`, 303);
  });

  const blocklist = (path: string, name: 'accountName' | 'host', act: (c: Context<AppEnv>, value: string) => Promise<void>) =>
    app.post(path, requireCsrf(), async (c) => {
      const value = formString(await c.req.parseBody(), name)?.trim() ?? '';
      try {
        if (!value || value.length > 300) throw ApiError.badRequest((await pageEnv(c)).t('form.required'));
        await act(c, value);
      } catch (err) {
        if (err instanceof ApiError && err.status < 500) return show(c, { error: err.detail, status: err.status as 400 });
        throw err;
      }
      return c.redirect('/admin/moderation', 303);
    });
  blocklist('/admin/moderation/accounts', 'accountName', (c, v) => blockAccount(c.var.db, c.var.config, null, v));
  blocklist('/admin/moderation/accounts/remove', 'accountName', (c, v) => unblockAccount(c.var.db, c.var.config, null, v));
  blocklist('/admin/moderation/servers', 'host', (c, v) => blockServer(c.var.db, c.var.config, null, v));
  blocklist('/admin/moderation/servers/remove', 'host', (c, v) => unblockServer(c.var.db, null, v));

  return app;
}
