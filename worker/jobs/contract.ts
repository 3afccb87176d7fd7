/**
 * The one queue contract shared by the Worker, the transcoder and the seeder.
 * A message carries a job id only: the `jobs` row is the record (design.md, decision 4).
 * No secret ever goes in a message.
 */
export type JobMessage = { v: 1; type: 'job'; jobId: number };

export function isJobMessage(value: unknown): value is JobMessage {
  const m = value as JobMessage;
  return !!m && m.v === 1 && m.type === 'job' && Number.isSafeInteger(m.jobId) && m.jobId > 0;
}
