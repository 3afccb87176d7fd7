import { html } from 'hono/html';
import { pickActorImage } from '../serializers/actor';

type ActorImage = { width: number; path: string };

/**
 * An `<img>` of an avatar or banner shown `width` CSS pixels wide (ADR 0025): `src` is the smallest
 * size at least that wide, and `srcset` lists every size, so a 2x screen takes the next one up.
 * Sized by its attributes when `height` is given (avatars), else by CSS (banners). Undefined when
 * the actor has no image.
 */
export function actorImageTag(publicUrl: string, images: readonly ActorImage[], slot: { width: number; height?: number; sizes?: string; className?: string }) {
  const src = pickActorImage(images, slot.width);
  if (!src) return undefined;
  const srcset = images.length > 1 ? images.map((i) => `${publicUrl}${i.path} ${i.width}w`).join(', ') : undefined;
  return html`<img
    src="${publicUrl}${src.path}"
    ${srcset ? html`srcset="${srcset}" sizes="${slot.sizes ?? `${slot.width}px`}"` : ''}
    alt=""
    ${slot.height ? html`width="${slot.width}" height="${slot.height}"` : ''}
    ${slot.className ? html`class="${slot.className}"` : ''}
  />`;
}
