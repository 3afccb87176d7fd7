import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import { csrfField, layout } from './layout';
import { field, formAlert, type FieldErrors } from './forms';
import { textareaField } from './form-controls';

export type SignInForm = { username?: string; next?: string; error?: string };

export function renderSignIn(env: PageEnv, form: SignInForm) {
  const { t } = env;
  const body = html`<section class="narrow">
    <h1>${t('signIn.title')}</h1>
    ${formAlert(form.error)}
    <form method="post" action="/login" class="stack">
      ${csrfField(env)}
      <input type="hidden" name="next" value="${form.next ?? '/'}" />
      ${field(env, {}, { name: 'username', label: 'signIn.username', value: form.username, required: true, autocomplete: 'username' })}
      ${field(env, {}, { name: 'password', label: 'signIn.password', type: 'password', required: true, autocomplete: 'current-password' })}
      <button type="submit">${t('signIn.submit')}</button>
    </form>
    <p>${t('signIn.noAccount')} <a href="/signup">${t('nav.signUp')}</a></p>
  </section>`;
  return layout(env, { title: t('signIn.title') }, body);
}

export type SignUpForm = { values: Record<string, string | undefined>; errors: FieldErrors; error?: string };

export function renderSignUp(env: PageEnv, allowed: boolean, form: SignUpForm) {
  const { t } = env;
  const terms = env.custom.instance.terms;
  const v = form.values;
  // With approval required, the same form sends a registration request, with its reason.
  const request = env.custom.signup.requiresApproval;
  const title = t(request ? 'signUp.requestTitle' : 'signUp.title');
  const body = allowed
    ? html`<section class="narrow">
        <h1>${title}</h1>
        ${
          request
            ? html`<p>${t('signUp.requestIntro')}</p>
                <p>${t('signUp.noEmail')}</p>`
            : ''
        }
        ${formAlert(form.error)}
        <form method="post" action="/signup" class="stack" novalidate>
          ${csrfField(env)}
          ${field(env, form.errors, { name: 'username', label: 'signUp.username', value: v.username, help: 'signUp.usernameHelp', required: true, autocomplete: 'username', attrs: { pattern: '[a-z0-9_.\\-]+', maxlength: '50' } })}
          ${field(env, form.errors, { name: 'displayName', label: 'signUp.displayName', value: v.displayName, autocomplete: 'nickname', attrs: { maxlength: '120' } })}
          ${field(env, form.errors, { name: 'email', label: 'signUp.email', type: 'email', value: v.email, required: true, autocomplete: 'email' })}
          ${field(env, form.errors, { name: 'password', label: 'signUp.password', type: 'password', help: 'signUp.passwordHelp', required: true, autocomplete: 'new-password', attrs: { minlength: '6' } })}
          ${request ? textareaField(env, form.errors, { name: 'registrationReason', label: 'signUp.reason', help: 'signUp.reasonHelp', value: v.registrationReason, rows: 4, maxlength: 3000 }) : ''}
          ${
            terms
              ? html`<details class="rules">
                  <summary>${t('signUp.rules')}</summary>
                  <div class="plain">${terms}</div>
                </details>`
              : ''
          }
          <div class="field check${form.errors.terms ? ' invalid' : ''}">
            <input id="f-terms" type="checkbox" name="terms" value="1" required${v.terms ? html` checked` : ''} /><label for="f-terms"
              >${t('signUp.terms')}</label
            >
            ${form.errors.terms ? html`<p class="error">${form.errors.terms}</p>` : ''}
          </div>
          <button type="submit">${t(request ? 'signUp.requestSubmit' : 'signUp.submit')}</button>
        </form>
        <p>${t('signUp.haveAccount')} <a href="/login">${t('nav.signIn')}</a></p>
      </section>`
    : html`<section class="narrow">
        <h1>${title}</h1>
        <p>${t('signUp.closed')}</p>
      </section>`;
  return layout(env, { title }, body);
}

/** After a registration request: what happens next, and that no email will say it. */
export function renderRequestSent(env: PageEnv, username: string) {
  const { t } = env;
  const body = html`<section class="narrow">
    <h1>${t('signUp.requestSent')}</h1>
    <p role="status">${t('signUp.requestSentText', { username })}</p>
    <p>${t('signUp.noEmail')}</p>
    <p><a href="/login">${t('nav.signIn')}</a></p>
  </section>`;
  return layout(env, { title: t('signUp.requestSent') }, body);
}
