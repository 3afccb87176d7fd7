/** Retrying cannot help (unreadable input, deleted video): the job fails now, whatever attempts are left. */
export class PermanentJobError extends Error {
  override readonly name = 'PermanentJobError';
}

/**
 * The job could not start for a reason that is not its fault (the companion is busy):
 * it goes back to `delayed` without spending an attempt.
 */
export class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
  }
}

/** Job errors are shown to owners and admins: keep them readable and short. */
export function describeJobError(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}
