/**
 * Announces allowed per client address and window, counted in the tracker's memory. PeerTube
 * counts per IP too (server/core/controllers/tracker.ts, 5-minute windows). Every message counts,
 * answers included: a flood of answers costs as much as a flood of offers.
 */
export class AnnounceLimiter {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one message from `ip`; false once `ip` is over its limit for the current window. */
  allow(ip: string, now: number): boolean {
    const start = Math.floor(now / this.windowMs) * this.windowMs;
    // A new window forgets every address: memory stays bounded by one window's clients.
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.counts.clear();
    }
    const used = (this.counts.get(ip) ?? 0) + 1;
    this.counts.set(ip, used);
    return used <= this.limit;
  }
}
