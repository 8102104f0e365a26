import type { FieldRead, PageRead } from '../recognize/readPage.js';
import { groupBy } from './groupBy.js';
import type { Db } from '../store/db.js';
import { answerOptions, type AnswerOption } from './answerOptions.js';
import type { AnswerValue } from '../survey/answerValue.js';
import { knownLayout } from './layouts.js';
import { personalKind, type PersonalKind } from '../survey/personal.js';
import { FIELD_STATE_LABELS, type FieldState } from '../sampling/fieldStatus.js';

type FormStatus = Exclude<FieldState, 'notPrinted'>;

/** One question of one form: what the machine read, every correction with who/when/why, and the value that counts. */
export interface FormAnswerView {
  questionId: string;
  text: string;
  page: number;
  original: AnswerValue | null;
  /** Box questions: the options in print order with the key that picks each on the review screen and its printed label. */
  options?: AnswerOption[];
  scores?: Record<string, number>;
  reasons: string[];
  /** A correction's value is null only where a personal answer was hidden. */
  corrections: { at: string; reviewer: string; value: AnswerValue | null; reason: string | null }[];
  effective: AnswerValue | null;
  /** The question asks who the respondent is (name, phone, address). */
  personal?: PersonalKind;
  /** Set when the personal value was taken out for a role that may not see it. */
  hidden?: true;
}

export interface FormView {
  serial: number;
  surveyId: string;
  surveyName: string;
  officeCode: string | null;
  caseCode: string | null;
  status: FormStatus;
  /** The status as people read it. */
  statusLabel: string;
  pages: { pageId: number; pageNumber: number; fileName: string }[];
  answers: FormAnswerView[];
}

export function formView(db: Db, serial: number): FormView | undefined {
  const form = db.prepare('SELECT serial, layout_hash, survey_id, office_code, case_code, status FROM forms WHERE serial = ?').get(serial) as
    | { serial: number; layout_hash: string; survey_id: string; office_code: string | null; case_code: string | null; status: FormStatus }
    | undefined;
  const known = form && knownLayout(db, form.layout_hash);
  if (!form || !known) return undefined;
  const pages = db
    .prepare(`SELECT p.id, p.page_number, p.read_json, sf.name FROM pages p JOIN scan_files sf ON sf.sha256 = p.file_sha256 WHERE p.serial = ? AND p.outcome = 'read' ORDER BY p.page_number`)
    .all(serial) as { id: number; page_number: number; read_json: string; name: string }[];
  const reads = new Map<string, { field: FieldRead; page: number }>();
  for (const page of pages) {
    for (const field of (JSON.parse(page.read_json) as Extract<PageRead, { kind: 'read' }>).fields) reads.set(field.questionId, { field, page: page.page_number });
  }
  const corrections = groupBy(
    db.prepare('SELECT question_id, at, reviewer, value_json, reason FROM corrections WHERE serial = ? ORDER BY id').all(serial) as {
      question_id: string;
      at: string;
      reviewer: string;
      value_json: string;
      reason: string | null;
    }[],
    (c) => c.question_id,
  );
  const answers = known.layout.fields.map((field): FormAnswerView => {
    const read = reads.get(field.questionId);
    const own = (corrections.get(field.questionId) ?? []).map((c) => ({ at: c.at, reviewer: c.reviewer, value: JSON.parse(c.value_json) as AnswerValue, reason: c.reason }));
    const original = read ? read.field.value : null;
    const question = known.questions.get(field.questionId)?.question;
    const personal = question ? personalKind(question) : null;
    const options = answerOptions(field);
    return {
      questionId: field.questionId,
      text: question?.text ?? field.questionId,
      page: field.page,
      original,
      ...(options.length ? { options } : {}),
      ...(read && 'boxes' in read.field ? { scores: Object.fromEntries(read.field.boxes.map((b) => [b.code, b.score])) } : {}),
      reasons: read ? read.field.reasons : [],
      corrections: own,
      effective: own.at(-1)?.value ?? original,
      ...(personal ? { personal } : {}),
    };
  });
  return {
    serial,
    surveyId: known.survey.id,
    surveyName: known.survey.name,
    officeCode: form.office_code,
    caseCode: form.case_code,
    status: form.status,
    statusLabel: FIELD_STATE_LABELS[form.status],
    pages: pages.map((p) => ({ pageId: p.id, pageNumber: p.page_number, fileName: p.name })),
    answers,
  };
}

/**
 * The form as a role without personal-data access sees it: the name, phone and address answers are taken out (who
 * corrected them and when stays), the rest is as it was.
 */
export function withoutPersonalAnswers(view: FormView): FormView {
  return {
    ...view,
    answers: view.answers.map((a) =>
      a.personal ? { ...a, original: null, effective: null, corrections: a.corrections.map((c) => ({ ...c, value: null })), hidden: true } : a,
    ),
  };
}
