import type { PortalLevel } from '../electronic/portalRating.js';
import type { Share } from './indices.js';
import type { OfficeInfo } from './types.js';
import { wilsonInterval } from './wilson.js';
import { RESULTS_HEADINGS } from './headings.js';

/** One office's (or all offices') portal ratings beside its SIPAS index. */
export interface PortalRatioRow {
  officeCode: string | null;
  officeName: string;
  level: string | null;
  /** Rated cases: one rating per case. */
  ratings: number;
  verySatisfied: number;
  satisfied: number;
  dissatisfied: number;
  /** Decision 766/QĐ-TTg: (very satisfied + satisfied) / all ratings, with its Wilson interval. */
  satisfiedShare: Share;
  /** Rated cases the register does not have (counted all the same). */
  notInRegister: number;
  /** The SIPAS overall satisfaction index of the same office and its counted forms, for comparison. */
  sipasIndex: number | null;
  sipasForms: number;
  /** Fewer ratings than the small-sample threshold: flagged "ít mẫu" wherever the office is shown (offices only). */
  smallSample: boolean;
}

/** An office's SIPAS overall satisfaction index and the forms it counts. */
export interface SipasFigures {
  index: number | null;
  forms: number;
}

export interface PortalRatios {
  offices: PortalRatioRow[];
  overall: PortalRatioRow;
}

/**
 * The one-stop portal's satisfaction ratio of Decision 766/QĐ-TTg per office and overall, beside the SIPAS index.
 * `ratings` are already the report's (its offices and period), one per case.
 */
export function portalRatios(
  ratings: readonly { officeCode: string; level: PortalLevel; registered: boolean }[],
  offices: readonly OfficeInfo[],
  sipas: { byOffice: ReadonlyMap<string, SipasFigures>; overall: SipasFigures },
  settings: { intervalZ: number; smallSampleBelow: number },
): PortalRatios {
  const row = (officeCode: string | null, officeName: string, level: string | null, of: typeof ratings, index: number | null, forms: number): PortalRatioRow => {
    const count = (l: PortalLevel) => of.filter((r) => r.level === l).length;
    const satisfiedCount = count('very-satisfied') + count('satisfied');
    const interval = wilsonInterval(satisfiedCount, of.length, settings.intervalZ);
    return {
      officeCode, officeName, level, ratings: of.length,
      verySatisfied: count('very-satisfied'), satisfied: count('satisfied'), dissatisfied: count('dissatisfied'),
      satisfiedShare: { value: of.length ? satisfiedCount / of.length : null, low: interval?.low ?? null, high: interval?.high ?? null },
      notInRegister: of.filter((r) => !r.registered).length,
      sipasIndex: index, sipasForms: forms,
      smallSample: officeCode !== null && of.length < settings.smallSampleBelow,
    };
  };
  const rated = [...new Set(ratings.map((r) => r.officeCode))];
  const rows = offices
    .filter((o) => rated.includes(o.code))
    .map((o) => {
      const figures = sipas.byOffice.get(o.code);
      return row(o.code, o.name, o.level, ratings.filter((r) => r.officeCode === o.code), figures?.index ?? null, figures?.forms ?? 0);
    })
    .sort((a, b) => a.officeName.localeCompare(b.officeName, 'vi'));
  return { offices: rows, overall: row(null, RESULTS_HEADINGS.allOffices, null, ratings, sipas.overall.index, sipas.overall.forms) };
}
