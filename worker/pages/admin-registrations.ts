import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { REGISTRATION_STATE, type UserRegistration } from '../db/schema';
import { acceptRegistration, deleteRegistration, listRegistrations, moderationResponseSchema, rejectRegistration } from '../services/registration-requests';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField } from './layout';
import { formAlert, formString } from './forms';
import { textareaField } from './form-controls';
import { formatDate } from './format';
import { pager, pageQuery } from './paging';
import { adminLayout } from './admin-nav';
import { rowForm } from './list-table';
import { signedIn } from './guards';

const PAGE_SIZE = 20;
const STATE_KEYS: Record<number, MessageKey> = {
  [REGISTRATION_STATE.PENDING]: 'reg.statePending',
  [REGISTRATION_STATE.ACCEPTED]: 'reg.stateAccepted',
  [REGISTRATION_STATE.REJECTED]: 'reg.stateRejected',
};

function request(env: PageEnv, r: UserRegistration, page: number) {
  const { t } = env;
  const pending = r.state === REGISTRATION_STATE.PENDING;
  return html`<article class="panel" id="registration-${r.id}" data-state="${r.state}">
    <h3>${t('reg.request', { id: r.id, username: r.username })} · ${formatDate(r.createdAt)} · ${t(STATE_KEYS[r.state] ?? 'reg.statePending')}</h3>
    <p class="plain">${r.registrationReason}</p>
    <ul>
      <li>${t('reg.email', { email: r.email })}</li>
      ${r.accountDisplayName ? html`<li>${t('reg.displayName', { name: r.accountDisplayName })}</li>` : ''}
      ${r.channelHandle ? html`<li>${t('reg.channel', { name: r.channelHandle, displayName: r.channelDisplayName ?? '' })}</li>` : ''}
      ${r.moderationResponse ? html`<li>${t('reg.yourResponse', { text: r.moderationResponse })}</li>` : ''}
    </ul>
    ${
      pending
        ? html`<form method="post" action="/admin/registrations/${r.id}" class="stack" novalidate>
            ${csrfField(env)}<input type="hidden" name="page" value="${page}" />
            ${textareaField(env, {}, { name: 'moderationResponse', id: `f-response-${r.id}`, label: 'reg.response', help: 'reg.responseHelp', rows: 2, maxlength: 3000 })}
            <div class="row-form">
              <button type="submit" name="action" value="accept">${t('reg.accept')}</button>
              <button type="submit" name="action" value="reject" class="secondary">${t('reg.reject')}</button>
            </div>
          </form>`
        : rowForm(env, `/admin/registrations/${r.id}/delete`, t('reg.delete'), { hidden: { page: String(page) } })
    }
  </article>`;
}

/**
 * /admin/registrations: registration requests, newest first, accepted or rejected with a response,
 * or deleted once answered; through the services behind /api/v1/users/registrations.
 */
export function adminRegistrationPages() {
  const app = new Hono<AppEnv>();
  app.use('/admin/registrations', signedIn('moderator'));
  app.use('/admin/registrations/*', signedIn('moderator'));

  const show = async (c: Context<AppEnv>, page: number, error?: string, status: 200 | 400 | 404 | 409 = 200) => {
    const { total, data } = await listRegistrations(c.var.db, { start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, sort: '-createdAt' });
    const env = await pageEnv(c);
    const { t } = env;
    const body = html`${formAlert(error)}
    ${data.length ? html`<div class="stack">${data.map((r) => request(env, r, page))}</div>` : html`<p>${t('reg.none')}</p>`}
    ${pager(env, '/admin/registrations', {}, page, total, { size: PAGE_SIZE })}`;
    return c.html(adminLayout(env, 'registrations', t('reg.title'), body), status);
  };

  /** Runs a moderation step; a refusal (bad response, already answered, gone) is shown on the page. */
  const act = async (c: Context<AppEnv>, step: (body: Record<string, unknown>) => Promise<void>) => {
    const body = await c.req.parseBody();
    const page = pageQuery(formString(body, 'page'));
    try {
      await step(body);
    } catch (err) {
      if (err instanceof ApiError && err.status < 500) return show(c, page, err.detail, err.status as 400);
      throw err;
    }
    return c.redirect(`/admin/registrations${page > 1 ? `?page=${page}` : ''}`, 303);
  };

  app.get('/admin/registrations', (c) => show(c, pageQuery(c.req.query('page'))));

  app.post('/admin/registrations/:id{[0-9]+}', requireCsrf(), (c) =>
    act(c, async (body) => {
      const id = Number(c.req.param('id'));
      const parsed = moderationResponseSchema.safeParse({ moderationResponse: formString(body, 'moderationResponse')?.trim() ?? '' });
      if (!parsed.success) throw ApiError.badRequest((await pageEnv(c)).t('reg.responseHelp'));
      const response = parsed.data.moderationResponse;
      if (formString(body, 'action') === 'accept') await acceptRegistration(c.var.db, c.var.config, id, response);
      else await rejectRegistration(c.var.db, id, response);
    }),
  );

  app.post('/admin/registrations/:id{[0-9]+}/delete', requireCsrf(), (c) => act(c, () => deleteRegistration(c.var.db, Number(c.req.param('id')))));

  return app;
}
