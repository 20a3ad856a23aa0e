// Failed logins slow down guessing without locking people out. Per account, a growing delay: four
// failures cost nothing, then each one doubles the wait before the next try (1 s, 2 s, 4 s … up
// to 15 minutes), so an admin who mistypes five times waits seconds, not a quarter of an
// hour, while a guesser gets a few dozen tries a day. Per client address, a plain limit high enough
// for a ward of PCs behind one NAT address. An admin can lift either. Held in memory: a restart
// forgets failures, which only ever lets a user try again sooner.
export interface FailedLogins {
  /** Seconds until `keys` may try again, or 0 when they may now. */
  retryAfter(keys: string[], now?: number): number;
  fail(keys: string[], now?: number): void;
  succeed(keys: string[]): void;
  /** Lifts `key`'s delay (an admin's unlock); true when there was one. */
  unlock(key: string): boolean;
}

/** Up to `limit` failures within the window; then refused until the oldest leaves it. */
export class LoginThrottle implements FailedLogins {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly limit = 5, private readonly windowMs = 15 * 60_000) {}

  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const recent = this.recent(key, now);
      if (recent.length >= this.limit) wait = Math.max(wait, Math.ceil((recent[0]! + this.windowMs - now) / 1000));
    }
    return wait;
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  unlock(key: string): boolean {
    return this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    return kept;
  }
}

export interface GrowingDelayOptions {
  /** Failures in a row that cost no wait. */
  free?: number;
  /** The wait after the first failure past the free ones; doubled by each further failure. */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Failures are forgotten this long after the last one. */
  forgetAfterMs?: number;
}

/** A wait before the next try that doubles with each failure in a row. */
export class GrowingDelay implements FailedLogins {
  private readonly failures = new Map<string, { count: number; last: number }>();
  private readonly free: number;
  private readonly firstDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly forgetAfterMs: number;

  constructor(options: GrowingDelayOptions = {}) {
    this.free = options.free ?? 4;
    this.firstDelayMs = options.firstDelayMs ?? 1000;
    this.maxDelayMs = options.maxDelayMs ?? 15 * 60_000;
    this.forgetAfterMs = options.forgetAfterMs ?? 24 * 3600_000;
  }

  /** The wait after `count` failures in a row. */
  delayMs(count: number): number {
    if (count <= this.free) return 0;
    return Math.min(this.maxDelayMs, this.firstDelayMs * 2 ** (count - this.free - 1));
  }

  retryAfter(keys: string[], now = Date.now()): number {
    let wait = 0;
    for (const key of keys) {
      const failed = this.current(key, now);
      if (failed) wait = Math.max(wait, Math.ceil((failed.last + this.delayMs(failed.count) - now) / 1000));
    }
    return Math.max(0, wait);
  }

  fail(keys: string[], now = Date.now()): void {
    for (const key of keys) this.failures.set(key, { count: (this.current(key, now)?.count ?? 0) + 1, last: now });
  }

  succeed(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }

  unlock(key: string): boolean {
    return this.failures.delete(key);
  }

  private current(key: string, now: number) {
    const failed = this.failures.get(key);
    if (failed && failed.last <= now - this.forgetAfterMs) {
      this.failures.delete(key);
      return undefined;
    }
    return failed;
  }
}
