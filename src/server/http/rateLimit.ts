/**
 * At most `limit` events per key within a sliding window, kept in memory (one server process; a restart forgives).
 * Used where a device token, not a person, makes requests: a kiosk left with a stuck key or a script replaying its
 * token cannot flood the responses table, and someone guessing tokens from one address is slowed down.
 */
export class RateLimiter {
  private events = new Map<string, number[]>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one event; returns 0 when it is allowed, else the seconds to wait (and the event is not counted). */
  take(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    if (recent.length >= this.limit) return Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    this.events.set(key, [...recent, now]);
    return 0;
  }

  /** Seconds to wait before an event of this key would be allowed, without counting one. */
  retryAfter(key: string, now = Date.now()): number {
    const recent = this.recent(key, now);
    return recent.length >= this.limit ? Math.max(1, Math.ceil((recent[0] + this.windowMs - now) / 1000)) : 0;
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.events.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.events.set(key, kept);
    else this.events.delete(key);
    return kept;
  }
}
