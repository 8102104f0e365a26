import { z } from 'zod';

/**
 * Minimum sample per office from its number of finished cases in the period (SIPAS rules): below the first bound
 * every case, then a fixed minimum per band. A setting, so a province can follow a changed rule without a release.
 */
export const sampleTiersSchema = z
  .array(z.strictObject({ below: z.number().int().positive().nullable(), sample: z.union([z.literal('all'), z.number().int().positive()]) }))
  .min(1)
  .refine((tiers) => tiers.at(-1)!.below === null, 'bậc cuối cùng không có giới hạn trên (below: null)')
  .refine((tiers) => tiers.slice(0, -1).every((t, i) => t.below !== null && (i === 0 || t.below > tiers[i - 1].below!)), 'các giới hạn "below" phải tăng dần');
export type SampleTiers = z.infer<typeof sampleTiersSchema>;

export const DEFAULT_TIERS: SampleTiers = [
  { below: 100, sample: 'all' },
  { below: 1000, sample: 100 },
  { below: 5000, sample: 200 },
  { below: null, sample: 500 },
];

export function tierFor(cases: number, tiers: SampleTiers = DEFAULT_TIERS): SampleTiers[number] {
  return tiers.find((t) => t.below === null || cases < t.below)!;
}

export function minimumSample(cases: number, tiers: SampleTiers = DEFAULT_TIERS): number {
  const tier = tierFor(cases, tiers);
  return tier.sample === 'all' ? cases : tier.sample;
}

/** The tiers as a planner reads them: "dưới 100 hồ sơ: toàn bộ; 100–999: 100; …". */
export function describeTiers(tiers: SampleTiers): string {
  const count = new Intl.NumberFormat('vi-VN');
  return tiers
    .map((t, i) => {
      const from = i === 0 ? 0 : tiers[i - 1].below!;
      const band = t.below === null ? `từ ${count.format(from)}` : from === 0 ? `dưới ${count.format(t.below)}` : `${count.format(from)}–${count.format(t.below - 1)}`;
      return `${band} hồ sơ: ${t.sample === 'all' ? 'toàn bộ' : count.format(t.sample)}`;
    })
    .join('; ');
}
