/**
 * PeerTube's timeToInt (packages/core-utils/src/common/date.ts): the one reading of a time that
 * PeerTube gives both the chapters of a description (parseChapters) and the player's `start` and
 * `stop` (peertube-plugin.ts, the watch page and the embed alike). `1h2m3s`, `2m3s`, `2m3`, `63s`
 * and `63` first, else `1:02:03` and `02:03` (each part read as parseInt reads it); anything else
 * is 0, where PeerTube's player starts from the beginning.
 */
export function timeToInt(text: string): number {
  const units = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$/.exec(text);
  if (units) return Number(units[1] ?? 0) * 3600 + Number(units[2] ?? 0) * 60 + Number(units[3] ?? 0);
  let seconds = 0;
  for (const [i, part] of text.split(':').reverse().entries()) {
    const n = parseInt(part, 10);
    if (Number.isNaN(n) || i > 2) return 0;
    seconds += n * 60 ** i;
  }
  return seconds;
}
