import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Items a reviewer may claim in a minute. Claiming shows an item's value and clip, a name or phone number among them:
 * claiming and releasing in a loop would collect them by the hundred. A fast reviewer deciding an item a second
 * stays well within it.
 */
export const DEFAULT_CLAIMS_PER_MINUTE = 60;

/** One in-memory count per reviewer over a minute (one server process; a restart forgives). */
export class ClaimLimiter {
  private readonly limiter: RateLimiterMemory;

  constructor(readonly perMinute = DEFAULT_CLAIMS_PER_MINUTE) {
    this.limiter = new RateLimiterMemory({ points: perMinute, duration: 60 });
  }

  /** Takes `count` claims from the reviewer's minute, before any is made: 0 when they may go ahead, else the seconds to wait. */
  async take(reviewer: string, count: number): Promise<number> {
    try {
      await this.limiter.consume(reviewer, count);
      return 0;
    } catch (refused) {
      if (!(refused instanceof RateLimiterRes)) throw refused;
      return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
    }
  }

  /** Claims taken but not made (fewer items were left than asked for) go back. */
  async giveBack(reviewer: string, count: number): Promise<void> {
    if (count > 0) await this.limiter.reward(reviewer, count);
  }
}
