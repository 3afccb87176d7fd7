/** What every upload path takes and gives back, and the id of the `uploads` row that records it. */
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { JobQueue } from '../../jobs/store';

export type UploadDeps = { db: Db; bucket: R2Bucket; config: Config; queue: JobQueue };
export type UploadedVideo = { id: number; uuid: string; shortUUID: string };

export const newUploadId = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
