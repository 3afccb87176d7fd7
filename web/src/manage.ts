// The edit page: sends the form to PUT /api/v1/videos/:id (multipart, with the thumbnail), shows
// PeerTube's invalid-params next to their fields, and follows the processing state until it plays.

import { apiFetch, pageMessages } from './lib/api';

type Messages = { saved: string; failed: string; published: string; watch: string };
const t = pageMessages<Messages>('edit-messages');
const form = document.getElementById('edit-form') as HTMLFormElement;
const status = document.getElementById('edit-status') as HTMLElement;
const uuid = form.dataset.uuid!;

function showErrors(params: Record<string, { msg: string }>) {
  for (const el of form.querySelectorAll<HTMLElement>('[data-error-for]')) {
    const name = el.dataset.errorFor!;
    const error = Object.entries(params).find(([k]) => k === name || k.startsWith(`${name}.`) || k.startsWith(`${name}[`))?.[1];
    el.textContent = error?.msg ?? '';
    form.querySelector(`[name=${name}]`)?.setAttribute('aria-invalid', error ? 'true' : 'false');
  }
}

form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const data = new FormData(form);
  const body = new FormData();
  for (const name of ['name', 'description', 'channelId', 'privacy', 'category', 'licence', 'language', 'commentsPolicy', 'support']) {
    body.set(name, String(data.get(name) ?? ''));
  }
  body.set('nsfw', data.get('nsfw') ? 'true' : 'false');
  for (const tag of String(data.get('tags') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    body.append('tags[]', tag);
  const thumb = data.get('thumbnailfile');
  if (thumb instanceof File && thumb.size > 0) body.set('thumbnailfile', thumb);
  status.textContent = '';
  const res = await apiFetch(`/api/v1/videos/${uuid}`, { method: 'PUT', body });
  if (res.status === 204) {
    showErrors({});
    status.textContent = t.saved;
    const preview = document.getElementById('thumbnail-preview') as HTMLImageElement;
    if (thumb instanceof File && thumb.size > 0) preview.src = URL.createObjectURL(thumb);
    return;
  }
  const problem = (await res.json().catch(() => ({}))) as { detail?: string; 'invalid-params'?: Record<string, { msg: string }> };
  showErrors(problem['invalid-params'] ?? {});
  status.textContent = t.failed.replace('{error}', problem.detail ?? `HTTP ${res.status}`);
});

/** Polls the video's state while it is processed; stops once it is published or failed. */
async function followState() {
  const el = document.getElementById('video-state')!;
  let state = Number(el.dataset.state);
  while (state !== 1 && state !== 7) {
    await new Promise((r) => setTimeout(r, 2000));
    const res = await apiFetch(`/api/v1/videos/${uuid}`);
    if (!res.ok) continue;
    const video = (await res.json()) as { state: { id: number; label: string }; shortUUID: string };
    state = video.state.id;
    el.dataset.state = String(state);
    el.querySelector('strong')!.textContent = video.state.label;
    if (state === 1) {
      const link = document.createElement('a');
      link.href = `/w/${video.shortUUID}`;
      link.textContent = t.watch;
      el.append(' · ', link);
    }
  }
}

void followState();
