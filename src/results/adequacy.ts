import { minimumSample, type SampleTiers } from '../sampling/tiers.js';
import type { Channel, OfficeInfo } from './types.js';

/** Finished cases of the register, per office and return date (a day's count), as the storage shell sums them. */
export interface CaseCount {
  officeCode: string;
  returnedOn: string | null;
  count: number;
}

export interface AdequacyRow {
  officeCode: string;
  officeName: string;
  level: string | null;
  /** Finished cases in the period. */
  cases: number;
  /** The minimum number of valid returned forms for that many cases. */
  required: number;
  counted: Record<Channel, number>;
  total: number;
  shortfall: number;
}

/**
 * Per office: cases in the period, the required minimum, valid (counted) forms by channel and the shortfall. Offices
 * with cases or counted forms are listed; the minimum is the yearly rule applied to the period's cases.
 */
export function sampleAdequacy(
  cases: readonly CaseCount[],
  counted: readonly { officeCode: string | null; channel: Channel }[],
  offices: ReadonlyMap<string, OfficeInfo>,
  tiers: SampleTiers,
): AdequacyRow[] {
  const rows = new Map<string, AdequacyRow>();
  const row = (code: string) => {
    let r = rows.get(code);
    if (!r) {
      const office = offices.get(code);
      r = { officeCode: code, officeName: office?.name ?? code, level: office?.level ?? null, cases: 0, required: 0, counted: { paper: 0, electronic: 0 }, total: 0, shortfall: 0 };
      rows.set(code, r);
    }
    return r;
  };
  for (const c of cases) row(c.officeCode).cases += c.count;
  for (const c of counted) if (c.officeCode) row(c.officeCode).counted[c.channel]++;
  for (const r of rows.values()) {
    r.required = minimumSample(r.cases, tiers);
    r.total = r.counted.paper + r.counted.electronic;
    r.shortfall = Math.max(0, r.required - r.total);
  }
  return [...rows.values()].sort((a, b) => a.officeName.localeCompare(b.officeName, 'vi') || a.officeCode.localeCompare(b.officeCode));
}
