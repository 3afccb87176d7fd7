/** What the tracker knows of the catalogue: every infohash it serves, and the version it was read at. */
export type CatalogueSnapshot = { version: string; infohashes: Set<string> };

/**
 * Calls an async function for many callers at once, one call in flight at a time. `after()` gives
 * a result of a call that started after the caller asked, so it sees every write committed before
 * the ask; `any()` takes whatever call is in flight.
 */
export class FreshCall<T> {
  private started = 0;
  private inFlight: { n: number; result: Promise<T> } | undefined;

  constructor(
    private readonly call: () => Promise<T>,
    private readonly timeoutMs: number,
  ) {}

  any(): Promise<T> {
    return this.inFlight?.result ?? this.start();
  }

  async after(): Promise<T> {
    const asked = this.started;
    // Two turns at most: wait out a call that started before the ask, then join or start the next.
    for (let turn = 0; turn < 2 && this.inFlight; turn++) {
      if (this.inFlight.n > asked) return this.inFlight.result;
      await this.inFlight.result.catch(() => undefined);
    }
    return this.inFlight && this.inFlight.n > asked ? this.inFlight.result : this.start();
  }

  private start(): Promise<T> {
    const n = ++this.started;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    const result = Promise.race([this.call(), timedOut]).finally(() => {
      clearTimeout(timer);
      if (this.inFlight?.n === n) this.inFlight = undefined;
    });
    this.inFlight = { n, result };
    return result;
  }
}

/**
 * The tracker's copy of the catalogue (ADR 0021). Infohashes are one-way, so the set is read whole
 * and kept; it is read again when it is older than `ttlMs`. An infohash missing from a fresh copy
 * costs one small query, the catalogue's version, started after the announce arrived: when it
 * differs, the set is read again. So a video published before a peer announces it is always known,
 * and a flood of unknown infohashes costs one version query at a time, never a full read.
 */
export class Catalogue {
  private snapshot: { value: CatalogueSnapshot; readAt: number } | undefined;
  private readonly reads: FreshCall<CatalogueSnapshot>;
  private readonly versions: FreshCall<string>;
  private readonly now: () => number;

  constructor(
    source: { read(): Promise<CatalogueSnapshot>; version(): Promise<string> },
    private readonly ttlMs: number,
    options: { timeoutMs?: number; now?: () => number } = {},
  ) {
    this.now = options.now ?? Date.now;
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.reads = new FreshCall(async () => {
      const value = await source.read();
      this.snapshot = { value, readAt: this.now() };
      return value;
    }, timeoutMs);
    this.versions = new FreshCall(() => source.version(), timeoutMs);
  }

  /** Which of `infohashes` (lower-case hex) the instance serves. */
  async known(infohashes: string[]): Promise<Set<string>> {
    const kept = this.snapshot;
    let value = kept && this.now() - kept.readAt < this.ttlMs ? kept.value : await this.reads.any();
    if (infohashes.some((h) => !value.infohashes.has(h)) && (await this.versions.after()) !== value.version) {
      value = await this.reads.after();
    }
    return new Set(infohashes.filter((h) => value.infohashes.has(h)));
  }
}
