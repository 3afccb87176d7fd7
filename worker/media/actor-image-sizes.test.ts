import { describe, expect, it } from 'vitest';
import { LOCAL_ACTOR_IMAGE_FILE, resizeTargets, sizedFile } from './actor-image-sizes';
import { pickActorImage } from '../serializers/actor';

describe('resizeTargets', () => {
  it("gives PeerTube's sizes for a large upload, largest first", () => {
    expect(resizeTargets('avatar', 3000, 2000).map((t) => t.width)).toEqual([1500, 600, 120, 48]);
    expect(resizeTargets('banner', 4000, 1000)).toEqual([
      { width: 1920, height: 317 },
      { width: 600, height: 100 },
    ]);
  });

  it('never upscales: a size larger than the upload shrinks to fit inside it, and a repeated width is dropped', () => {
    expect(resizeTargets('avatar', 200, 300)).toEqual([
      { width: 200, height: 200 },
      { width: 120, height: 120 },
      { width: 48, height: 48 },
    ]);
    expect(resizeTargets('banner', 1000, 500)).toEqual([
      { width: 1000, height: 165 },
      { width: 600, height: 100 },
    ]);
    expect(resizeTargets('avatar', 30, 30)).toEqual([{ width: 30, height: 30 }]);
  });
});

describe('sized files', () => {
  it('names a size beside its upload, under a name the media route serves', () => {
    const file = '0b6f3c1e-6a1f-4d7e-9d0a-2f1c9b1e4a77.webp';
    expect(sizedFile(file, 48)).toBe('0b6f3c1e-6a1f-4d7e-9d0a-2f1c9b1e4a77-48.webp');
    expect(LOCAL_ACTOR_IMAGE_FILE.test(sizedFile(file, 1500))).toBe(true);
    expect(LOCAL_ACTOR_IMAGE_FILE.test(file)).toBe(true);
    expect(LOCAL_ACTOR_IMAGE_FILE.test(`${file}.svg`)).toBe(false);
  });
});

describe('pickActorImage', () => {
  const images = [1500, 600, 120, 48].map((width) => ({ width }));
  it('takes the smallest at least as wide as the slot, else the largest', () => {
    expect(pickActorImage(images, 40)?.width).toBe(48);
    expect(pickActorImage(images, 48)?.width).toBe(48);
    expect(pickActorImage(images, 96)?.width).toBe(120);
    expect(pickActorImage(images, 2000)?.width).toBe(1500);
    expect(pickActorImage([{ width: 30 }], 96)?.width).toBe(30);
    expect(pickActorImage([], 96)).toBeUndefined();
  });
});
