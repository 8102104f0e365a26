/**
 * Failed log-ins per account and per address within a window. Past the limit, further attempts are refused without
 * checking the password, so guessing is slow and a locked-out account cannot be used to burn the server's CPU.
 */
export class LoginLimiter {
  private failures = new Map<string, number[]>();

  constructor(
    private readonly perAccount = 5,
    private readonly perAddress = 20,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  /** Seconds to wait before another attempt, or 0 when one is allowed now. */
  retryAfter(username: string, address: string, now = Date.now()): number {
    const wait = (key: string, limit: number) => {
      const recent = this.recent(key, now);
      return recent.length >= limit ? Math.ceil((recent[0] + this.windowMs - now) / 1000) : 0;
    };
    return Math.max(wait(`u:${username.toLowerCase()}`, this.perAccount), wait(`a:${address}`, this.perAddress));
  }

  failed(username: string, address: string, now = Date.now()): void {
    for (const key of [`u:${username.toLowerCase()}`, `a:${address}`]) this.failures.set(key, [...this.recent(key, now), now]);
  }

  succeeded(username: string): void {
    this.failures.delete(`u:${username.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    const kept = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }
}
