import type { FieldRead } from '../recognize/readPage.js';
import { groupBy } from './groupBy.js';
import type { Db } from '../store/db.js';
import { correctionsOf, formRow, readPagesOfForm, type FormStatus } from '../store/reviewItems.js';
import { answerOptions, type AnswerOption } from './answerOptions.js';
import type { AnswerValue } from '../survey/answerValue.js';
import { knownLayout } from './layouts.js';
import { personalKind, type PersonalKind } from '../survey/personal.js';
import { FIELD_STATE_LABELS } from '../sampling/fieldStatus.js';
import { parseStoredFormRead } from '../store/storedJson.js';


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
  const form = formRow(db, serial);
  const known = form && knownLayout(db, form.layoutHash);
  if (!form || !known) return undefined;
  const pages = readPagesOfForm(db, serial);
  const reads = new Map<string, { field: FieldRead; page: number }>();
  for (const page of pages) {
    for (const field of parseStoredFormRead(page.readJson, { table: 'pages', row: page.id }).fields) reads.set(field.questionId, { field, page: page.pageNumber });
  }
  const corrections = groupBy(correctionsOf(db, serial), (c) => c.questionId);
  const answers = known.layout.fields.map((field): FormAnswerView => {
    const read = reads.get(field.questionId);
    const own = (corrections.get(field.questionId) ?? []).map(({ at, reviewer, value, reason }) => ({ at, reviewer, value, reason }));
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
    officeCode: form.officeCode,
    caseCode: form.caseCode,
    status: form.status,
    statusLabel: FIELD_STATE_LABELS[form.status],
    pages: pages.map((p) => ({ pageId: p.id, pageNumber: p.pageNumber, fileName: p.fileName })),
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
