import type { Context } from 'hono';
import type { UserEnv } from '../http/context';
import { ApiError } from '../errors';
import { requireCsrf } from '../http/csrf';
import { clearSessionCookie } from '../http/session';
import { isLocale } from '../i18n';
import { getUserView, updateMe, type MeUpdate } from '../services/users';
import { deleteMe } from '../services/user-removal';
import { updateMeSchema } from '../services/user-fields';
import { pageEnv } from './page-env';
import { signedInPages } from './guards';
import { formString, zodFieldErrors, type FieldErrors } from './forms';
import { serializeActorImages } from '../serializers/actor';
import { imageOutcome } from './actor-image-forms';
import { ACCOUNT_SECTIONS, renderAccountPage, type AccountFormState, type AccountSection } from './account-views';

async function showAccount(c: Context<UserEnv>, state: AccountFormState = {}, status: 200 | 400 | 401 | 409 = 200) {
  const { db, viewer } = c.var;
  // The user, their channels and the quota used, in one pipeline.
  const view = await getUserView(db, viewer.userId, { withQuota: true });
  const env = await pageEnv(c);
  const data = {
    user: view.user,
    displayName: view.account.account.displayName,
    description: view.account.account.description,
    quotaUsed: view.quota?.videoQuotaUsed ?? 0,
    avatars: serializeActorImages(view.account.actor, c.var.config),
    imageOutcome: imageOutcome(c.req.query('image')),
  };
  return c.html(renderAccountPage(env, data, state), status);
}

/** A form's fields as the PUT /users/me patch they stand for (checkboxes are absent when unchecked). */
function patchOf(section: AccountSection, body: Record<string, unknown>): Record<string, unknown> {
  const s = (name: string) => formString(body, name);
  switch (section) {
    case 'profile':
      return { displayName: s('displayName')?.trim(), description: s('description')?.trim() || null };
    case 'preferences': {
      const language = s('language');
      return {
        nsfwPolicy: s('nsfwPolicy'),
        p2pEnabled: s('p2pEnabled') === '1',
        autoPlayVideo: s('autoPlayVideo') === '1',
        language: isLocale(language) ? language : null,
      };
    }
    case 'email':
      return { email: s('email')?.trim(), currentPassword: s('currentPassword') ?? '' };
    default:
      return { password: s('password') ?? '', currentPassword: s('currentPassword') ?? '' };
  }
}

/** My account: profile, preferences, email, password and deletion, each its own form posting to the same service as PUT /users/me. */
export function accountPages() {
  const app = signedInPages(['/my/account']);

  app.get('/my/account', async (c) => {
    const saved = c.req.query('saved');
    return showAccount(c, { saved: ACCOUNT_SECTIONS.find((s) => s === saved) });
  });

  app.post('/my/account/delete', requireCsrf(), async (c) => {
    const { db, viewer } = c.var;
    const body = await c.req.parseBody();
    if (formString(body, 'confirm')?.trim() !== viewer.username) {
      const env = await pageEnv(c);
      return showAccount(c, { section: 'delete', errors: { confirm: env.t('account.deleteMismatch') } }, 400);
    }
    await deleteMe({ db, queue: c.env.JOBS }, viewer);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  app.post('/my/account/:section{profile|preferences|email|password}', requireCsrf(), async (c) => {
    const section = c.req.param('section') as AccountSection;
    const body = await c.req.parseBody();
    const env = await pageEnv(c);
    const values =
      section === 'profile' || section === 'email'
        ? { displayName: formString(body, 'displayName'), description: formString(body, 'description'), email: formString(body, 'email') }
        : {};
    const fail = (errors: FieldErrors, status: 400 | 401 | 409 = 400) => showAccount(c, { section, values, errors, error: env.t('form.invalid') }, status);

    const parsed = updateMeSchema.safeParse(patchOf(section, body));
    if (!parsed.success) return fail(zodFieldErrors(parsed.error));
    if (section === 'password' && formString(body, 'passwordConfirm') !== parsed.data.password)
      return fail({ passwordConfirm: env.t('account.passwordMismatch') });
    if ((section === 'password' || section === 'email') && !parsed.data.currentPassword) return fail({ currentPassword: env.t('form.required') });
    try {
      await updateMe(c.var.db, c.var.viewer, parsed.data as MeUpdate);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      if (err.status === 401) return fail({ currentPassword: env.t('account.wrongPassword') }, 401);
      if (err.status === 409) return fail({ email: err.detail }, 409);
      throw err;
    }
    return c.redirect(`/my/account?saved=${section}#${section}`, 303);
  });

  return app;
}
