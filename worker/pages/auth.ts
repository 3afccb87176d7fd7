import { Hono, type Context } from 'hono';
import type { AppEnv } from '../http/context';
import { ApiError } from '../errors';
import { csrfToken, requireCsrf } from '../http/csrf';
import { clearSessionCookie, writeSessionCookie } from '../http/session';
import { clientIp } from '../services/rate-limit';
import { limitSignInAttempts, registerRateLimited, registerSchema, underRegisterRateLimit } from '../services/registration';
import { registrationRequestSchema, requestRegistration } from '../services/registration-requests';
import { isSignupAllowed } from '../services/server-config';
import { signInWithPassword, signOut } from '../services/web-sessions';
import type { TokenResponse } from '../services/oauth';
import { pageEnv } from './page-env';
import type { MessageKey } from '../i18n';
import { renderRequestSent, renderSignIn, renderSignUp } from './auth-views';
import { formString, zodFieldErrors, type FieldErrors } from './forms';

/** Only a path on this site: `//host` and `/\host` are other sites to a browser. */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?![/\\])/.test(next) ? next : '/';
}

async function startSession(c: Context<AppEnv>, tokens: TokenResponse, next: string) {
  writeSessionCookie(c, tokens);
  // A new CSRF id at sign-in: a token an attacker planted before cannot outlive it.
  await csrfToken(c, { rotate: true });
  return c.redirect(safeNext(next), 303);
}

/** What the sign-in form says for a refusal other than wrong credentials. */
const SIGN_IN_ERRORS: Record<string, MessageKey> = {
  tooMany: 'signIn.tooMany',
  account_waiting_for_approval: 'signIn.pending',
  account_approval_rejected: 'signIn.rejected',
};

/** Sign in, sign up and sign out: forms over the same OAuth and registration services as the API. */
export function authPages() {
  const app = new Hono<AppEnv>();

  app.get('/login', async (c) => {
    if (c.var.viewer) return c.redirect(safeNext(c.req.query('next')), 303);
    return c.html(renderSignIn(await pageEnv(c, { form: true }), { next: safeNext(c.req.query('next')) }));
  });

  app.post('/login', requireCsrf(), async (c) => {
    const body = await c.req.parseBody();
    const username = formString(body, 'username')?.trim() ?? '';
    const password = formString(body, 'password') ?? '';
    const next = safeNext(formString(body, 'next'));
    const env = await pageEnv(c, { form: true });
    try {
      await limitSignInAttempts(c.var.db, c.var.config, clientIp(c.req.raw.headers));
      return await startSession(c, await signInWithPassword(c.var.db, username, password), next);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      const error = env.t(
        SIGN_IN_ERRORS[err.status === 429 ? 'tooMany' : (err.code ?? '')] ?? (err.detail === 'User is blocked.' ? 'signIn.blocked' : 'signIn.invalid'),
      );
      return c.html(renderSignIn(env, { username, next, error }), err.status === 429 ? 429 : 400);
    }
  });

  app.get('/signup', async (c) => {
    const env = await pageEnv(c, { form: true });
    return c.html(renderSignUp(env, await isSignupAllowed(c.var.db, env.custom), { values: {}, errors: {} }));
  });

  app.post('/signup', requireCsrf(), async (c) => {
    const { db, config } = c.var;
    const body = await c.req.parseBody();
    const values = Object.fromEntries(['username', 'displayName', 'email', 'password', 'terms', 'registrationReason'].map((k) => [k, formString(body, k)]));
    const env = await pageEnv(c, { form: true });
    const allowed = await isSignupAllowed(db, env.custom);
    if (!allowed) return c.html(renderSignUp(env, false, { values, errors: {} }), 403);
    const errors: FieldErrors = {};
    const request = env.custom.signup.requiresApproval;
    const parsed = (request ? registrationRequestSchema : registerSchema).safeParse({
      username: values.username?.trim(),
      email: values.email?.trim(),
      password: values.password,
      displayName: values.displayName?.trim() || undefined,
      registrationReason: values.registrationReason?.trim(),
    });
    if (!parsed.success) Object.assign(errors, zodFieldErrors(parsed.error));
    if (env.custom.instance.terms && !values.terms) errors.terms = env.t('form.required');
    const shown = { ...values, password: undefined };
    if (!parsed.success || Object.keys(errors).length) return c.html(renderSignUp(env, true, { values: shown, errors, error: env.t('form.invalid') }), 400);
    try {
      if (request) {
        const input = registrationRequestSchema.parse(parsed.data);
        await underRegisterRateLimit(db, config, clientIp(c.req.raw.headers), () => requestRegistration(db, config, input));
        return c.html(renderRequestSent(env, input.username));
      }
      await registerRateLimited(db, config, clientIp(c.req.raw.headers), parsed.data);
    } catch (err) {
      if (!(err instanceof ApiError) || err.status >= 500) throw err;
      return c.html(renderSignUp(env, true, { values: shown, errors, error: err.detail }), err.status as 400);
    }
    return startSession(c, await signInWithPassword(db, parsed.data.username, parsed.data.password), '/');
  });

  app.post('/logout', requireCsrf(), async (c) => {
    if (c.var.session) await signOut(c.var.db, c.var.session);
    clearSessionCookie(c);
    return c.redirect('/', 303);
  });

  return app;
}
