/** What every step of one transcode attempt shares (see run-transcode.ts). */
import type { MediaBinaries } from './media';
import type { ProgressTracker } from './transcode-progress';
import type { TranscodeStorage } from './transcode-storage';
import type { TranscodeRequest } from '../worker/jobs/companion-protocol';

/** Milestones of a transcode, for callers that time it (the bench). */
export type TranscodeEvent = { type: 'probed'; copyTop: boolean } | { type: 'ffmpeg-started'; pid: number } | { type: 'ffmpeg-done' };

export interface TranscodeJob {
  req: TranscodeRequest;
  attempt: number;
  storage: TranscodeStorage;
  bins: MediaBinaries;
  progress: ProgressTracker;
  /** the attempt's own directory, removed at the end */
  workDir: string;
  /** `${output.prefix}/hls` */
  hlsPrefix: string;
  /** logs with the job's id in front */
  log: (message: string) => void;
  onEvent?: (event: TranscodeEvent) => void;
}
