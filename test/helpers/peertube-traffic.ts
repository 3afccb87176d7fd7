/**
 * PeerTube 6.3's recorded traffic (fixtures/peertube-6.3/signed/), moved onto the fake remote:
 * the same bodies, with the origin, the video's uuid and its owners rewritten, so a test can
 * send what PeerTube sent, signed by an actor of the fake remote.
 */
import { readFileSync } from 'node:fs';
import type { FakeActor, FakeRemote } from './fake-remote-instance';

const SIGNED = new URL('../fixtures/peertube-6.3/signed/', import.meta.url);
const PEERTUBE_ORIGIN = 'http://localhost:9000';

/** The body of a recorded request, parsed. */
export function recordedBody(name: string): Record<string, any> {
  return JSON.parse(JSON.parse(readFileSync(new URL(name, SIGNED), 'utf8')).body);
}

/**
 * A recorded body as if `owner` of `remote` had sent it: PeerTube's origin, root's account and
 * channel, and the recorded video's uuid become the fake remote's.
 */
export function rehomed(name: string, remote: FakeRemote, owner: FakeActor, uuid?: string): Record<string, any> {
  const body = recordedBody(name);
  delete body.signature; // the LD signature covered the original bytes
  let text = JSON.stringify(body)
    .replaceAll(`${PEERTUBE_ORIGIN}/accounts/root`, owner.url)
    .replaceAll(`${PEERTUBE_ORIGIN}/video-channels/root_channel`, `${remote.origin}/video-channels/${owner.name}_channel`)
    .replaceAll(PEERTUBE_ORIGIN, remote.origin)
    .replaceAll(encodeURIComponent(PEERTUBE_ORIGIN), encodeURIComponent(remote.origin));
  const recordedUuid = typeof body.object?.uuid === 'string' ? body.object.uuid : undefined;
  if (uuid && recordedUuid) text = text.replaceAll(recordedUuid, uuid);
  return JSON.parse(text);
}
