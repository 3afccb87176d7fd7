import { randomBytes } from 'node:crypto';

/**
 * Bytes that open like an MP4 (an `ftyp` box, so the upload's container sniff takes them) but
 * hold no video: the companion's probe is what refuses them.
 */
export function fakeVideoBytes(size: number) {
  const bytes = new Uint8Array(randomBytes(size));
  bytes.set(new TextEncoder().encode('\0\0\0\x18ftypisom').subarray(0, Math.min(size, 12)));
  return bytes;
}
