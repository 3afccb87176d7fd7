import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart, readPartBytes, readPartText } from './multipart-form';

/** Serialises a FormData the way a real client does, then re-chunks it at an awkward size. */
async function encode(form: FormData, chunkSize: number) {
  const req = new Request('http://x/', { method: 'POST', body: form });
  const bytes = new Uint8Array(await req.arrayBuffer());
  const body = new ReadableStream<Uint8Array>({
    start(c) {
      for (let i = 0; i < bytes.length; i += chunkSize) c.enqueue(bytes.slice(i, i + chunkSize));
      c.close();
    },
  });
  return { body, boundary: boundaryOf(req.headers.get('content-type'))! };
}

describe('parseMultipart', () => {
  const file = new Uint8Array(100_000).map((_, i) => (i * 31 + 7) & 0xff);

  it('reads a part of exactly the limit, and refuses one byte more', async () => {
    for (const [max, ok] of [
      [file.length, true],
      [file.length - 1, false],
    ] as const) {
      const form = new FormData();
      form.append('thumbnailfile', new Blob([file]), 'x.bin');
      const { body, boundary } = await encode(form, 4096);
      for await (const part of parseMultipart(body, boundary)) {
        const read = readPartBytes(part, max);
        if (ok) expect(await read).toEqual(file);
        else await expect(read).rejects.toThrow('field thumbnailfile is larger than 99999 bytes');
      }
    }
  });

  it('reads fields and streams files exactly, whatever the chunking', async () => {
    for (const chunkSize of [1, 7, 64, 1000, 1 << 20]) {
      const form = new FormData();
      form.append('name', 'my vidéo');
      form.append('tags[]', 'a b');
      form.append('videofile', new Blob([file], { type: 'video/mp4' }), 'clip "1".mp4');
      form.append('channelId', '3');
      const { body, boundary } = await encode(form, chunkSize);
      const seen: Record<string, unknown> = {};
      for await (const part of parseMultipart(body, boundary)) {
        if (part.filename) {
          expect(part.filename).toBe('clip "1".mp4');
          expect(part.contentType).toBe('video/mp4');
          seen[part.name] = await readPartBytes(part, 1 << 20);
        } else {
          seen[part.name] = await readPartText(part);
        }
      }
      expect(seen.name).toBe('my vidéo');
      expect(seen['tags[]']).toBe('a b');
      expect(seen.channelId).toBe('3');
      expect(Buffer.from(seen.videofile as Uint8Array).equals(Buffer.from(file))).toBe(true);
    }
  });

  it('lets a consumer skip a part by cancelling its body', async () => {
    const form = new FormData();
    form.append('skipped', new Blob([file]), 'x.bin');
    form.append('kept', 'yes');
    const { body, boundary } = await encode(form, 333);
    const names: string[] = [];
    for await (const part of parseMultipart(body, boundary)) {
      names.push(part.name);
      if (part.filename) await part.body.cancel();
      else expect(await readPartText(part)).toBe('yes');
    }
    expect(names).toEqual(['skipped', 'kept']);
  });

  it('fails on a truncated body instead of returning a short file', async () => {
    const form = new FormData();
    form.append('videofile', new Blob([file]), 'x.mp4');
    const { body, boundary } = await encode(form, 4096);
    const reader = body.getReader();
    let sent = 0;
    const cut = new ReadableStream<Uint8Array>({
      async pull(c) {
        const { done, value } = await reader.read();
        if (done || sent > 50_000) {
          c.close();
          return;
        }
        sent += value.length;
        c.enqueue(value);
      },
    });
    const run = async () => {
      for await (const part of parseMultipart(cut, boundary)) await readPartBytes(part, 1 << 20);
    };
    await expect(run()).rejects.toThrow(/truncated/);
  });
});
