import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { customConfigPatchSchema, getCustomConfig, updateCustomConfig, type CustomConfig } from '../services/instance-settings';
import { pageEnv, type PageEnv } from './page-env';
import { csrfField } from './layout';
import { field, formAlert, formString, zodFieldErrors, type FieldErrors } from './forms';
import { checkField, savedNotice, selectField, textareaField } from './form-controls';
import { DAILY_QUOTA_CHOICES, QUOTA_CHOICES, quotaOptions } from './format';
import { adminLayout } from './admin-nav';
import { signedIn } from './guards';

type SettingsForm = { values: Record<string, string | undefined>; errors: FieldErrors; error?: string; saved?: boolean };

/** The form's fields are named by their path in PeerTube's CustomConfig, so validation errors land on them. */
function valuesOf(custom: CustomConfig): Record<string, string> {
  return {
    'instance.name': custom.instance.name,
    'instance.shortDescription': custom.instance.shortDescription,
    'instance.description': custom.instance.description,
    'instance.terms': custom.instance.terms,
    'signup.enabled': custom.signup.enabled ? '1' : '',
    'signup.limit': String(custom.signup.limit),
    'signup.requiresApproval': custom.signup.requiresApproval ? '1' : '',
    'user.videoQuota': String(custom.user.videoQuota),
    'user.videoQuotaDaily': String(custom.user.videoQuotaDaily),
  };
}

const intOf = (s: string | undefined) => (s !== undefined && /^-?\d+$/.test(s.trim()) ? Number(s) : s);

/** The patch PUT /config/custom would receive from PeerTube's admin client for these fields. */
function patchOf(v: Record<string, string | undefined>) {
  return {
    instance: {
      name: v['instance.name']?.trim(),
      shortDescription: v['instance.shortDescription'] ?? '',
      description: v['instance.description'] ?? '',
      terms: v['instance.terms'] ?? '',
    },
    signup: { enabled: v['signup.enabled'] === '1', limit: intOf(v['signup.limit']), requiresApproval: v['signup.requiresApproval'] === '1' },
    user: { videoQuota: intOf(v['user.videoQuota']), videoQuotaDaily: intOf(v['user.videoQuotaDaily']) },
  };
}

function renderSettings(env: PageEnv, form: SettingsForm) {
  const { t } = env;
  const v = form.values;
  const e = form.errors;
  const body = html`${savedNotice(form.saved ? t('admin.saved') : undefined)} ${formAlert(form.error)}
    <form method="post" action="/admin/settings" class="stack" novalidate>
      ${csrfField(env)}
      <section class="panel" aria-labelledby="s-instance">
        <h2 id="s-instance">${t('settings.instance')}</h2>
        ${field(env, e, { name: 'instance.name', id: 'f-name', label: 'settings.name', value: v['instance.name'], required: true, attrs: { maxlength: '120' } })}
        ${field(env, e, { name: 'instance.shortDescription', id: 'f-short', label: 'settings.shortDescription', value: v['instance.shortDescription'], attrs: { maxlength: '250' } })}
        ${textareaField(env, e, { name: 'instance.description', id: 'f-description', label: 'settings.description', help: 'settings.markdownHelp', value: v['instance.description'], rows: 6 })}
        ${textareaField(env, e, { name: 'instance.terms', id: 'f-terms', label: 'settings.terms', help: 'settings.markdownHelp', value: v['instance.terms'], rows: 6 })}
      </section>
      <section class="panel" aria-labelledby="s-signup">
        <h2 id="s-signup">${t('settings.signup')}</h2>
        ${checkField(env, { name: 'signup.enabled', id: 'f-signup', label: 'settings.signupEnabled', checked: v['signup.enabled'] === '1' })}
        ${field(env, e, { name: 'signup.limit', id: 'f-limit', label: 'settings.signupLimit', help: 'settings.signupLimitHelp', type: 'number', value: v['signup.limit'], attrs: { min: '-1', step: '1' } })}
        ${checkField(env, { name: 'signup.requiresApproval', id: 'f-approval', label: 'settings.requiresApproval', checked: v['signup.requiresApproval'] === '1' })}
      </section>
      <section class="panel" aria-labelledby="s-quotas">
        <h2 id="s-quotas">${t('settings.quotas')}</h2>
        <div class="grid2">
          ${selectField(env, e, { name: 'user.videoQuota', id: 'f-quota', label: 'settings.videoQuota', value: v['user.videoQuota'], choices: quotaOptions(env, QUOTA_CHOICES, Number(v['user.videoQuota'])) })}
          ${selectField(env, e, { name: 'user.videoQuotaDaily', id: 'f-quota-daily', label: 'settings.videoQuotaDaily', value: v['user.videoQuotaDaily'], choices: quotaOptions(env, DAILY_QUOTA_CHOICES, Number(v['user.videoQuotaDaily'])) })}
        </div>
      </section>
      <p><button type="submit">${t('admin.save')}</button></p>
    </form>`;
  return adminLayout(env, 'settings', t('settings.title'), body);
}

/** /admin/settings: the instance's name, descriptions, rules, sign-ups and default quotas, through the service behind PUT /config/custom. */
export function adminSettingsPages() {
  const app = new Hono<AppEnv>();
  app.use('/admin/settings', signedIn('admin'));

  const show = async (c: Context<AppEnv>) => {
    const env = await pageEnv(c);
    return c.html(renderSettings(env, { values: valuesOf(await getCustomConfig(c.var.db, c.var.config)), errors: {}, saved: c.req.query('saved') === '1' }));
  };
  app.get('/admin/settings', show);

  app.post('/admin/settings', requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const values = Object.fromEntries(Object.keys(valuesOf(await getCustomConfig(c.var.db, c.var.config))).map((k) => [k, formString(body, k)]));
    const fail = async (errors: FieldErrors, error?: string) => {
      const env = await pageEnv(c);
      return c.html(renderSettings(env, { values, errors, error: error ?? env.t('form.invalid') }), 400);
    };
    const parsed = customConfigPatchSchema.safeParse(patchOf(values));
    if (!parsed.success) return fail(zodFieldErrors(parsed.error));
    try {
      await updateCustomConfig(c.var.db, c.var.config, parsed.data);
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) return fail({}, err.detail);
      throw err;
    }
    return c.redirect('/admin/settings?saved=1', 303);
  });

  return app;
}
