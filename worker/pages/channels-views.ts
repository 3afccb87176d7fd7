import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import type { ChannelWithOwner } from '../serializers/channel';
import { csrfField, layout } from './layout';
import { field, formAlert, type FieldErrors } from './forms';
import { checkField, savedNotice, textareaField } from './form-controls';
import { accountSubnav } from './account-nav';
import { accountStyles } from './account-views';
import { listTable } from './list-table';
import type { Actor } from '../db/schema';
import { serializeActorImages } from '../serializers/actor';
import { actorImagePanel, type ImageOutcome } from './actor-image-forms';

/** The channel's avatar and banner forms, under its edit form. */
function channelImagePanels(env: PageEnv, name: string, actor: Actor, outcome?: ImageOutcome) {
  return (['avatar', 'banner'] as const).map((type) =>
    actorImagePanel(env, { type, action: `/my/channels/${name}/${type}`, images: serializeActorImages(actor, env.config, type), outcome }),
  );
}

export type ChannelForm = { values: Record<string, string | undefined>; errors: FieldErrors; error?: string };

export function renderMyChannels(env: PageEnv, channels: ChannelWithOwner[], notice?: string) {
  const { t } = env;
  const body = html`${accountSubnav(env, 'channels')}
    <h1>${t('channels.title')}</h1>
    ${savedNotice(notice)}
    <p><a class="button" href="/my/channels/new">${t('channels.create')}</a></p>
    ${listTable(
      [t('channels.displayName'), t('channels.handle'), t('channels.followers'), { sr: t('channels.edit') }],
      channels.map(
        ({ channel, actor }) =>
          html`<tr>
            <td><a href="/c/${actor.preferredUsername}">${channel.displayName}</a></td>
            <td>${actor.preferredUsername}@${env.config.host}</td>
            <td>${actor.followersCount}</td>
            <td><a href="/my/channels/${actor.preferredUsername}/edit">${t('channels.edit')}</a></td>
          </tr>`,
      ),
    )}`;
  return layout(env, { title: t('channels.title'), head: accountStyles }, body);
}

/** The create form (no channel yet) or the edit form with the delete form under it. */
export function renderChannelForm(
  env: PageEnv,
  form: ChannelForm,
  existing?: { name: string; canDelete: boolean; deleteError?: string; actor?: Actor; imageOutcome?: ImageOutcome },
) {
  const { t } = env;
  const v = form.values;
  const title = existing ? t('channels.editTitle', { name: existing.name }) : t('channels.create');
  const action = existing ? `/my/channels/${existing.name}/edit` : '/my/channels/new';
  const body = html`${accountSubnav(env, 'channels')}
    <section class="narrow wide">
      <h1>${title}</h1>
      ${formAlert(form.error)}
      <form method="post" action="${action}" class="stack" novalidate>
        ${csrfField(env)}
        ${
          existing
            ? ''
            : field(env, form.errors, {
                name: 'name',
                label: 'channels.name',
                value: v.name,
                help: 'channels.nameHelp',
                required: true,
                attrs: { pattern: '[a-z0-9_.\\-]+', maxlength: '50' },
              })
        }
        ${field(env, form.errors, { name: 'displayName', label: 'channels.displayName', value: v.displayName, required: true, attrs: { maxlength: '120' } })}
        ${textareaField(env, form.errors, { name: 'description', label: 'channels.description', value: v.description, maxlength: 1000, help: 'channels.textHelp' })}
        ${textareaField(env, form.errors, { name: 'support', label: 'channels.support', value: v.support, maxlength: 1000, help: 'channels.supportHelp', id: 'f-support' })}
        ${existing ? checkField(env, { name: 'bulkVideosSupportUpdate', label: 'channels.bulkSupport', checked: false }) : ''}
        <button type="submit">${existing ? t('account.save') : t('channels.create')}</button>
      </form>
      ${existing?.actor ? channelImagePanels(env, existing.name, existing.actor, existing.imageOutcome) : ''}
      ${
        existing
          ? html`<section class="panel danger" aria-labelledby="delete-title">
              <h2 id="delete-title">${t('channels.delete')}</h2>
              ${
                existing.canDelete
                  ? html`<p>${t('channels.deleteWarning')}</p>
                      <form method="post" action="/my/channels/${existing.name}/delete" class="stack" novalidate>
                        ${csrfField(env)}
                        ${field(env, existing.deleteError ? { confirm: existing.deleteError } : {}, { name: 'confirm', label: 'channels.deleteConfirm', required: true, autocomplete: 'off' })}
                        <button type="submit" class="danger">${t('channels.delete')}</button>
                      </form>`
                  : html`<p>${t('channels.lastChannel')}</p>`
              }
            </section>`
          : ''
      }
    </section>`;
  return layout(env, { title, head: accountStyles }, body);
}
