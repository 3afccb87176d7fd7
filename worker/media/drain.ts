/**
 * Reads and discards what is left of a request body, up to `limit` bytes, then cancels.
 * Answering an error before the client has finished sending makes HTTP clients see a
 * connection reset instead of the answer; PeerTube (multer) reads the whole body first.
 */
export async function drain(reader: ReadableStreamDefaultReader<Uint8Array>, limit: number) {
  let read = 0;
  try {
    while (read <= limit) {
      const { done, value } = await reader.read();
      if (done) return;
      read += value.byteLength;
    }
    await reader.cancel();
  } catch {
    // The client went away: nothing left to drain.
  }
}

export async function drainStream(stream: ReadableStream<Uint8Array> | null | undefined, limit: number) {
  if (!stream || stream.locked) return;
  await drain(stream.getReader(), limit);
}
