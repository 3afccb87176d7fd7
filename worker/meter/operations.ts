/**
 * Counts the billable operations of this isolate, for `npm run bench:cost` (issue 13): Worker
 * invocations, R2 operations by class, and queue messages. Off unless `METER_OPERATIONS` is
 * "true", which only the cost bench sets; then the bindings are wrapped and the counts served,
 * to the companion's HMAC only, at GET /internal/meter. Locally one isolate serves everything,
 * so its counts are the instance's.
 */
import type { Env } from '../env';

export type OperationCounts = {
  requests: number;
  queueBatches: number;
  scheduled: number;
  r2ClassA: number;
  r2ClassB: number;
  queueMessages: number;
};

export const counts: OperationCounts = { requests: 0, queueBatches: 0, scheduled: 0, r2ClassA: 0, r2ClassB: 0, queueMessages: 0 };

// R2's classes (developers.cloudflare.com/r2/pricing/): writes, lists and multipart calls are
// class A; reads and heads are class B. Deletes and aborts are free.
const CLASS_A = new Set(['put', 'list', 'createMultipartUpload']);
const CLASS_B = new Set(['get', 'head']);
const UPLOAD_CLASS_A = new Set(['uploadPart', 'complete']);

export const meteringOn = (env: Pick<Env, 'METER_OPERATIONS'>) => env.METER_OPERATIONS === 'true';

function meterUpload(upload: R2MultipartUpload): R2MultipartUpload {
  return new Proxy(upload, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (UPLOAD_CLASS_A.has(String(prop))) counts.r2ClassA++;
        return value.apply(target, args);
      };
    },
  });
}

function meterBucket(bucket: R2Bucket): R2Bucket {
  return new Proxy(bucket, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const name = String(prop);
      return (...args: unknown[]) => {
        // resumeMultipartUpload makes no request of its own: only its upload's calls count.
        if (CLASS_A.has(name)) counts.r2ClassA++;
        if (CLASS_B.has(name)) counts.r2ClassB++;
        const result = value.apply(target, args);
        if (name === 'resumeMultipartUpload') return meterUpload(result as R2MultipartUpload);
        if (name === 'createMultipartUpload') return (result as Promise<R2MultipartUpload>).then(meterUpload);
        return result;
      };
    },
  });
}

function meterQueue<T>(queue: Queue<T>): Queue<T> {
  return {
    send: (body, options) => {
      counts.queueMessages++;
      return queue.send(body, options);
    },
    sendBatch: (messages, options) => {
      counts.queueMessages += [...messages].length;
      return queue.sendBatch(messages, options);
    },
  } as Queue<T>;
}

/** The bindings with their operations counted, when metering is on; as they are otherwise. */
export function metered(env: Env): Env {
  if (!meteringOn(env)) return env;
  return { ...env, MEDIA: meterBucket(env.MEDIA), JOBS: meterQueue(env.JOBS) };
}
