import { z } from 'zod';

/**
 * Minimum sample per office from its number of finished cases in the period (SIPAS rules): below the first bound
 * every case, then a fixed minimum per band. A setting, so a province can follow a changed rule without a release.
 */
export const sampleTiersSchema = z
  .array(z.object({ below: z.number().int().positive().nullable(), sample: z.union([z.literal('all'), z.number().int().positive()]) }))
  .min(1)
  .refine((tiers) => tiers.at(-1)!.below === null, 'the last tier must have no upper bound (below: null)');
export type SampleTiers = z.infer<typeof sampleTiersSchema>;

export const DEFAULT_TIERS: SampleTiers = [
  { below: 100, sample: 'all' },
  { below: 1000, sample: 100 },
  { below: 5000, sample: 200 },
  { below: null, sample: 500 },
];

export function minimumSample(cases: number, tiers: SampleTiers = DEFAULT_TIERS): number {
  const tier = tiers.find((t) => t.below === null || cases < t.below)!;
  return tier.sample === 'all' ? cases : tier.sample;
}
