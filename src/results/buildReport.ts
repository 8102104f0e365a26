import { PhieuError } from '../errors/errorTable.js';
import type { SurveyDefinition } from '../survey/schema.js';
import { DEFAULT_TIERS, type SampleTiers } from '../sampling/tiers.js';
import { sampleAdequacy, type AdequacyRow, type CaseCount, type CountedAnswer, type SampleRound } from './adequacy.js';
import { ChoicesAccumulator, multipleQuestions, type ChoicesGroup } from './choices.js';
import { applyCountingRules } from './countingRules.js';
import { IndexAccumulator, type IndexSet } from './indices.js';
import { choiceQuestions } from './questions.js';
import { procedureKey, procedureLookup, type ProcedureField } from './procedureFields.js';
import { EXCLUSION_REASONS, PENDING_REASONS, type ExclusionReason, type ResponseOutcome } from './reasons.js';
import type { PortalRatios } from './portalRatios.js';
import { DEFAULT_RESULT_SETTINGS, type ResultSettings } from './settings.js';
import type { Channel, OfficeInfo, ResponseRecord, StaffList } from './types.js';
import { wilsonInterval } from './wilson.js';

/** Everything the figures are made from: plain values, loaded by the storage shell (or made by a test). */
export interface ResultsInput {
  survey: SurveyDefinition;
  /** Every returned form of the survey, all periods and offices: the rules look across them. */
  responses: readonly ResponseRecord[];
  staff: StaffList;
  offices: readonly OfficeInfo[];
  cases: readonly CaseCount[];
  /** The office's procedure list: the field of a procedure the register or export names without one. */
  procedures?: readonly ProcedureField[];
  /** The sampling rounds in use (each office's latest list per period): adequacy measures a period by its rounds. */
  rounds?: readonly SampleRound[];
  /** The office levels as defined, in the order reports list them; a level no office has still may be asked for. */
  levels?: readonly string[];
  /** Names of electronic sources (`hue-s` → "Ứng dụng Hue-S"). */
  sourceNames?: Readonly<Record<string, string>>;
}

/** What a report shows. Period bounds are ISO dates, inclusive, on the day the form was answered. */
export interface ReportQuery {
  officeCode?: string;
  /** Offices of one level only (`xã`, `sở/ngành`, … as the office tree defines them). */
  level?: string;
  /** Forms of one channel only. The counting rules still look across every channel before the report picks. */
  channel?: Channel;
  from?: string;
  to?: string;
  settings?: ResultSettings;
  tiers?: SampleTiers;
}

export const CHANNEL_NAMES: Record<Channel, string> = { paper: 'Phiếu giấy', electronic: 'Khảo sát điện tử' };
const UNKNOWN_OFFICE = '(không rõ cơ quan)';
const UNKNOWN_LEVEL = '(chưa xếp cấp)';
const UNKNOWN_PROCEDURE = '(không rõ thủ tục)';
const UNKNOWN_FIELD = '(không rõ lĩnh vực)';

export const BREAKDOWNS = ['office', 'level', 'procedure', 'field', 'channel', 'source', 'month', 'year'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];
export const BREAKDOWN_NAMES: Record<Breakdown, string> = {
  office: 'Theo cơ quan',
  level: 'Theo cấp cơ quan',
  procedure: 'Theo thủ tục hành chính',
  field: 'Theo lĩnh vực',
  channel: 'Theo kênh',
  source: 'Theo nguồn',
  month: 'Theo tháng',
  year: 'Theo năm',
};

export interface GroupResult {
  key: string;
  label: string;
  indices: IndexSet;
  /**
   * Wilson interval of the overall satisfied share, taking the group's counted forms as its n. The index is a mean of
   * shares, not one count; but a value bounded by 0 and 1 with mean p varies at most p(1−p), so the interval of n
   * yes-or-no answers is never narrower than the index's own: it errs on the side of caution.
   */
  interval: { low: number; high: number } | null;
  /** Fewer counted forms than the small-sample threshold: shown "ít mẫu", never ranked. */
  smallSample: boolean;
  /** The office's place in the ranking (offices only); null for an office with a small sample. */
  rank: number | null;
}

