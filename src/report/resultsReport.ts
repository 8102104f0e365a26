import { vietnamTime } from '../electronic/time.js';
import { buildReport, checkReportQuery, inQuery, mergeResults, type ReportQuery, type ResultsInput, type ResultsReport } from '../results/buildReport.js';
import { portalRatios, type PortalRatios } from '../results/portalRatios.js';
import type { ResponseOutcome } from '../results/reasons.js';
import { parseResultSettings, type ResultSettings } from '../results/settings.js';
import type { ResponseRecord } from '../results/types.js';
import { questionsOf, type SurveyDefinition } from '../survey/schema.js';
import { effectiveForms } from '../store/answers.js';
import type { Db } from '../store/db.js';
import { casesByOfficeAndDay, electronicResponseRows, electronicSources, paperFormRows, registeredCase, resultOffices, sampleRounds, staffList } from '../store/results.js';
import { officeLevels } from '../store/offices.js';
import { portalRatingRows } from '../store/portalRatings.js';
import { procedureList } from '../store/procedures.js';
import { readSetting, writeSetting, type Setting } from '../store/settings.js';

const RESULT_SETTINGS: Setting<ResultSettings> = { key: 'results.settings', parse: parseResultSettings, unset: {} };

/** The counting rules and formula in force (defaults where never set). */
export function resultSettings(db: Db): ResultSettings {
  return readSetting(db, RESULT_SETTINGS);
}

export function saveResultSettings(db: Db, settings: unknown, actor: string): ResultSettings {
  return writeSetting(db, RESULT_SETTINGS, settings, actor);
}

/** Phones count as one identifier whichever way they were written. */
const phonesOf = (...phones: (string | null | undefined)[]) => [...new Set(phones.filter((p): p is string => !!p))];

/**
 * Paper forms of a survey with at least one page read, as response records: effective answers (corrections over
 * reads), pending while a counting-critical review item is open or a page is missing (text waiting to be typed does
 * not hold a form back); the office, phone and date from the form, else its case in the register.
 */
export function paperResponses(db: Db, survey: SurveyDefinition): ResponseRecord[] {
  const forms = paperFormRows(db, survey.id);
  const caseOf = registeredCase(db);
  const byForm = new Map<number, { answers: Record<string, ResponseRecord['answers'][string]>; needsReview: boolean; phoneReadings?: string[]; caseReadings?: string[] }>();
  // The page count each form's QR printed comes with its answers: each page's stored read is parsed once.
  const { answers: effective, pageCounts } = effectiveForms(db, { surveyId: survey.id });
  for (const a of effective) {
    let form = byForm.get(a.serial);
    if (!form) byForm.set(a.serial, (form = { answers: {}, needsReview: false }));
    form.answers[a.questionId] = a.value;
    if (a.state === 'needsReview' && a.queue === 'counting') form.needsReview = true;
    if (a.state === 'needsReview' && a.phoneReadings) form.phoneReadings = a.phoneReadings;
    if (a.state === 'needsReview' && a.caseReadings) form.caseReadings = a.caseReadings;
  }
  const questions = questionsOf(survey);
  const phoneQuestion = questions.find((q) => q.kind === 'digits' && q.format === 'phone');
  const caseQuestion = questions.find((q) => q.kind === 'digits' && q.format === 'caseCode');
  const dateQuestion = questions.find((q) => q.kind === 'date');
  return forms.map((f) => {
    const { answers, needsReview, phoneReadings, caseReadings } = byForm.get(f.serial) ?? { answers: {}, needsReview: false };
    const written = (q: typeof phoneQuestion) => (q && typeof answers[q.id] === 'string' && answers[q.id] !== '' ? (answers[q.id] as string) : null);
    // A case code waiting to be typed is none of its readings yet: they are weighed instead (see countingRules), and
    // the form counts for the office it was printed for, with no procedure, person or return date of a case.
    const caseCode = f.caseCode ?? (caseReadings ? null : written(caseQuestion));
    const registered = caseCode ? caseOf(caseCode) : undefined;
    // A phone waiting to be typed is none of its readings yet: they are weighed instead (see countingRules).
    const ownPhone = phoneReadings ? null : written(phoneQuestion);
    return {
      key: `paper:${f.serial}`,
      channel: 'paper',
      source: 'paper',
      surveyId: survey.id,
      officeCode: f.officeCode ?? registered?.officeCode ?? null,
      caseCode: registered?.caseCode ?? caseCode,
      phones: phonesOf(registered?.phone, ownPhone),
      idNumber: null,
      name: registered?.name ?? null,
      address: registered?.address ?? null,
      ownPhone,
      ...(phoneReadings ? { phoneReadings } : {}),
      ...(caseReadings ? { caseReadings: caseReadings.map((code) => ({ caseCode: code, phones: phonesOf(caseOf(code)?.phone) })) } : {}),
      account: null,
      device: null,
      answeredOn: isoOfFormDate(written(dateQuestion)) ?? registered?.returnedOn ?? vietnamTime(new Date(f.scannedAt)).slice(0, 10),
      procedure: registered?.procedure ?? null,
      field: registered?.field ?? null,
      answers,
      pending: f.openItems || needsReview ? 'review' : f.pagesRead < (pageCounts.get(f.serial) ?? 0) ? 'pages' : null,
      recheck: f.recheck,
    };
  });
}

