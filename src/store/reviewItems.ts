import type { FieldState } from '../sampling/fieldStatus.js';
import type { AnswerValue } from '../survey/answerValue.js';
import type { ReviewQueue } from '../survey/reviewQueue.js';
import type { Db } from './db.js';
import { parseStoredJson, storedAnswer } from './storedJson.js';

/** What the review and form views read: an item with its page and form, a form's read pages, corrections. */

export type ItemStatus = 'open' | 'referred' | 'resolved';
export type FormStatus = Exclude<FieldState, 'notPrinted'>;

export interface FieldItemRow {
  id: number;
  status: ItemStatus;
  queue: ReviewQueue;
  reason: string;
  priority: number;
  serial: number;
  questionId: string;
  pageId: number;
  pageNumber: number;
  layoutHash: string;
  readJson: string;
  batch: string | null;
  fileName: string;
  officeCode: string | null;
  officeName: string | null;
}

/** A field's review item on a read page; undefined for page items and unknown ids. */
export function fieldItemRow(db: Db, id: number): FieldItemRow | undefined {
  return db
    .prepare(
      `SELECT r.id, r.status, r.queue, r.reason, r.priority, r.serial, r.question_id AS questionId, p.id AS pageId, p.page_number AS pageNumber,
              p.layout_hash AS layoutHash, p.read_json AS readJson, sf.batch, sf.name AS fileName, f.office_code AS officeCode, o.name AS officeName
       FROM review_items r
       JOIN pages p ON p.id = r.page_id
       JOIN scan_files sf ON sf.sha256 = p.file_sha256
       LEFT JOIN forms f ON f.serial = r.serial
       LEFT JOIN offices o ON o.code = f.office_code
       WHERE r.id = ? AND r.question_id IS NOT NULL AND p.outcome = 'read'`,
    )
    .get(id) as FieldItemRow | undefined;
}

/** How many times a value was keyed for an item under double entry. */
export function entriesOf(db: Db, itemId: number): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM review_actions WHERE review_item_id = ? AND action = 'entered'`).get(itemId) as { n: number }).n;
}

export interface FormRow {
  serial: number;
  layoutHash: string;
  surveyId: string;
  officeCode: string | null;
  caseCode: string | null;
  status: FormStatus;
}

export function formRow(db: Db, serial: number): FormRow | undefined {
  return db
    .prepare('SELECT serial, layout_hash AS layoutHash, survey_id AS surveyId, office_code AS officeCode, case_code AS caseCode, status FROM forms WHERE serial = ?')
    .get(serial) as FormRow | undefined;
}

/** A form's pages read onto its layout, in page order, with the file each came from. */
export function readPagesOfForm(db: Db, serial: number): { id: number; pageNumber: number; readJson: string; fileName: string }[] {
  return db
    .prepare(
      `SELECT p.id, p.page_number AS pageNumber, p.read_json AS readJson, sf.name AS fileName FROM pages p JOIN scan_files sf ON sf.sha256 = p.file_sha256
       WHERE p.serial = ? AND p.outcome = 'read' ORDER BY p.page_number`,
    )
    .all(serial) as { id: number; pageNumber: number; readJson: string; fileName: string }[];
}

export interface CorrectionRow {
  questionId: string;
  at: string;
  reviewer: string;
  /** Null once a purge took a personal value out. */
  value: AnswerValue | null;
  reason: string | null;
}

/** The corrections of a form (or of one of its questions), oldest first, their values checked. */
export function correctionsOf(db: Db, serial: number, questionId?: string): CorrectionRow[] {
  const rows = db
    .prepare(`SELECT id, question_id AS questionId, at, reviewer, value_json AS valueJson, reason FROM corrections WHERE serial = ? AND (? IS NULL OR question_id = ?) ORDER BY id`)
    .all(serial, questionId ?? null, questionId ?? null) as (Omit<CorrectionRow, 'value'> & { id: number; valueJson: string })[];
  return rows.map(({ id, valueJson, ...row }) => ({ ...row, value: parseStoredJson(valueJson, storedAnswer, { table: 'corrections', row: id }) }));
}
