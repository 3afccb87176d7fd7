/** PeerTube's comment endpoints as the comment test files call them, and the videos they comment on. */
import type * as schema from '../../worker/db/schema';
import { api } from './api';
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
