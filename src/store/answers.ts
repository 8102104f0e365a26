import { reviewQueueOf, type ReviewQueue } from '../survey/reviewQueue.js';
import type { Db } from './db.js';
import { parseStoredAnswerRead, parseStoredJson, storedAnswer } from './storedJson.js';

export type AnswerState = 'read' | 'needsReview' | 'corrected';

/** One question of one form as it stands now: the machine's read, or the latest correction of it. */
export interface EffectiveAnswer {
  serial: number;
  surveyId: string;
  questionId: string;
  page: number;
  /** Codes chosen for box questions; the text or digits for handwritten ones (null while unread). */
  value: string[] | string | null;
  state: AnswerState;
  /** Where a doubt about it goes: only `counting` answers hold a form back from the results. */
  queue: ReviewQueue;
  /** Raw ink scores of the boxes, by option code. */
  scores?: Record<string, number>;
  reasons: string[];
  /** A doubtful phone's or case code's readings while it waits to be typed (see DigitFieldRead). */
  phoneReadings?: string[];
  caseReadings?: string[];
  file: string;
  filePage: number;
}

/** Every effective answer of the forms scanned so far, form by form, in question order. */
export function effectiveAnswers(db: Db, filter: { surveyId?: string } = {}): EffectiveAnswer[] {
  return effectiveForms(db, filter).answers;
}

/**
 * The effective answers, and each form's page count as its QR printed it (by serial; absent when no page read
 * carries one): both from one reading of each page's stored JSON.
 */
export function effectiveForms(db: Db, filter: { surveyId?: string } = {}): { answers: EffectiveAnswer[]; pageCounts: Map<number, number> } {
  const pages = db
    .prepare(
      `SELECT p.id, p.serial, p.survey_id, p.page_number, p.page_index, p.read_json, f.name
       FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256
       WHERE p.outcome = 'read' AND (? IS NULL OR p.survey_id = ?)
       ORDER BY p.serial, p.page_number`,
    )
    .all(filter.surveyId ?? null, filter.surveyId ?? null) as { id: number; serial: number; survey_id: string; page_number: number; page_index: number; read_json: string; name: string }[];
  // The latest correction of each question, by form: looked up without building a key for each of a million answers.
  const corrections = new Map<number, Map<string, unknown>>();
  for (const c of db.prepare('SELECT id, serial, question_id, value_json FROM corrections ORDER BY id').all() as { id: number; serial: number; question_id: string; value_json: string }[]) {
    let own = corrections.get(c.serial);
    if (!own) corrections.set(c.serial, (own = new Map()));
    own.set(c.question_id, parseStoredJson(c.value_json, storedAnswer, { table: 'corrections', row: c.id }));
  }
  const answers: EffectiveAnswer[] = [];
  const pageCounts = new Map<number, number>();
  for (const page of pages) {
    const read = parseStoredAnswerRead(page.read_json, { table: 'pages', row: page.id });
    if (read.qr) pageCounts.set(page.serial, Math.max(read.qr.pageCount, pageCounts.get(page.serial) ?? 0));
    const own = corrections.get(page.serial);
    for (const field of read.fields) {
      const corrected = own?.has(field.questionId) ?? false;
      answers.push({
        serial: page.serial,
        surveyId: page.survey_id,
        questionId: field.questionId,
        page: page.page_number,
        value: corrected ? (own!.get(field.questionId) as EffectiveAnswer['value']) : field.value,
        state: corrected ? 'corrected' : field.reasons.length ? 'needsReview' : 'read',
        queue: reviewQueueOf(field),
        ...('boxes' in field ? { scores: Object.fromEntries(field.boxes.map((b) => [b.code, b.score])) } : {}),
        reasons: field.reasons,
        ...('phoneReadings' in field && field.phoneReadings && !corrected ? { phoneReadings: field.phoneReadings } : {}),
        ...('caseReadings' in field && field.caseReadings && !corrected ? { caseReadings: field.caseReadings } : {}),
        file: page.name,
        filePage: page.page_index + 1,
      });
    }
  }
  return { answers, pageCounts };
}
