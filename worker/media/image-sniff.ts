/**
 * Reads an image's type and size from its own bytes (PNG, JPEG, GIF, WebP: the types PeerTube takes
 * for avatars and banners). The type a client declares is only checked against PeerTube's list;
 * the stored file is named and served after what its bytes are, so `nosniff` answers stay true.
 */
export type ImageKind = { mediaType: 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp'; extension: string; width: number; height: number };

const ascii = (b: Uint8Array, at: number, s: string) => s.split('').every((ch, i) => b[at + i] === ch.charCodeAt(0));
const be16 = (b: Uint8Array, at: number) => (b[at] << 8) | b[at + 1];
const le16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const le24 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8) | (b[at + 2] << 16);
const be32 = (b: Uint8Array, at: number) => ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);

/** PNG: the IHDR chunk comes first (PNG spec, 5.3 and 11.2.2). */
function png(b: Uint8Array): ImageKind | null {
  if (b.length < 24 || !(b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n') && ascii(b, 12, 'IHDR'))) return null;
  return { mediaType: 'image/png', extension: '.png', width: be32(b, 16), height: be32(b, 20) };
}

/** GIF87a/89a: the logical screen size follows the signature. */
function gif(b: Uint8Array): ImageKind | null {
  if (b.length < 10 || !(ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a'))) return null;
  return { mediaType: 'image/gif', extension: '.gif', width: le16(b, 6), height: le16(b, 8) };
}

/** WebP: a RIFF file whose first chunk is VP8 (lossy), VP8L (lossless) or VP8X (extended). */
function webp(b: Uint8Array): ImageKind | null {
  if (b.length < 30 || !ascii(b, 0, 'RIFF') || !ascii(b, 8, 'WEBP')) return null;
  const kind = { mediaType: 'image/webp' as const, extension: '.webp' };
  if (ascii(b, 12, 'VP8 ') && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) {
    return { ...kind, width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  }
  if (ascii(b, 12, 'VP8L') && b[20] === 0x2f) {
    const bits = b[21] | (b[22] << 8) | (b[23] << 16) | (b[24] << 24);
    return { ...kind, width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  if (ascii(b, 12, 'VP8X')) return { ...kind, width: le24(b, 24) + 1, height: le24(b, 27) + 1 };
  return null;
}

/** JPEG: walk the marker segments to the first start-of-frame (ITU T.81, B.1.1.3 and B.2.2). */
function jpeg(b: Uint8Array): ImageKind | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  let at = 2;
  while (at + 9 < b.length) {
    if (b[at] !== 0xff) return null;
    const marker = b[at + 1];
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    // SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { mediaType: 'image/jpeg', extension: '.jpg', width: be16(b, at + 7), height: be16(b, at + 5) };
    }
    if (marker === 0xd9 || marker === 0xda) return null; // end of image, or scan data before any frame
    at += 2 + be16(b, at + 2);
  }
  return null;
}

/**
 * The type and size of an image file, or null when its bytes are none of PNG, JPEG, GIF or WebP
 * (or say a zero size).
 *
 * @example sniffImage(pngBytes) // { mediaType: 'image/png', extension: '.png', width: 120, height: 120 }
 */
export function sniffImage(bytes: Uint8Array): ImageKind | null {
  const found = png(bytes) ?? jpeg(bytes) ?? gif(bytes) ?? webp(bytes);
  return found && found.width > 0 && found.height > 0 ? found : null;
}
