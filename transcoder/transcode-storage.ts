/**
 * The storage port of a transcode: where the original comes from, where outputs go, and
 * who hears how the job goes. The companion implements it with the Worker's
 * `/internal/*` endpoints (`workerStorage`); the transcode bench with local files
 * (bench/lib/pipeline.ts), so both run the same steps.
 */
import type { CallbackKind, TranscodeRequest } from '../worker/jobs/companion-protocol';
import type { PartListener } from './progressive-source';
import type { WorkerClient } from './worker-client';

export interface TranscodeStorage {
  /** Fills `path` with the original, calling `onPart` for each stored part (not necessarily in order); resolves with its size. */
  readOriginal(path: string, signal: AbortSignal, onPart: PartListener): Promise<number>;
  /** Stores one output object. */
  put(key: string, data: Buffer | string, contentType: string, signal: AbortSignal): Promise<void>;
  /**
   * Reports on the job: `progress` (also the lease's heartbeat), `playable`, `done`, `failed`.
   * Throws StaleAttemptError when the attempt lost its lease.
   */
  report(kind: CallbackKind, body: object, signal?: AbortSignal): Promise<void>;
}

/** The port over the Worker's internal API, for one job. */
export function workerStorage(client: WorkerClient, req: TranscodeRequest): TranscodeStorage {
  return {
    readOriginal: (path, signal, onPart) => client.download(req.input.key, path, signal, onPart),
    put: async (key, data, type, signal) => {
      await client.upload(key, data, type, signal);
    },
    report: async (kind, body, signal) => {
      await client.report(req.jobId, kind, body, signal);
    },
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.json': 'application/json',
  '.torrent': 'application/x-bittorrent',
  '.jpg': 'image/jpeg',
};

/** The content type of an output, by its file name. */
export const contentType = (name: string) => CONTENT_TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
