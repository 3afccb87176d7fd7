/**
 * The sizes an avatar or banner is made in (ADR 0025): PeerTube 6.3's ACTOR_IMAGES_SIZE
 * (initializers/constants.ts), largest first, never larger than the uploaded image.
 */
import type { ActorImageSize } from '../db/schema';

export type ActorImageKind = 'avatar' | 'banner';

/** PeerTube's ACTOR_IMAGES_SIZE: avatars square, banners about 6:1. */
export const ACTOR_IMAGE_SIZES: Record<ActorImageKind, readonly ActorImageSize[]> = {
  avatar: [
    { width: 1500, height: 1500 },
    { width: 600, height: 600 },
    { width: 120, height: 120 },
    { width: 48, height: 48 },
  ],
  banner: [
    { width: 1920, height: 317 },
    { width: 600, height: 100 },
  ],
};

/**
 * The sizes to make from an image of `width`×`height`: each of PeerTube's, shrunk (aspect ratio
 * kept) until it fits inside the image, so nothing is upscaled; a size that shrinks to one already
 * listed is dropped. A 200 px square avatar gives 200, 120 and 48.
 */
export function resizeTargets(type: ActorImageKind, width: number, height: number): ActorImageSize[] {
  const out: ActorImageSize[] = [];
  for (const size of ACTOR_IMAGE_SIZES[type]) {
    const s = Math.min(1, width / size.width, height / size.height);
    const target = { width: Math.max(1, Math.round(size.width * s)), height: Math.max(1, Math.round(size.height * s)) };
    if (!out.some((o) => o.width === target.width)) out.push(target);
  }
  return out;
}

/** The file of one size, stored beside the uploaded one: `<uuid>.png` at 48 px is `<uuid>-48.png`. */
export const sizedFile = (file: string, width: number) => file.replace(/(\.[a-z]+)$/, `-${width}$1`);

/** The file names /lazy-static/avatars|banners/ serves from R2: uploaded ones and their sizes. */
export const LOCAL_ACTOR_IMAGE_FILE = /^[0-9a-f-]{36}(?:-\d{1,4})?\.(?:png|jpg|gif|webp)$/;
