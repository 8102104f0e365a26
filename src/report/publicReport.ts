import { answerTableHeader, answerTableRows, exportableQuestions } from '../results/answerTable.js';
import type { ReportQuery, ResultsInput, ResultsReport } from '../results/buildReport.js';
import type { ResponseOutcome } from '../results/reasons.js';
import type { AnswerSheet } from './xlsxReport.js';

/**
 * Reports leaving phieu through the web carry no personal data. Names, phone numbers and handwriting never reach a
 * report; what remains is the case code, which leads straight to a person in the register, so it is dropped here.
 * The form key (`paper:123`, `kiosk:<uuid>`) stays: staff can still find a form, but only from inside phieu.
 */
export function withoutCaseCodes(report: ResultsReport): ResultsReport {
  return { ...report, exclusions: report.exclusions.map((e) => ({ ...e, caseCode: null })) };
}

/** The effective answers sheet without the case-code column and without the survey's case-code question. */
export function answerSheetWithoutCaseCodes(input: ResultsInput, outcomes: ReadonlyMap<string, ResponseOutcome>, query: ReportQuery): AnswerSheet {
  const header = answerTableHeader(input.survey);
  const caseQuestions = new Set(exportableQuestions(input.survey).filter((q) => q.kind === 'digits' && q.format === 'caseCode').map((q) => q.id));
  const dropped = new Set(header.flatMap((name, i) => (name === 'Mã hồ sơ' || caseQuestions.has(name) ? [i] : [])));
  const keep = <T>(row: T[]) => row.filter((_, i) => !dropped.has(i));
  return {
    header: keep(header),
    rows: (function* () {
      for (const row of answerTableRows(input, outcomes, query)) yield keep(row);
    })(),
  };
}
