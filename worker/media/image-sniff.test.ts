import { describe, expect, it } from 'vitest';
import { sniffImage } from './image-sniff';

// Made with ffmpeg 5.1 (`-f lavfi -i color=c=red:s=7x5 -frames:v 1 img.<ext>`, which makes 6x4; the lossless WebP 9x4, 8x4 with `-c:v libwebp -lossless 1`).
const FILES = {
  png: 'iVBORw0KGgoAAAANSUhEUgAAAAYAAAAECAIAAAAiZtkUAAAACXBIWXMAAAABAAAAAQBPJcTWAAAAEklEQVR4nGP4y8CAhtD5RAsBAJ2BF7nKI3aWAAAAAElFTkSuQmCC',
  jpg: '/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcICAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAAAAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAAEAAYDASIAAhEAAxEA/9oADAMBAAIRAxEAPwCLAFF/f//Z',
  gif: 'R0lGODlhBgAEAPcfMQAAACQAAEgAAGwAAJAAALQAANgAAPwAAAAkACQkAEgkAGwkAJAkALQkANgkAPwkAABIACRIAEhIAGxIAJBIALRIANhIAPxIAABsACRsAEhsAGxsAJBsALRsANhsAPxsAACQACSQAEiQAGyQAJCQALSQANiQAPyQAAC0ACS0AEi0AGy0AJC0ALS0ANi0APy0AADYACTYAEjYAGzYAJDYALTYANjYAPzYAAD8ACT8AEj8AGz8AJD8ALT8ANj8APz8AAAAVSQAVUgAVWwAVZAAVbQAVdgAVfwAVQAkVSQkVUgkVWwkVZAkVbQkVdgkVfwkVQBIVSRIVUhIVWxIVZBIVbRIVdhIVfxIVQBsVSRsVUhsVWxsVZBsVbRsVdhsVfxsVQCQVSSQVUiQVWyQVZCQVbSQVdiQVfyQVQC0VSS0VUi0VWy0VZC0VbS0Vdi0Vfy0VQDYVSTYVUjYVWzYVZDYVbTYVdjYVfzYVQD8VST8VUj8VWz8VZD8VbT8Vdj8Vfz8VQAAqiQAqkgAqmwAqpAAqrQAqtgAqvwAqgAkqiQkqkgkqmwkqpAkqrQkqtgkqvwkqgBIqiRIqkhIqmxIqpBIqrRIqthIqvxIqgBsqiRsqkhsqmxsqpBsqrRsqthsqvxsqgCQqiSQqkiQqmyQqpCQqrSQqtiQqvyQqgC0qiS0qki0qmy0qpC0qrS0qti0qvy0qgDYqiTYqkjYqmzYqpDYqrTYqtjYqvzYqgD8qiT8qkj8qmz8qpD8qrT8qtj8qvz8qgAA/yQA/0gA/2wA/5AA/7QA/9gA//wA/wAk/yQk/0gk/2wk/5Ak/7Qk/9gk//wk/wBI/yRI/0hI/2xI/5BI/7RI/9hI//xI/wBs/yRs/0hs/2xs/5Bs/7Rs/9hs//xs/wCQ/ySQ/0iQ/2yQ/5CQ/7SQ/9iQ//yQ/wC0/yS0/0i0/2y0/5C0/7S0/9i0//y0/wDY/yTY/0jY/2zY/5DY/7TY/9jY//zY/wD8/yT8/0j8/2z8/5D8/7T8/9j8//z8/yH/C05FVFNDQVBFMi4wAwEAAAAh+QQEAAAfACwAAAAABgAEAAAIDQAPCBxIsOBAAwcPBAQAOw==',
  webp: 'UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoGAAQAAgA0JaACdLoB+AADsAD+8Oj3/yC5YXXI1/8gP+QH/ID/+PIAAAA=',
  losslessWebp: 'UklGRhwAAABXRUJQVlA4TA8AAAAvB8AAAAcQ0f/+ByKi/wEA',
};
const bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

describe('sniffImage', () => {
  it('reads the type and size of PNG, JPEG, GIF and WebP files', () => {
    expect(sniffImage(bytes(FILES.png))).toEqual({ mediaType: 'image/png', extension: '.png', width: 6, height: 4 });
    expect(sniffImage(bytes(FILES.jpg))).toEqual({ mediaType: 'image/jpeg', extension: '.jpg', width: 6, height: 4 });
    expect(sniffImage(bytes(FILES.gif))).toEqual({ mediaType: 'image/gif', extension: '.gif', width: 6, height: 4 });
    expect(sniffImage(bytes(FILES.webp))).toEqual({ mediaType: 'image/webp', extension: '.webp', width: 6, height: 4 });
    expect(sniffImage(bytes(FILES.losslessWebp))).toEqual({ mediaType: 'image/webp', extension: '.webp', width: 8, height: 4 });
  });

  it('refuses what is not one of those images, or is cut before its size', () => {
    expect(sniffImage(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))).toBeNull();
    expect(sniffImage(new TextEncoder().encode('<html><body>hi</body></html>'))).toBeNull();
    expect(sniffImage(bytes(FILES.png).slice(0, 20))).toBeNull();
    expect(sniffImage(bytes(FILES.jpg).slice(0, 30))).toBeNull();
    expect(sniffImage(new Uint8Array(0))).toBeNull();
  });
});
