import { Hono } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { requireCsrf } from '../http/csrf';
import { JOB_STATES, type Job, type JobState } from '../db/schema';
import { listJobs, retryFailedJob } from '../jobs/store';
import type { MessageKey } from '../i18n';
import { pageEnv, type PageEnv } from './page-env';
import { savedNotice, selectField } from './form-controls';
import { formatDate } from './format';
import { pager, pageQuery } from './paging';
import { adminLayout } from './admin-nav';
import { listTable, rowForm } from './list-table';
import { signedIn } from './guards';

const PAGE_SIZE = 30;
const STATE_LABELS: Record<JobState, MessageKey> = {
  waiting: 'jobs.waiting',
  active: 'jobs.active',
  completed: 'jobs.completed',
  failed: 'jobs.failed',
  delayed: 'jobs.delayed',
};

function renderJobs(env: PageEnv, rows: Job[], total: number, state: JobState, page: number, notice?: string) {
  const { t } = env;
  const body = html`${savedNotice(notice)}
    <form method="get" action="/admin/jobs" class="row-form">
      ${selectField(env, {}, { name: 'state', label: 'jobs.filter', value: state, choices: JOB_STATES.map((s): [string, string] => [s, t(STATE_LABELS[s])]) })}
      <button type="submit" class="secondary">${t('jobs.filterSubmit')}</button>
    </form>
    ${listTable(
      ['#', t('jobs.type'), t('jobs.state'), t('jobs.attempts'), t('jobs.error'), t('jobs.created'), { sr: t('jobs.retry') }],
      rows.map(
        (j) =>
          html`<tr data-job="${j.id}">
            <td>${j.id}</td>
            <td>${j.type}</td>
            <td>${t(STATE_LABELS[j.state])}</td>
            <td>${j.attempts}/${j.maxAttempts}</td>
            <td class="plain">${j.lastError ?? ''}</td>
            <td>${formatDate(j.createdAt)}</td>
            <td>${j.state === 'failed' ? rowForm(env, `/admin/jobs/${j.id}/retry`, t('jobs.retry')) : ''}</td>
          </tr>`,
      ),
      { empty: t('jobs.none') },
    )}
    ${pager(env, '/admin/jobs', { state }, page, total, { size: PAGE_SIZE })}`;
  return adminLayout(env, 'jobs', t('jobs.title'), body);
}

const stateOf = (raw: string | undefined): JobState => JOB_STATES.find((s) => s === raw) ?? 'failed';

/** /admin/jobs: the job list by state (PeerTube's /api/v1/jobs/{state}), failed first, with a retry button. */
export function adminJobPages() {
  const app = new Hono<AppEnv>();
  app.use('/admin/jobs', signedIn('admin'));
  app.use('/admin/jobs/*', signedIn('admin'));

  app.get('/admin/jobs', async (c) => {
    const state = stateOf(c.req.query('state'));
    const page = pageQuery(c.req.query('page'));
    const { total, rows } = await listJobs(c.var.db, { state, start: (page - 1) * PAGE_SIZE, count: PAGE_SIZE, desc: true });
    const env = await pageEnv(c);
    const retried = Number(c.req.query('retried'));
    return c.html(renderJobs(env, rows, total, state, page, Number.isInteger(retried) && retried > 0 ? env.t('jobs.retried', { id: retried }) : undefined));
  });

  app.post('/admin/jobs/:id{[0-9]+}/retry', requireCsrf(), async (c) => {
    const id = Number(c.req.param('id'));
    // A job that is no longer failed (retried already, by another click) just shows the list again.
    const retried = await retryFailedJob(c.var.db, c.env.JOBS, id);
    return c.redirect(retried ? `/admin/jobs?retried=${id}` : '/admin/jobs', 303);
  });

  return app;
}
