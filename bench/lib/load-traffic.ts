/**
 * The three kinds of traffic `npm run bench:load` sends at once, each as a bounded loop that
 * records every answer: anonymous viewers, resumable uploads, and signed inbox deliveries.
 */
import { postSigned, type FakeActor, type FakeRemote } from '../../test/helpers/fake-remote-instance';

export type Sample = { status: number; ms: number };
export type Tally = { samples: Sample[]; failures: string[] };

export const newTally = (): Tally => ({ samples: [], failures: [] });

async function timed(tally: Tally, what: string, run: () => Promise<Response>): Promise<Response | undefined> {
  const start = performance.now();
  try {
    const res = await run();
    tally.samples.push({ status: res.status, ms: performance.now() - start });
    if (res.status >= 500) tally.failures.push(`${what}: ${res.status}`);
    return res;
  } catch (err) {
    tally.samples.push({ status: 0, ms: performance.now() - start });
    tally.failures.push(`${what}: ${(err as Error).message}`);
    return undefined;
  }
}

/** `viewers` loops, each reading pages, lists, details and playlists until `until`. */
export async function viewLoad(base: string, paths: string[], viewers: number, until: number, tally: Tally) {
  await Promise.all(
    Array.from({ length: viewers }, async (_, v) => {
      for (let i = v; Date.now() < until; i++) {
        const path = paths[i % paths.length];
        const res = await timed(tally, `GET ${path}`, () => fetch(`${base}${path}`, { signal: AbortSignal.timeout(30_000) }));
        await res?.arrayBuffer().catch(() => {});
      }
    }),
  );
}

/**
 * `count` resumable uploads spread over the window, each in two chunks with a pause between,
 * as PeerTube's uploader sends them. Returns the uuids of the uploads answered 200.
 */
export async function uploadLoad(base: string, token: string, channelId: number, clip: Uint8Array, count: number, until: number, tally: Tally) {
  const uuids: string[] = [];
  const gap = Math.max(0, (until - Date.now()) / count);
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      const init = await timed(tally, 'upload init', () =>
        fetch(`${base}/api/v1/videos/upload-resumable`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${token}`,
            'content-type': 'application/json',
            'x-upload-content-length': String(clip.length),
            'x-upload-content-type': 'video/mp4',
          },
          body: JSON.stringify({ name: `load upload ${i + 1}`, channelId, filename: `load-${i + 1}.mp4`, privacy: 1 }),
        }),
      );
      const location = init?.headers.get('location');
      if (!location) return;
      const half = Math.floor(clip.length / 2);
      for (const [start, end] of [
        [0, half],
        [half, clip.length],
      ]) {
        const res = await timed(tally, 'upload chunk', () =>
          fetch(`${base}${location}`, {
            method: 'PUT',
            headers: {
              authorization: `Bearer ${token}`,
              'content-range': `bytes ${start}-${end - 1}/${clip.length}`,
              'content-type': 'application/octet-stream',
            },
            body: clip.subarray(start, end) as Uint8Array<ArrayBuffer>,
          }),
        );
        if (!res) return;
        if (res.status === 200) uuids.push(((await res.json()) as { video: { uuid: string } }).video.uuid);
        else await res.arrayBuffer();
      }
    }),
  );
  return uuids;
}

/**
 * Signed deliveries from a remote instance, spread over the window: a comment (Create(Note))
 * from each actor in turn, each delivered twice (a retry), and one Like per actor. Returns the
 * note ids and likers whose delivery was accepted.
 */
export async function inboxLoad(inbox: string, remote: FakeRemote, actors: FakeActor[], videoUrl: string, notes: number, until: number, tally: Tally) {
  const AS = 'https://www.w3.org/ns/activitystreams';
  const accepted = { notes: new Set<string>(), likers: new Set<string>() };
  const gap = Math.max(0, (until - Date.now()) / (notes + actors.length));
  const sign = (a: FakeActor) => ({ signer: { keyId: a.keyId, privateKeyPem: a.privateKeyPem } });
  const deliveries = [
    ...Array.from({ length: notes }, (_, i) => async () => {
      const actor = actors[i % actors.length];
      const id = `${actor.url}/notes/load-${Date.now()}-${i}`;
      const note = {
        id,
        type: 'Note',
        attributedTo: actor.url,
        inReplyTo: videoUrl,
        content: `<p>load comment ${i + 1}</p>`,
        published: new Date().toISOString(),
        url: id,
        to: [`${AS}#Public`],
        cc: [],
      };
      remote.serve(note);
      const body = JSON.stringify({ '@context': AS, id: `${id}/activity`, type: 'Create', actor: actor.url, to: note.to, cc: [], object: note });
      for (let copy = 0; copy < 2; copy++) {
        const res = await timed(tally, 'inbox Create(Note)', () => postSigned(inbox, body, sign(actor)));
        if (res && res.status < 300) accepted.notes.add(id);
      }
    }),
    ...actors.map((actor) => async () => {
      const body = JSON.stringify({ '@context': AS, id: `${actor.url}/likes/load-${Date.now()}`, type: 'Like', actor: actor.url, object: videoUrl });
      const res = await timed(tally, 'inbox Like', () => postSigned(inbox, body, sign(actor)));
      if (res && res.status < 300) accepted.likers.add(actor.url);
    }),
  ];
  await Promise.all(
    deliveries.map(async (deliver, i) => {
      await new Promise((r) => setTimeout(r, i * gap));
      await deliver();
    }),
  );
  return accepted;
}

export function percentile(samples: Sample[], p: number) {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}
