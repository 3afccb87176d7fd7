/**
 * Messages allowed per key and window, counted in the tracker's memory; the tracker keys them by
 * client address and swarm, as PeerTube does (ip + infohash, server/core/controllers/tracker.ts,
 * 5-minute windows). Every message counts, answers included: a flood of answers costs as much as
 * a flood of offers.
 */
export class AnnounceLimiter {
  private readonly windows = new Map<string, { start: number; used: number }>();
  private sweptAt = 0;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /**
   * Counts one message under `key`; false once `key` is over its limit in its window. A key's
   * window opens at its first message (not on the clock's minute, which would let a flood that
   * straddles the minute send twice the limit).
   */
  allow(key: string, now: number): boolean {
    // Expired windows are dropped once a window: memory stays bounded by one window's clients.
    if (now - this.sweptAt >= this.windowMs) {
      for (const [k, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(k);
      this.sweptAt = now;
    }
    let window = this.windows.get(key);
    if (!window || now - window.start >= this.windowMs) {
      window = { start: now, used: 0 };
      this.windows.set(key, window);
    }
    window.used++;
    return window.used <= this.limit;
  }
}
