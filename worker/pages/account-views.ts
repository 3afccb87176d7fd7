import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import type { User } from '../db/schema';
import { csrfField, layout } from './layout';
import { field, formAlert, type FieldErrors } from './forms';
import { checkField, radioField, savedNotice, selectField, textareaField } from './form-controls';
import { LOCALE_NAMES, LOCALES } from '../i18n';
import { NSFW_POLICIES } from '../services/user-fields';
import { accountSubnav } from './account-nav';
import { formatBytes } from './format';
import { actorImagePanel, type ImageOutcome } from './actor-image-forms';

export const ACCOUNT_SECTIONS = ['profile', 'preferences', 'email', 'password', 'delete'] as const;
export type AccountSection = (typeof ACCOUNT_SECTIONS)[number];

export type AccountData = {
  user: Pick<User, 'username' | 'email' | 'nsfwPolicy' | 'p2pEnabled' | 'autoPlayVideo' | 'language' | 'videoQuota'>;
  displayName: string;
  description: string | null;
  quotaUsed: number;
  avatars: readonly { path: string; width: number }[];
  imageOutcome?: ImageOutcome;
};

/** What a failed form brings back: its section, its values (never a password) and its errors. */
export type AccountFormState = {
  section?: AccountSection;
  values?: Record<string, string | undefined>;
  errors?: FieldErrors;
  error?: string;
  saved?: AccountSection;
};

function section(env: PageEnv, id: AccountSection, state: AccountFormState, title: string, body: unknown, danger = false) {
  const mine = state.section === id;
  return html`<section class="panel${danger ? ' danger' : ''}" id="${id}" aria-labelledby="${id}-title">
    <h2 id="${id}-title">${title}</h2>
    ${state.saved === id ? savedNotice(env.t('account.saved')) : ''} ${mine ? formAlert(state.error) : ''}
    <form method="post" action="/my/account/${id}" class="stack" novalidate>${csrfField(env)} ${body}</form>
  </section>`;
}

export function renderAccountPage(env: PageEnv, data: AccountData, state: AccountFormState = {}) {
  const { t } = env;
  const u = data.user;
  const errorsOf = (s: AccountSection) => (state.section === s ? (state.errors ?? {}) : {});
  const valueOf = (s: AccountSection, name: string, fallback: string | null | undefined) =>
    state.section === s && state.values && name in state.values ? state.values[name] : (fallback ?? undefined);
  const nsfwLabels = { display: t('account.nsfwDisplay'), blur: t('account.nsfwBlur'), do_not_list: t('account.nsfwHide') };
  const languages: Array<[string, string]> = [
    ['', t('language.auto')],
    ...Object.keys(LOCALES).map((code): [string, string] => [code, LOCALE_NAMES[code as keyof typeof LOCALE_NAMES]]),
  ];

  const body = html`${accountSubnav(env, 'account')}
    <h1>${t('account.title')}</h1>
    <p class="lead">${t('account.quota', { used: formatBytes(env, data.quotaUsed), quota: formatBytes(env, u.videoQuota) })}</p>
    <div class="panels">
      ${actorImagePanel(env, { type: 'avatar', action: '/my/account/avatar', images: data.avatars, outcome: data.imageOutcome })}
      ${section(
        env,
        'profile',
        state,
        t('account.profile'),
        html`${field(env, errorsOf('profile'), { name: 'displayName', label: 'account.displayName', value: valueOf('profile', 'displayName', data.displayName), required: true, attrs: { maxlength: '120' } })}
          ${textareaField(env, errorsOf('profile'), { name: 'description', label: 'account.description', help: 'account.descriptionHelp', value: valueOf('profile', 'description', data.description), maxlength: 1000 })}
          <button type="submit">${t('account.save')}</button>`,
      )}
      ${section(
        env,
        'preferences',
        state,
        t('account.preferences'),
        html`${radioField(env, { name: 'nsfwPolicy', label: 'account.nsfwPolicy', value: u.nsfwPolicy, choices: NSFW_POLICIES.map((p): [string, string] => [p, nsfwLabels[p]]) })}
          ${checkField(env, { name: 'p2pEnabled', label: 'account.p2p', help: 'account.p2pHelp', checked: u.p2pEnabled })}
          ${checkField(env, { name: 'autoPlayVideo', label: 'account.autoplay', checked: u.autoPlayVideo })}
          ${selectField(env, errorsOf('preferences'), { name: 'language', label: 'account.language', value: u.language ?? '', choices: languages })}
          <button type="submit">${t('account.save')}</button>`,
      )}
      ${section(
        env,
        'email',
        state,
        t('account.email'),
        html`${field(env, errorsOf('email'), { name: 'email', label: 'account.emailAddress', type: 'email', value: valueOf('email', 'email', u.email), required: true, autocomplete: 'email' })}
          ${field(env, errorsOf('email'), { name: 'currentPassword', label: 'account.currentPassword', type: 'password', required: true, autocomplete: 'current-password', id: 'f-email-current' })}
          <button type="submit">${t('account.changeEmail')}</button>`,
      )}
      ${section(
        env,
        'password',
        state,
        t('account.password'),
        html`${field(env, errorsOf('password'), { name: 'currentPassword', label: 'account.currentPassword', type: 'password', required: true, autocomplete: 'current-password' })}
          ${field(env, errorsOf('password'), { name: 'password', label: 'account.newPassword', type: 'password', help: 'signUp.passwordHelp', required: true, autocomplete: 'new-password', attrs: { minlength: '6' } })}
          ${field(env, errorsOf('password'), { name: 'passwordConfirm', label: 'account.confirmPassword', type: 'password', required: true, autocomplete: 'new-password' })}
          <button type="submit">${t('account.changePassword')}</button>`,
      )}
      ${
        u.username === 'root'
          ? ''
          : section(
              env,
              'delete',
              state,
              t('account.delete'),
              html`<p>${t('account.deleteWarning')}</p>
                ${field(env, errorsOf('delete'), { name: 'confirm', label: 'account.deleteConfirm', help: 'account.deleteConfirmHelp', required: true, autocomplete: 'off' })}
                <button type="submit" class="danger">${t('account.deleteSubmit')}</button>`,
              true,
            )
      }
    </div>`;
  return layout(env, { title: t('account.title'), head: accountStyles }, body);
}

/** The signed-in pages' few extra rules, in their own file so the shared stylesheet stays the public pages'. */
export const accountStyles = html`<link rel="stylesheet" href="/account.css" />`;
