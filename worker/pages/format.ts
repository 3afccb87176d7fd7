import type { PageEnv } from './page-env';

/** Bytes as people read them (1024-based, PeerTube's client does the same); -1 is unlimited. */
export function formatBytes(env: PageEnv, n: number) {
  if (n < 0) return env.t('account.unlimited');
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[i]}`;
}

/** A date and time in UTC, `2026-12-04 17:38`, for lists. */
export function formatDate(d: Date | null | undefined) {
  return d ? d.toISOString().slice(0, 16).replace('T', ' ') : '–';
}

const MB = 1024 * 1024;
/** PeerTube's client's quota choices (bytes; -1 unlimited, 0 no upload). */
export const QUOTA_CHOICES = [-1, 0, 100 * MB, 500 * MB, 1024 * MB, 5 * 1024 * MB, 20 * 1024 * MB, 50 * 1024 * MB, 100 * 1024 * MB, 500 * 1024 * MB];
export const DAILY_QUOTA_CHOICES = [-1, 0, 10 * MB, 50 * MB, 100 * MB, 500 * MB, 2 * 1024 * MB, 5 * 1024 * MB, 10 * 1024 * MB, 50 * 1024 * MB];

/** Quota choices as select options, with the current value kept when it is not one of them. */
export function quotaOptions(env: PageEnv, choices: number[], current: number): Array<[number, string]> {
  const values = choices.includes(current) ? choices : [...choices, current].sort((a, b) => a - b);
  return values.map((v) => [v, v === 0 ? env.t('admin.noUpload') : formatBytes(env, v)]);
}