export interface ExclusionRow {
  key: string;
  channel: Channel;
  source: string;
  sourceName: string;
  officeCode: string | null;
  officeName: string;
  caseCode: string | null;
  answeredOn: string;
  reason: ExclusionReason;
  reasonLabel: string;
  keptKeys: string[];
}

export interface ResultsReport {
  survey: { id: string; name: string; title: string };
  query: { officeCode: string | null; officeName: string | null; level: string | null; channel: Channel | null; from: string | null; to: string | null };
  settings: ResultSettings;
  totals: {
    /** Returned forms in the report's office and period: counted + excluded (pending included). */
    returned: number;
    counted: number;
    excluded: number;
    pending: number;
    byReason: { reason: ExclusionReason; label: string; count: number }[];
    byChannel: { channel: Channel; label: string; returned: number; counted: number }[];
  };
  indices: IndexSet;
  breakdowns: Record<Breakdown, GroupResult[]>;
  /** `short`: offices below a known minimum; `unknown`: offices with answers whose minimum cannot be known. */
  adequacy: { offices: AdequacyRow[]; short: AdequacyRow[]; unknown: AdequacyRow[] };
  /** Multiple-answer questions (the wishes, mong đợi): each option's choosers, overall and by office. */
  choices: { overall: ChoicesGroup; offices: ChoicesGroup[] };
  exclusions: ExclusionRow[];
  /** One-stop portal ratings (Decision 766 ratio) beside the SIPAS index, when the report is read from a database. */
  portal?: PortalRatios;
}

/** The counting rules over every response of the input (the report then picks its office and period). */
export function mergeResults(input: ResultsInput, settings: ResultSettings = DEFAULT_RESULT_SETTINGS): Map<string, ResponseOutcome> {
  return applyCountingRules(input.responses, input.staff, settings);
}

/** The name people know a source by ("Ứng dụng Hue-S"), for its code (`hue-s`). */
export function sourceNameOf(input: Pick<ResultsInput, 'sourceNames'>, source: string): string {
  return source === 'paper' ? CHANNEL_NAMES.paper : (input.sourceNames?.[source] ?? source);
}

/** The levels a report knows: the defined ones in their order, then any other an office still carries. */
export function reportLevels(input: Pick<ResultsInput, 'offices' | 'levels'>): string[] {
  const defined = input.levels ?? [];
  return [...defined, ...[...new Set(input.offices.flatMap((o) => (o.level && !defined.includes(o.level) ? [o.level] : [])))].sort()];
}

/** Refuses a query for an office or level there is none of: its report would be empty, and read as one with no answers. */
export function checkReportQuery(query: ReportQuery, input: Pick<ResultsInput, 'offices' | 'levels'>): void {
  const { offices } = input;
  if (query.officeCode !== undefined && !offices.some((o) => o.code === query.officeCode)) {
    throw new PhieuError('unknownOffice', { office: query.officeCode, known: offices.map((o) => o.code).sort() });
  }
  const levels = reportLevels(input);
  if (query.level !== undefined && !levels.includes(query.level)) throw new PhieuError('unknownLevel', { level: query.level, known: levels });
}

/** Whether an office is in the report: the query's office, or any office of the query's level. */
function inOffices(officeCode: string | null, query: ReportQuery, offices: ReadonlyMap<string, OfficeInfo>): boolean {
  return (!query.officeCode || officeCode === query.officeCode) && (!query.level || (officeCode !== null && offices.get(officeCode)?.level === query.level));
}

function inPeriod(answeredOn: string, query: ReportQuery): boolean {
  const day = answeredOn.slice(0, 10);
  return (!query.from || day >= query.from) && (!query.to || day <= query.to);
}

/** Whether a response is in the report's office (or level), channel and period. */
export function inQuery(r: { officeCode: string | null; answeredOn: string; channel: Channel }, query: ReportQuery, offices: ReadonlyMap<string, OfficeInfo>): boolean {
  return inOffices(r.officeCode, query, offices) && inPeriod(r.answeredOn, query) && (!query.channel || r.channel === query.channel);
}