/** `dd/mm/yyyy` as reviewers key it → ISO date. */
function isoOfFormDate(value: string | null): string | null {
  const m = value ? /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value) : null;
  return m ? `${m[3]}-${m[2]}-${m[1]}` : null;
}

/** Stored electronic responses of a survey; the office and phone of the case fill in what the export lacked. */
export function electronicResponses(db: Db, surveyId: string): ResponseRecord[] {
  return electronicResponseRows(db, surveyId).map((e) => ({
    key: `${e.source}:${e.externalId}`,
    channel: 'electronic',
    source: e.source,
    surveyId,
    officeCode: e.officeCode,
    caseCode: e.caseCode,
    phones: phonesOf(e.phone, e.casePhone),
    idNumber: e.idNumber,
    name: e.name,
    address: e.address,
    ownPhone: e.phone,
    account: e.account,
    device: e.device,
    answeredOn: e.submittedAt,
    procedure: e.procedure,
    field: e.field,
    answers: e.answers,
    pending: null,
    recheck: null,
  }));
}

/** Everything a report of one survey is computed from. */
export function loadResultsInput(db: Db, survey: SurveyDefinition): ResultsInput {
  return {
    survey,
    responses: [...paperResponses(db, survey), ...electronicResponses(db, survey.id)],
    staff: staffList(db),
    offices: resultOffices(db),
    cases: casesByOfficeAndDay(db),
    rounds: sampleRounds(db),
    levels: officeLevels(db),
    procedures: procedureList(db),
    sourceNames: { kiosk: 'Ki-ốt tại bộ phận một cửa', ...Object.fromEntries(electronicSources(db).map((s) => [s.source, s.name])) },
  };
}

/**
 * A survey's report straight from the database with the saved rules (or the query's): what the web pages draw. The
 * input and outcomes come back too, for the effective-answers table of a workbook.
 */
export function resultsReport(db: Db, survey: SurveyDefinition, query: ReportQuery = {}): { report: ResultsReport; input: ResultsInput; outcomes: Map<string, ResponseOutcome> } {
  const settings = query.settings ?? resultSettings(db);
  const input = loadResultsInput(db, survey);
  checkReportQuery(query, input);
  const outcomes = mergeResults(input, settings);
  const report = buildReport(input, { ...query, settings }, outcomes);
  return { report: { ...report, portal: portalReport(db, input, report, query) }, input, outcomes };
}

/** The portal's ratings of the report's offices and period (by rating date; they are a channel of their own). */
function portalReport(db: Db, input: ResultsInput, report: ResultsReport, query: ReportQuery): PortalRatios {
  const offices = new Map(input.offices.map((o) => [o.code, o]));
  const ratings = portalRatingRows(db).filter((r) => inQuery({ officeCode: r.officeCode, answeredOn: r.ratedAt, channel: 'electronic' }, { ...query, channel: undefined }, offices));
  const byOffice = new Map(report.breakdowns.office.map((g) => [g.key, { index: g.indices.overall.satisfiedShare, forms: g.indices.forms }]));
  return portalRatios(ratings, input.offices, { byOffice, overall: { index: report.indices.overall.satisfiedShare, forms: report.indices.forms } }, report.settings);
}
