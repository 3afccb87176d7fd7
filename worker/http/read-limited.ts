/**
 * Reads a body into memory, up to `limit` bytes; null when it is longer (the rest is not read).
 * For bodies that must be whole to be used (signed JSON, fetched objects), never for media.
 */
import { concatBytes } from '../crypto/encoding';
export async function readBodyLimited(stream: ReadableStream<Uint8Array> | null, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return concatBytes(chunks);
}
