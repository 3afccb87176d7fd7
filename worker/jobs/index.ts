export * from './store';
export * from './types';
export * from './errors';
export { handleQueueBatch, handleScheduled, createJobContext } from './consumer';
export { processJob, recordJobFailure, runSweep } from './runner';
export type { JobContext, JobHandler } from './handlers';
