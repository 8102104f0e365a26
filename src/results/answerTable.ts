import { questionsOf, type Question, type SurveyDefinition } from '../survey/schema.js';
import { CHANNEL_NAMES, inQuery, sourceNameOf, type ReportQuery, type ResultsInput } from './buildReport.js';
import { EXCLUSION_REASONS, type ResponseOutcome } from './reasons.js';

/**
 * Questions whose answers may leave phieu in a results file. Handwritten text can hold names, addresses and phone
 * numbers, and phone-number boxes are one, so neither is exported; boxes, dates, case codes and numbers are.
 */
export function exportableQuestions(survey: SurveyDefinition): Question[] {
  return questionsOf(survey).filter((q) => q.kind !== 'text' && !(q.kind === 'digits' && q.format === 'phone'));
}

const ANSWER_TABLE_FIXED_HEADERS = ['Mã phiếu', 'Kênh', 'Nguồn', 'Cơ quan', 'Mã hồ sơ', 'Ngày trả lời', 'Được tính', 'Lý do không tính'];

/** The header of the effective answers table: the fixed columns, then one per exportable question (its id). */
export function answerTableHeader(survey: SurveyDefinition): string[] {
  return [...ANSWER_TABLE_FIXED_HEADERS, ...exportableQuestions(survey).map((q) => q.id)];
}

/** Every response of the report's office and period with its effective answers and whether it counts, one row each. */
export function* answerTableRows(input: ResultsInput, outcomes: ReadonlyMap<string, ResponseOutcome>, query: ReportQuery = {}): Generator<(string | null)[]> {
  const questions = exportableQuestions(input.survey);
  const offices = new Map(input.offices.map((o) => [o.code, o]));
  for (const r of input.responses) {
    if (!inQuery(r, query, offices)) continue;
    const outcome = outcomes.get(r.key)!;
    yield [
      r.key,
      CHANNEL_NAMES[r.channel],
      sourceNameOf(input, r.source),
      r.officeCode ? (offices.get(r.officeCode)?.name ?? r.officeCode) : null,
      r.caseCode,
      r.answeredOn,
      outcome.counted ? 'có' : 'không',
      outcome.counted ? null : EXCLUSION_REASONS[outcome.reason],
      ...questions.map((q) => {
        const value = r.answers[q.id];
        if (value === null || value === undefined) return null;
        return Array.isArray(value) ? value.join(';') : value;
      }),
    ];
  }
}
