import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIERS, describeTiers, minimumSample, sampleTiersSchema } from '../../src/sampling/tiers.js';

describe('minimum sample per office', () => {
  it('takes every case below 100, then 100 from 100, 200 from 1,000 and 500 from 5,000', () => {
    expect([99, 100, 999, 1000, 4999, 5000].map((n) => minimumSample(n))).toEqual([99, 100, 100, 200, 200, 500]);
    fc.assert(
      fc.property(fc.nat({ max: 2_000_000 }), (n) => {
        expect(minimumSample(n)).toBe(n < 100 ? n : n < 1000 ? 100 : n < 5000 ? 200 : 500);
      }),
    );
  });

  it('never falls as the number of cases grows under the default tiers', () => {
    fc.assert(
      fc.property(fc.nat({ max: 100_000 }), fc.nat({ max: 100_000 }), (a, b) => {
        expect(minimumSample(Math.max(a, b))).toBeGreaterThanOrEqual(minimumSample(Math.min(a, b)));
      }),
    );
  });

  it('follows any tiers setting: a count just below a bound is in the band below it, the bound itself in the next', () => {
    const tiersArbitrary = fc
      .uniqueArray(fc.integer({ min: 2, max: 50_000 }), { minLength: 1, maxLength: 5 })
      .chain((bounds) => fc.tuple(fc.constant(bounds.sort((a, b) => a - b)), fc.array(fc.oneof(fc.constant('all' as const), fc.integer({ min: 1, max: 2000 })), { minLength: bounds.length + 1, maxLength: bounds.length + 1 })))
      .map(([bounds, samples]) => sampleTiersSchema.parse(samples.map((sample, i) => ({ below: bounds[i] ?? null, sample }))));
    fc.assert(
      fc.property(tiersArbitrary, (tiers) => {
        tiers.forEach((tier, i) => {
          const expected = (n: number, t: typeof tier) => (t.sample === 'all' ? n : t.sample);
          if (tier.below !== null) expect(minimumSample(tier.below - 1, tiers)).toBe(expected(tier.below - 1, tier));
          if (i > 0) expect(minimumSample(tiers[i - 1].below!, tiers)).toBe(expected(tiers[i - 1].below!, tier));
        });
      }),
    );
  });

  it('refuses a tiers setting whose bounds do not rise or whose last tier is bounded', () => {
    expect(sampleTiersSchema.safeParse([{ below: 100, sample: 'all' }, { below: 100, sample: 50 }, { below: null, sample: 500 }]).success).toBe(false);
    expect(sampleTiersSchema.safeParse([{ below: 100, sample: 'all' }, { below: 1000, sample: 100 }]).success).toBe(false);
    expect(sampleTiersSchema.safeParse([{ below: null, sample: 0 }]).success).toBe(false);
    expect(sampleTiersSchema.safeParse(DEFAULT_TIERS).success).toBe(true);
  });

  it('reads out the tiers the way a planner says them', () => {
    expect(describeTiers(DEFAULT_TIERS)).toBe('dưới 100 hồ sơ: toàn bộ; 100–999 hồ sơ: 100; 1.000–4.999 hồ sơ: 200; từ 5.000 hồ sơ: 500');
  });
});
