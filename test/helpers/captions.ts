import { api } from './api';

export const VTT = 'WEBVTT\n\n00:00:00.500 --> 00:00:03.000\nBonjour\n\n00:00:03.000 --> 00:00:05.000\nAu revoir\n';
export const SRT = '1\r\n00:00:00,500 --> 00:00:03,000\r\nHello\r\n\r\n2\r\n00:00:03,000 --> 00:00:05,000\r\nGoodbye\r\n';

type CaptionFile = { content: string | Uint8Array<ArrayBuffer>; type?: string; name?: string };

/** PUT /videos/{id}/captions/{language} as PeerTube clients send it: multipart with `captionfile`. */
export function putCaption(video: string | number, language: string, file: CaptionFile = { content: VTT }, token?: string) {
  const form = new FormData();
  form.set('captionfile', new Blob([file.content], { type: file.type ?? 'text/vtt' }), file.name ?? `caption-${language}.vtt`);
  return api(`/api/v1/videos/${video}/captions/${language}`, { method: 'PUT', token, body: form });
}

export function deleteCaption(video: string | number, language: string, token?: string) {
  return api(`/api/v1/videos/${video}/captions/${language}`, { method: 'DELETE', token });
}
