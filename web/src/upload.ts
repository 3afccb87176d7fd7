// The upload page: pick or drop a file, send it over the resumable protocol with a progress bar,
// speed and time left, pause and resume; then go to the video's edit page.

import { pageMessages } from './lib/api';
import { ResumableUpload, UploadRefused, type UploadProgress } from './lib/resumable-upload';

type Messages = { pause: string; resume: string; retrying: string; done: string; speed: string; left: string; refused: string };

const t = pageMessages<Messages>('upload-messages');
const form = document.getElementById('upload-form') as HTMLFormElement;
const input = document.getElementById('upload-file') as HTMLInputElement;
const drop = document.getElementById('upload-drop') as HTMLElement;
const panel = document.getElementById('upload-progress') as HTMLElement;
const bar = document.getElementById('upload-bar') as HTMLProgressElement;
const figures = document.getElementById('upload-figures') as HTMLElement;
const status = document.getElementById('upload-status') as HTMLElement;
const toggle = document.getElementById('upload-toggle') as HTMLButtonElement;

const formatBytes = (n: number) => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${Math.round(n / 1e3)} kB`);
const formatSeconds = (s: number) =>
  !Number.isFinite(s)
    ? '–'
    : s >= 3600
      ? `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`
      : s >= 60
        ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`
        : `${Math.ceil(s)} s`;

function showProgress(p: UploadProgress) {
  bar.value = Math.round((p.sent / p.total) * 1000) / 10;
  bar.textContent = `${bar.value}%`;
  figures.textContent = `${bar.value}% · ${formatBytes(p.sent)} / ${formatBytes(p.total)} · ${t.speed.replace('{speed}', `${formatBytes(p.bytesPerSecond)}/s`)} · ${t.left.replace('{time}', formatSeconds(p.secondsLeft))}`;
}

async function start(file: File) {
  const data = new FormData(form);
  const base = file.name.replace(/\.[^.]+$/, '');
  const metadata = {
    // PeerTube wants 3 to 120 characters.
    name: (base.length >= 3 ? base : file.name).slice(0, 120),
    channelId: Number(data.get('channelId')),
    privacy: Number(data.get('privacy')),
  };
  const chunk = Number(form.dataset.chunkSize) || undefined;
  const upload = new ResumableUpload(
    file,
    metadata,
    {
      onProgress: showProgress,
      onRetry: (e) => {
        status.textContent = t.retrying.replace('{error}', e);
      },
    },
    chunk,
  );
  form.hidden = true;
  panel.hidden = false;
  let running = false;
  const run = async () => {
    running = true;
    toggle.textContent = t.pause;
    status.textContent = '';
    try {
      const video = await upload.run();
      if (video) {
        status.textContent = t.done;
        window.location.assign(`/videos/manage/${video.shortUUID}?uploaded=1`);
      }
    } catch (err) {
      status.textContent = err instanceof UploadRefused ? t.refused.replace('{error}', err.message) : String(err);
      toggle.hidden = true;
    } finally {
      running = false;
    }
  };
  toggle.addEventListener('click', () => {
    if (running) {
      upload.pause();
      toggle.textContent = t.resume;
    } else {
      void run();
    }
  });
  await run();
}

input.addEventListener('change', () => {
  if (input.files?.[0]) void start(input.files[0]);
});
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  const file = e.dataTransfer?.files[0];
  if (file) void start(file);
});
