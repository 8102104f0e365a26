import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * What is being guessed and from where: a password of one account from one address, passwords of any account from
 * one address, or device tokens (scanning stations, kiosks) from one address.
 */
export type ThrottleKind = 'account' | 'address' | 'token';
export interface ThrottleKey {
  kind: ThrottleKind;
  address: string;
  /** The account guessed at (kind 'account' only). */
  account?: string;
}

export interface ThrottlePolicy {
  /** Guesses checked at full speed before delays begin. */
  free: number;
  /** Wait after the last free guess; each further wrong guess doubles it, up to maxDelaySeconds. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Wrong guesses are forgotten this long after the first one. */
  forgetAfterSeconds: number;
}

/**
 * Per account and address the owner mistyping a few times waits half a minute, a guesser soon a quarter of an hour;
 * the owner at another address is not slowed at all. Per address, an office's shared connection gets many more free
 * guesses and shorter waits, since every user behind it shares them.
 */
export const DEFAULT_THROTTLES: Record<ThrottleKind, ThrottlePolicy> = {
  account: { free: 5, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
  address: { free: 30, firstDelaySeconds: 5, maxDelaySeconds: 5 * 60, forgetAfterSeconds: 60 * 60 },
  token: { free: 20, firstDelaySeconds: 30, maxDelaySeconds: 15 * 60, forgetAfterSeconds: 60 * 60 },
};

/** One throttle as an administrator sees it. */
export interface Throttle extends ThrottleKey {
  id: string;
  /** Wrong guesses counted since the first one that is not yet forgotten. */
  guesses: number;
  /** Seconds before the next guess is checked; 0 when one would be now. */
  waitSeconds: number;
}

const idOf = (key: ThrottleKey) => JSON.stringify([key.kind, key.address, key.account?.toLowerCase() ?? null]);
const KINDS: readonly ThrottleKind[] = ['account', 'address', 'token'];
/** The key an id names, or undefined for an id this throttle never made. */
const keyOf = (id: string): ThrottleKey | undefined => {
  try {
    const [kind, address, account] = JSON.parse(id) as unknown[];
    if (!KINDS.includes(kind as ThrottleKind) || typeof address !== 'string') return undefined;
    return typeof account === 'string' ? { kind: kind as ThrottleKind, address, account } : { kind: kind as ThrottleKind, address };
  } catch {
    return undefined;
  }
};

/**
 * Growing delays for guesses at a secret, on rate-limiter-flexible's in-memory counters (one server process; a restart
 * forgives). A guess is counted before it is checked, atomically, so concurrent guesses cannot slip past the count:
 * the `free`-th guess opens a wait, and until it ends every further guess is refused unchecked.
 */
export class GuessThrottle {
  private readonly counts: Record<ThrottleKind, RateLimiterMemory>;
  // One point per key: taken by the guess that may go ahead, given back only when the wait it set is over.
  private readonly gates = new RateLimiterMemory({ points: 1, duration: 1 });

  constructor(private readonly policies: Record<ThrottleKind, ThrottlePolicy> = DEFAULT_THROTTLES) {
    const counter = (policy: ThrottlePolicy) => new RateLimiterMemory({ points: Number.MAX_SAFE_INTEGER, duration: policy.forgetAfterSeconds });
    this.counts = Object.fromEntries(KINDS.map((kind) => [kind, counter(policies[kind])])) as Record<ThrottleKind, RateLimiterMemory>;
  }

  /**
   * Counts one guess against every key. Returns 0 when it may be checked now (it stays counted as wrong until
   * `right` says otherwise), else the seconds to wait; a refused guess is not counted.
   */
  async attempt(keys: ThrottleKey[]): Promise<number> {
    const taken: { key: ThrottleKey; gated: boolean }[] = [];
    for (const key of keys) {
      const id = idOf(key);
      const policy = this.policies[key.kind];
      const { consumedPoints: guess } = await this.counts[key.kind].consume(id);
      if (guess < policy.free) {
        taken.push({ key, gated: false });
        continue;
      }
      const delay = Math.min(policy.firstDelaySeconds * 2 ** (guess - policy.free), policy.maxDelaySeconds);
      try {
        await this.gates.consume(id, 1, { customDuration: delay });
        taken.push({ key, gated: true });
      } catch (refused) {
        if (!(refused instanceof RateLimiterRes)) throw refused;
        await this.counts[key.kind].reward(id);
        for (const earlier of taken) {
          await this.counts[earlier.key.kind].reward(idOf(earlier.key));
          if (earlier.gated) await this.gates.delete(idOf(earlier.key));
        }
        return Math.max(1, Math.ceil(refused.msBeforeNext / 1000));
      }
    }
    return 0;
  }

  /** The guess was right: the account at that address starts afresh, and the guess is not held against the address. */
  async right(keys: ThrottleKey[]): Promise<void> {
    for (const key of keys) {
      if (key.kind === 'account') await this.lift(idOf(key));
      // Unless the count was forgotten meanwhile (a reward on no record would start one below zero).
      else if (((await this.counts[key.kind].get(idOf(key)))?.consumedPoints ?? 0) > 0) await this.counts[key.kind].reward(idOf(key));
    }
  }

  /** Keys that have used up their free guesses, most guesses first. */
  async list(): Promise<Throttle[]> {
    const listed: Throttle[] = [];
    for (const kind of KINDS) {
      for (const { key: id, value } of this.counts[kind].dump().storage) {
        if (value < this.policies[kind].free) continue;
        const gate = await this.gates.get(String(id));
        listed.push({ id: String(id), ...keyOf(String(id))!, guesses: value, waitSeconds: gate ? Math.max(0, Math.ceil(gate.msBeforeNext / 1000)) : 0 });
      }
    }
    return listed.sort((a, b) => b.guesses - a.guesses);
  }

  /** Forgets the guesses of one key (an administrator's decision, or the owner getting in). */
  async lift(id: string): Promise<boolean> {
    const key = keyOf(id);
    if (!key) return false;
    const counted = await this.counts[key.kind].delete(id);
    const gated = await this.gates.delete(id);
    return counted || gated;
  }
}
