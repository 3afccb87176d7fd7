/** PeerTube's comment endpoints as the comment test files call them, and the videos they comment on. */
import type * as schema from '../../worker/db/schema';
import { api, instanceUrl } from './api';
import { postSigned, type FakeActor, type FakeRemote } from './fake-remote-instance';
import { seedLocalVideo } from './seed-videos';
import type { Uploader } from './video-uploads';

export const AP = { accept: 'application/activity+json' };

/** A published local video of `owner`, named for the comment tests. */
export const localVideo = (owner: Uploader, values: Partial<schema.NewVideo> = {}) => seedLocalVideo(owner, values, 'comments');

export const thread = (videoId: string | number, token: string | undefined, text: string) =>
  api(`/api/v1/videos/${videoId}/comment-threads`, { method: 'POST', token, json: { text } });
export const reply = (videoId: string | number, commentId: number, token: string | undefined, text: string) =>
  api(`/api/v1/videos/${videoId}/comments/${commentId}`, { method: 'POST', token, json: { text } });
export const remove = (videoId: string | number, commentId: number, token: string | undefined) =>
  api(`/api/v1/videos/${videoId}/comments/${commentId}`, { method: 'DELETE', token });

const AS = 'https://www.w3.org/ns/activitystreams';

/** A remote Note answering `inReplyTo`, and its Create, as a PeerTube-like instance sends them. */
export function remoteNoteCreate(author: FakeActor, inReplyTo: string, content: string) {
  const noteId = `${author.url}/notes/${Date.now()}`;
  const note = {
    id: noteId,
    type: 'Note',
    attributedTo: author.url,
    inReplyTo,
    content,
    published: new Date().toISOString(),
    url: noteId,
    to: [`${AS}#Public`],
    cc: [`${author.url}/followers`],
  };
  const create = { '@context': AS, id: `${noteId}/activity`, type: 'Create', actor: author.url, to: note.to, cc: note.cc, object: note };
  return { noteId, note, create };
}

/** `fan` follows a local channel, as a PeerTube instance would, and its Accept has arrived. */
export async function followLocalChannel(remote: FakeRemote, fan: FakeActor, channelName: string) {
  const follow = {
    '@context': AS,
    type: 'Follow',
    id: `${fan.url}/follows/${Date.now()}`,
    actor: fan.url,
    object: instanceUrl(`/video-channels/${channelName}`),
  };
  const res = await postSigned(instanceUrl('/inbox'), JSON.stringify(follow), { signer: { keyId: fan.keyId, privateKeyPem: fan.privateKeyPem } });
  if (res.status !== 204) throw new Error(`follow: ${res.status}`);
  await remote.waitFor((r) => r.method === 'POST' && r.body.includes('"Accept"') && r.body.includes(follow.id));
}
