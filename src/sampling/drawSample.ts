import { personKey } from './personIdentity.js';
import { shuffled, seededRandom } from './random.js';
import { minimumSample, tierFor, type SampleTiers } from './tiers.js';

export interface SamplingCase {
  caseCode: string;
  officeCode: string;
  phone?: string | null;
  name?: string | null;
  address?: string | null;
}

export interface DrawParameters {
  seed: string;
  /** Reserve list size as a share of the official list (rounded up). */
  reserveShare: number;
  tiers: SampleTiers;
}

export interface OfficeDraw {
  officeCode: string;
  /** Finished cases of the office in the period. */
  cases: number;
  /** Distinct people among them: one person is drawn at most once. */
  people: number;
  required: number;
  official: string[];
  reserve: string[];
  /**
   * Fewer distinct people than a fixed minimum: everyone is drawn and the office is reported short. An office in an
   * "all cases" tier is never short: all its people are drawn, however many cases each had.
   */
  short: boolean;
}

/**
 * Draws every office's official and reserve lists. Each office has its own stream seeded by the draw's seed and the
 * office code, so one office's draw does not depend on which other offices are in the register. The cases are
 * shuffled, each person keeps their first case in that order, and the lists are cut from the front: disjoint, with no
 * person twice.
 */
export function drawSamples(cases: readonly SamplingCase[], params: DrawParameters): OfficeDraw[] {
  const byOffice = new Map<string, SamplingCase[]>();
  for (const c of cases) {
    const list = byOffice.get(c.officeCode);
    if (list) list.push(c);
    else byOffice.set(c.officeCode, [c]);
  }
  return [...byOffice.keys()].sort().map((officeCode) => {
    const officeCases = byOffice.get(officeCode)!.slice().sort((a, b) => (a.caseCode < b.caseCode ? -1 : a.caseCode > b.caseCode ? 1 : 0));
    const order = shuffled(officeCases, seededRandom(`${params.seed}|${officeCode}`));
    const seen = new Set<string>();
    const people = order.filter((c) => {
      const key = personKey(c);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const required = minimumSample(officeCases.length, params.tiers);
    const everyone = tierFor(officeCases.length, params.tiers).sample === 'all';
    const officialCount = Math.min(required, people.length);
    const reserveCount = Math.min(people.length - officialCount, Math.ceil(officialCount * params.reserveShare));
    return {
      officeCode,
      cases: officeCases.length,
      people: people.length,
      required,
      official: people.slice(0, officialCount).map((c) => c.caseCode),
      reserve: people.slice(officialCount, officialCount + reserveCount).map((c) => c.caseCode),
      short: !everyone && people.length < required,
    };
  });
}
