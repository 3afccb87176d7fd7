// PeerTube's resumable upload protocol (POST, then PUT chunks with Content-Range, 308 + Range
// until the last chunk answers 200 with the video). The instance finds a session again from the
// same user, file name and size, so a reload or a dropped network resumes where the bytes stopped.

import { apiFetch, csrfToken } from './api';

export type UploadProgress = { sent: number; total: number; bytesPerSecond: number; secondsLeft: number };
export type UploadedVideo = { id: number; uuid: string; shortUUID: string };
export type UploadCallbacks = {
  onProgress: (p: UploadProgress) => void;
  onRetry: (error: string) => void;
};

const PATH = '/api/v1/videos/upload-resumable';
/** PeerTube's web client sends 10 MB chunks by default; small ones would cost a round trip each. */
export const DEFAULT_CHUNK = 10 * 1024 * 1024;

export class ResumableUpload {
  private location = '';
  private xhr: XMLHttpRequest | null = null;
  private paused = false;
  private samples: Array<{ t: number; bytes: number }> = [];

  constructor(
    private file: File,
    private metadata: Record<string, unknown>,
    private callbacks: UploadCallbacks,
    private chunkSize = DEFAULT_CHUNK,
  ) {}

  /** Starts or resumes; resolves with the video once the last byte is stored, or null when paused. */
  async run(): Promise<UploadedVideo | null> {
    this.paused = false;
    if (!this.location) await this.init();
    for (let attempt = 0; !this.paused; attempt++) {
      try {
        const offset = await this.queryOffset();
        const done = await this.sendFrom(offset);
        if (done) return done;
        if (this.paused) return null;
      } catch (err) {
        if (this.paused) return null;
        this.callbacks.onRetry(err instanceof Error ? err.message : String(err));
        // Back off (1 s, 2 s, 4 s … 30 s) and ask the server what it has before sending again.
        await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5))));
      }
    }
    return null;
  }

  pause() {
    this.paused = true;
    this.xhr?.abort();
  }

  private async init() {
    const res = await apiFetch(PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-upload-content-length': String(this.file.size),
        'x-upload-content-type': this.file.type || 'application/octet-stream',
      },
      body: JSON.stringify({ ...this.metadata, filename: this.file.name }),
    });
    if (res.status !== 200 && res.status !== 201) throw new UploadRefused(await problemDetail(res));
    this.location = res.headers.get('location') ?? '';
  }

  /** `Content-Range: bytes * /size` asks how much the server holds (its Range header). */
  private async queryOffset(): Promise<number> {
    const res = await apiFetch(this.location, { method: 'PUT', headers: { 'content-range': `bytes */${this.file.size}` } });
    if (res.status === 200) return this.file.size;
    if (res.status !== 308) throw new Error(await problemDetail(res));
    const m = /bytes=\d+-(\d+)/.exec(res.headers.get('range') ?? '');
    return m ? Number(m[1]) + 1 : 0;
  }

  private async sendFrom(offset: number): Promise<UploadedVideo | null> {
    let start = offset;
    while (start < this.file.size && !this.paused) {
      const end = Math.min(start + this.chunkSize, this.file.size) - 1;
      const res = await this.putChunk(start, end);
      if (res.status === 200) return (JSON.parse(res.body) as { video: UploadedVideo }).video;
      if (res.status !== 308) throw new Error(`HTTP ${res.status}`);
      const m = /bytes=\d+-(\d+)/.exec(res.range ?? '');
      start = m ? Number(m[1]) + 1 : end + 1;
    }
    if (start >= this.file.size) {
      const res = await this.putChunk(this.file.size, this.file.size - 1);
      if (res.status === 200) return (JSON.parse(res.body) as { video: UploadedVideo }).video;
    }
    return null;
  }

  /** One chunk over XHR, which reports upload progress (fetch does not). */
  private putChunk(start: number, end: number): Promise<{ status: number; range: string | null; body: string }> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.xhr = xhr;
      xhr.open('PUT', this.location);
      xhr.setRequestHeader('x-csrf-token', csrfToken());
      if (end >= start) xhr.setRequestHeader('content-range', `bytes ${start}-${end}/${this.file.size}`);
      else xhr.setRequestHeader('content-range', `bytes */${this.file.size}`);
      xhr.upload.onprogress = (e) => this.report(start + e.loaded);
      xhr.onload = () => resolve({ status: xhr.status, range: xhr.getResponseHeader('range'), body: xhr.responseText });
      xhr.onerror = () => reject(new Error('network error'));
      xhr.onabort = () => resolve({ status: 0, range: null, body: '' });
      xhr.send(end >= start ? this.file.slice(start, end + 1) : null);
    });
  }

  /** Speed over the last ten seconds, so a pause or a slow patch fades out of the estimate. */
  private report(sent: number) {
    const now = performance.now();
    this.samples.push({ t: now, bytes: sent });
    while (this.samples.length > 2 && now - this.samples[0].t > 10_000) this.samples.shift();
    const first = this.samples[0];
    const seconds = (now - first.t) / 1000;
    const bytesPerSecond = seconds > 0 ? Math.max(0, (sent - first.bytes) / seconds) : 0;
    const total = this.file.size;
    this.callbacks.onProgress({ sent, total, bytesPerSecond, secondsLeft: bytesPerSecond > 0 ? (total - sent) / bytesPerSecond : Infinity });
  }
}

/** The server refused the upload itself (quota, format): retrying will not help. */
export class UploadRefused extends Error {}

async function problemDetail(res: Response): Promise<string> {
  try {
    const body = (await res.json()) as { detail?: string };
    return body.detail ?? `HTTP ${res.status}`;
  } catch {
    return `HTTP ${res.status}`;
  }
}
