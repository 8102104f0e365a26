import { minimumSample, type SampleTiers } from '../sampling/tiers.js';
import type { Channel, OfficeInfo } from './types.js';

/** Finished cases of the register, per office and return date (a day's count), as the storage shell sums them. */
export interface CaseCount {
  officeCode: string;
  returnedOn: string | null;
  count: number;
}

/** A sampling round of an office: the period its list was drawn for, its cases and the minimum drawn for them. */
export interface SampleRound {
  officeCode: string;
  from: string | null;
  to: string | null;
  cases: number;
  required: number;
}

/** A counted answer, with what adequacy needs of it. */
export interface CountedAnswer {
  officeCode: string | null;
  channel: Channel;
  answeredOn: string;
}

/**
 * `enough` and `short` compare the answers with a known minimum; `unknown` is an office with answers but neither a
 * round nor a register case in the period, whose minimum phieu cannot know (it is never called adequate).
 */
export type AdequacyStatus = 'enough' | 'short' | 'unknown';

export interface AdequacyRow {
  officeCode: string;
  officeName: string;
  level: string | null;
  /** Finished cases in the period, or in the round(s) the period lies in. */
  cases: number;
  /** The minimum number of valid returned forms for those cases; null when it cannot be known. */
  required: number | null;
  counted: Record<Channel, number>;
  total: number;
  shortfall: number;
  status: AdequacyStatus;
  /** The sampling round(s) the figures are of (earliest start, latest end), when the period lies in one. */
  round: { from: string | null; to: string | null } | null;
  /** Fewer counted answers than the small-sample threshold: its figures are shown "ít mẫu" and not ranked. */
  smallSample: boolean;
}

export interface AdequacyQuery {
  from?: string;
  to?: string;
}

const day = (iso: string) => iso.slice(0, 10);
const overlaps = (round: SampleRound, query: AdequacyQuery) => (!query.to || !round.from || round.from <= query.to) && (!query.from || !round.to || round.to >= query.from);

/**
 * Per office: cases, the required minimum, valid (counted) forms by channel and the shortfall. An office whose
 * period lies in sampling rounds is measured by its rounds: their minimum, against the answers given from the
 * round's start up to the period's end (a month's view of a round shows the round's progress, not the month's few
 * answers against nothing). Other offices take the yearly rule applied to the period's cases and the answers in the
 * period. `counted` holds every counted answer of the offices in view, whatever its date.
 */
export function sampleAdequacy(
  cases: readonly CaseCount[],
  counted: readonly CountedAnswer[],
  offices: ReadonlyMap<string, OfficeInfo>,
  tiers: SampleTiers,
  options: { query?: AdequacyQuery; rounds?: readonly SampleRound[]; smallSampleBelow?: number } = {},
): AdequacyRow[] {
  const query = options.query ?? {};
  const inPeriod = (d: string | null) => d !== null && (!query.from || day(d) >= query.from) && (!query.to || day(d) <= query.to);
  const roundsOf = new Map<string, SampleRound[]>();
  for (const r of options.rounds ?? []) if (overlaps(r, query)) roundsOf.set(r.officeCode, [...(roundsOf.get(r.officeCode) ?? []), r]);
  const rows = new Map<string, AdequacyRow>();
  const row = (code: string) => {
    let r = rows.get(code);
    if (!r) {
      const office = offices.get(code);
      r = { officeCode: code, officeName: office?.name ?? code, level: office?.level ?? null, cases: 0, required: null, counted: { paper: 0, electronic: 0 }, total: 0, shortfall: 0, status: 'unknown', round: null, smallSample: false };
      rows.set(code, r);
    }
    return r;
  };
  for (const [code, rounds] of roundsOf) {
    const r = row(code);
    r.round = { from: minOf(rounds.map((x) => x.from)), to: maxOf(rounds.map((x) => x.to)) };
    r.cases = rounds.reduce((n, x) => n + x.cases, 0);
    r.required = rounds.reduce((n, x) => n + x.required, 0);
  }
  const periodCases = new Map<string, number>();
  for (const c of cases) {
    if (roundsOf.has(c.officeCode) || ((query.from || query.to) && !inPeriod(c.returnedOn))) continue;
    periodCases.set(c.officeCode, (periodCases.get(c.officeCode) ?? 0) + c.count);
  }
  for (const [code, n] of periodCases) row(code).cases = n;
  for (const c of counted) {
    if (!c.officeCode) continue;
    const round = rows.get(c.officeCode)?.round;
    const d = day(c.answeredOn);
    const inView = round ? (!round.from || d >= round.from) && (!query.to || d <= query.to) : !(query.from || query.to) || inPeriod(d);
    if (inView) row(c.officeCode).counted[c.channel]++;
  }
  for (const r of rows.values()) {
    r.total = r.counted.paper + r.counted.electronic;
    // Without a round, the minimum is the yearly rule on the period's cases; with no case there is nothing to apply it to.
    if (!r.round) r.required = r.cases > 0 ? minimumSample(r.cases, tiers) : null;
    r.shortfall = r.required === null ? 0 : Math.max(0, r.required - r.total);
    r.status = r.required === null ? 'unknown' : r.shortfall > 0 ? 'short' : 'enough';
    r.smallSample = r.total < (options.smallSampleBelow ?? 0);
  }
  return [...rows.values()].sort((a, b) => a.officeName.localeCompare(b.officeName, 'vi') || a.officeCode.localeCompare(b.officeCode));
}

function minOf(values: (string | null)[]): string | null {
  return values.some((v) => v === null) ? null : values.reduce((a, b) => (b! < a! ? b : a));
}

function maxOf(values: (string | null)[]): string | null {
  return values.some((v) => v === null) ? null : values.reduce((a, b) => (b! > a! ? b : a));
}