/**
 * The figures a report shows, for the web pages, the workbook, the CSV and the PDF alike: counts and exclusions with
 * reasons, indices overall and by office, level, channel, source, month and year, and sample adequacy.
 */
export function buildReport(input: ResultsInput, query: ReportQuery = {}, outcomes?: ReadonlyMap<string, ResponseOutcome>): ResultsReport {
  const settings = query.settings ?? DEFAULT_RESULT_SETTINGS;
  const decided = outcomes ?? mergeResults(input, settings);
  const offices = new Map(input.offices.map((o) => [o.code, o]));
  const accumulator = new IndexAccumulator(choiceQuestions(input.survey));
  const choices = new ChoicesAccumulator(multipleQuestions(input.survey));
  const labels = new Map<string, string>();
  const sourceName = (s: string) => sourceNameOf(input, s);
  const procedures = procedureLookup(input.procedures ?? []);

  const byReason = new Map<ExclusionReason, number>();
  const byChannel = { paper: { returned: 0, counted: 0 }, electronic: { returned: 0, counted: 0 } };
  const exclusions: ExclusionRow[] = [];
  // Adequacy looks at the counted answers of the offices in view whatever their date: a round can start before the period.
  const counted: CountedAnswer[] = [];
  for (const r of input.responses) {
    const outcome = decided.get(r.key);
    if (!outcome) throw new Error(`no outcome for response ${r.key}`);
    if (outcome.counted && inOffices(r.officeCode, query, offices) && (!query.channel || r.channel === query.channel)) counted.push({ officeCode: r.officeCode, channel: r.channel, answeredOn: r.answeredOn });
    if (!inQuery(r, query, offices)) continue;
    byChannel[r.channel].returned++;
    const office = r.officeCode ? offices.get(r.officeCode) : undefined;
    const officeName = office?.name ?? r.officeCode ?? UNKNOWN_OFFICE;
    if (!outcome.counted) {
      byReason.set(outcome.reason, (byReason.get(outcome.reason) ?? 0) + 1);
      exclusions.push({
        key: r.key,
        channel: r.channel,
        source: r.source,
        sourceName: sourceName(r.source),
        officeCode: r.officeCode,
        officeName,
        caseCode: r.caseCode,
        answeredOn: r.answeredOn,
        reason: outcome.reason,
        reasonLabel: EXCLUSION_REASONS[outcome.reason],
        keptKeys: outcome.keptKeys ?? [],
      });
      continue;
    }
    byChannel[r.channel].counted++;
    const month = r.answeredOn.slice(0, 7);
    const procedure = r.procedure || null;
    const field = procedures.fieldOf(procedure, r.field);
    const groups: [Breakdown, string, string][] = [
      ['office', r.officeCode ?? '', officeName],
      ['level', office?.level ?? '', office?.level ?? UNKNOWN_LEVEL],
      ['procedure', procedure ? procedureKey(procedure) : '', procedure ? procedures.nameOf(procedure) : UNKNOWN_PROCEDURE],
      ['field', field ? procedureKey(field) : '', field ?? UNKNOWN_FIELD],
      ['channel', r.channel, CHANNEL_NAMES[r.channel]],
      ['source', r.source, sourceName(r.source)],
      ['month', month, `Tháng ${month.slice(5, 7)}/${month.slice(0, 4)}`],
      ['year', month.slice(0, 4), `Năm ${month.slice(0, 4)}`],
    ];
    const keys = ['all'];
    for (const [breakdown, value, label] of groups) {
      const key = `${breakdown}:${value}`;
      keys.push(key);
      // A procedure or field spelt several ways is named as it was first seen.
      if (!labels.has(key)) labels.set(key, label);
    }
    accumulator.add(keys, r.answers);
    choices.add([{ key: '', label: 'Toàn bộ' }, { key: `office:${r.officeCode ?? ''}`, label: officeName }], r.answers);
  }
  exclusions.sort((a, b) => (a.answeredOn < b.answeredOn ? -1 : a.answeredOn > b.answeredOn ? 1 : a.key.localeCompare(b.key)));

  const breakdowns = Object.fromEntries(BREAKDOWNS.map((b) => [b, [] as GroupResult[]])) as Record<Breakdown, GroupResult[]>;
  for (const key of accumulator.keys()) {
    if (key === 'all') continue;
    const [breakdown, value] = [key.slice(0, key.indexOf(':')) as Breakdown, key.slice(key.indexOf(':') + 1)];
    const indices = accumulator.indices(key, settings);
    const { satisfiedShare } = indices.overall;
    const interval = satisfiedShare === null ? null : wilsonInterval(satisfiedShare * indices.forms, indices.forms, settings.intervalZ);
    breakdowns[breakdown].push({ key: value, label: labels.get(key)!, indices, interval, smallSample: indices.forms < settings.smallSampleBelow, rank: null });
  }
  // Offices with enough answers are ranked by their overall satisfied share; those with a small sample follow, unranked,
  // by name. Levels read in the order they are defined; periods and the rest in their natural order.
  const byName = (a: GroupResult, b: GroupResult) => a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key);
  breakdowns.office.sort((a, b) => Number(a.smallSample) - Number(b.smallSample) || (a.smallSample ? 0 : (b.indices.overall.satisfiedShare ?? -1) - (a.indices.overall.satisfiedShare ?? -1)) || byName(a, b));
  breakdowns.office.forEach((g, i) => (g.rank = g.smallSample ? null : i + 1));
  const levelOrder = reportLevels(input);
  const levelPlace = (key: string) => (key === '' ? levelOrder.length : levelOrder.indexOf(key));
  breakdowns.level.sort((a, b) => levelPlace(a.key) - levelPlace(b.key));
  for (const b of ['channel', 'source', 'month', 'year'] as const) breakdowns[b].sort((a, b2) => a.key.localeCompare(b2.key));
  // Procedures and fields read by name; cases whose procedure or field is not known come last.
  for (const b of ['procedure', 'field'] as const) breakdowns[b].sort((a, b2) => Number(a.key === '') - Number(b2.key === '') || byName(a, b2));

  const caseCounts = input.cases.filter((c) => inOffices(c.officeCode, query, offices));
  const rounds = (input.rounds ?? []).filter((r) => inOffices(r.officeCode, query, offices));
  const adequacy = sampleAdequacy(caseCounts, counted, offices, query.tiers ?? DEFAULT_TIERS, { query, rounds, smallSampleBelow: settings.smallSampleBelow });
  const excluded = exclusions.length;
  const returned = byChannel.paper.returned + byChannel.electronic.returned;
  return {
    survey: { id: input.survey.id, name: input.survey.name, title: input.survey.title },
    query: {
      officeCode: query.officeCode ?? null,
      officeName: query.officeCode ? (offices.get(query.officeCode)?.name ?? query.officeCode) : null,
      level: query.level ?? null,
      channel: query.channel ?? null,
      from: query.from ?? null,
      to: query.to ?? null,
    },
    settings,
    totals: {
      returned,
      counted: returned - excluded,
      excluded,
      pending: PENDING_REASONS.reduce((n, reason) => n + (byReason.get(reason) ?? 0), 0),
      byReason: (Object.keys(EXCLUSION_REASONS) as ExclusionReason[]).filter((r) => byReason.has(r)).map((reason) => ({ reason, label: EXCLUSION_REASONS[reason], count: byReason.get(reason)! })),
      byChannel: (['paper', 'electronic'] as const).map((channel) => ({ channel, label: CHANNEL_NAMES[channel], ...byChannel[channel] })),
    },
    indices: accumulator.indices('all', settings),
    breakdowns,
    adequacy: { offices: adequacy, short: adequacy.filter((a) => a.status === 'short'), unknown: adequacy.filter((a) => a.status === 'unknown') },
    choices: {
      overall: choices.group(''),
      offices: choices
        .keys()
        .filter((k) => k.startsWith('office:'))
        .map((k) => ({ ...choices.group(k), key: k.slice('office:'.length) }))
        .sort((a, b) => a.label.localeCompare(b.label, 'vi') || a.key.localeCompare(b.key)),
    },
    exclusions,
  };
}
