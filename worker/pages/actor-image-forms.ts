import { html } from 'hono/html';
import type { PageEnv } from './page-env';
import type { ActorImageType } from '../serializers/actor';
import { csrfField } from './layout';
import { formAlert } from './forms';
import { savedNotice } from './form-controls';
import { formatBytes } from './format';
import { MAX_ACTOR_IMAGE_SIZE, imageField } from '../services/actor-images';
import { actorImageTag } from './actor-image-tag';

/** What the avatar/banner routes report back after their redirect (`?image=<type>-saved`, …). */
export type ImageOutcome = `${ActorImageType}-${'saved' | 'removed' | 'invalid'}`;

export const IMAGE_OUTCOMES = (['avatar', 'banner'] as const).flatMap((t) => (['saved', 'removed', 'invalid'] as const).map((o): ImageOutcome => `${t}-${o}`));

export const imageOutcome = (value: string | undefined) => IMAGE_OUTCOMES.find((o) => o === value);

/**
 * The avatar or banner panel: the current image, a form to send a new one (multipart, no script
 * needed) and one to remove it. `action` is where both post (`…/avatar`, `…/avatar/delete`).
 */
export function actorImagePanel(
  env: PageEnv,
  options: { type: ActorImageType; action: string; images: readonly { path: string; width: number }[]; outcome?: ImageOutcome },
) {
  const { t } = env;
  const { type, action, images, outcome } = options;
  const field = imageField(type);
  const id = `f-${field}`;
  const max = formatBytes(env, MAX_ACTOR_IMAGE_SIZE);
  const [size, shape] = type === 'avatar' ? [{ w: 96, h: 96 }, 'avatar'] : [{ w: 600, h: 100 }, 'banner'];
  const mine = outcome?.startsWith(`${type}-`) ? outcome.slice(type.length + 1) : undefined;
  return html`<section class="panel" id="${type}" aria-labelledby="${type}-title">
    <h2 id="${type}-title">${t(type === 'avatar' ? 'images.avatar' : 'images.banner')}</h2>
    ${mine === 'saved' ? savedNotice(t('images.saved')) : mine === 'removed' ? savedNotice(t('images.removed')) : ''}
    ${mine === 'invalid' ? formAlert(t('images.invalid', { max })) : ''}
    ${actorImageTag(env.config.publicUrl, images, { width: size.w, height: size.h, className: `${shape}-preview` }) ?? html`<p class="empty">${t('images.none')}</p>`}
    <form method="post" action="${action}" enctype="multipart/form-data" class="stack">
      ${csrfField(env)}
      <div class="field">
        <label for="${id}">${t('images.file')}</label>
        <input id="${id}" type="file" name="${field}" accept="image/png,image/jpeg,image/gif,image/webp" required aria-describedby="${id}-help" />
        <small id="${id}-help">${t(type === 'avatar' ? 'images.help' : 'images.bannerHelp', { max })}</small>
      </div>
      <button type="submit">${t('images.upload')}</button>
    </form>
    ${
      images.length
        ? html`<form method="post" action="${action}/delete" class="stack">
            ${csrfField(env)}<button type="submit" class="secondary">${t('images.remove')}</button>
          </form>`
        : ''
    }
  </section>`;
}
