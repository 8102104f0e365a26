import { HANDWRITING_SETTINGS } from '../handwriting/settings.js';
import type { DigitCellRead } from '../handwriting/readDigitField.js';
import type { Rect } from '../layout/types.js';
import type { FieldRead, PageRead } from '../recognize/readPage.js';
import type { Db } from '../store/db.js';
import { answerOptions, type AnswerOption } from './answerOptions.js';
import type { AnswerValue } from '../survey/answerValue.js';
import type { ReviewQueue } from '../survey/reviewQueue.js';
import { fieldOf, fieldRect, knownLayout } from './layouts.js';

export type ItemStatus = 'open' | 'resolved' | 'referred';

/** Everything the review screen shows for one field in doubt. Strings from scans are data, never markup. */
export interface FieldItemView {
  id: number;
  status: ItemStatus;
  queue: ReviewQueue;
  reasons: string[];
  priority: number;
  serial: number;
  questionId: string;
  pageId: number;
  pageNumber: number;
  surveyId: string;
  surveyName: string;
  office: string | null;
  batch: string | null;
  fileName: string;
  /** Box questions: the options in print order, each with the key that picks it and its printed label. */
  question: { text: string; heading?: string; kind: string; options: AnswerOption[]; length?: number };
  /** The machine's read: chosen codes and each box's score under its key and label, or null for handwriting not yet read. */
  read: { value: AnswerValue | null; boxes?: (AnswerOption & { score: number; state: string })[]; candidates?: string[]; doubtfulCells?: number[] };
  /** What the answer box opens with: the latest correction, else the machine's read. */
  suggestion: AnswerValue;
  fieldRect: Rect;
  pageSize: { width: number; height: number };
  corrections: { at: string; reviewer: string; value: AnswerValue; reason: string | null }[];
  /** Double entry: how many independent keyings this item already has. */
  entries: number;
}

interface ItemRow {
  id: number;
  status: ItemStatus;
  queue: ReviewQueue;
  reason: string;
  priority: number;
  serial: number;
  question_id: string;
  page_id: number;
  page_number: number;
  layout_hash: string;
  read_json: string;
  batch: string | null;
  file_name: string;
  office_code: string | null;
  office_name: string | null;
}

export function fieldItemView(db: Db, id: number): FieldItemView | undefined {
  const row = db
    .prepare(
      `SELECT r.id, r.status, r.queue, r.reason, r.priority, r.serial, r.question_id, p.id AS page_id, p.page_number, p.layout_hash,
              p.read_json, sf.batch, sf.name AS file_name, f.office_code, o.name AS office_name
       FROM review_items r
       JOIN pages p ON p.id = r.page_id
       JOIN scan_files sf ON sf.sha256 = p.file_sha256
       LEFT JOIN forms f ON f.serial = r.serial
       LEFT JOIN offices o ON o.code = f.office_code
       WHERE r.id = ? AND r.question_id IS NOT NULL AND p.outcome = 'read'`,
    )
    .get(id) as ItemRow | undefined;
  if (!row) return undefined;
  const known = knownLayout(db, row.layout_hash);
  const entry = known?.questions.get(row.question_id);
  const field = known && fieldOf(known.layout, row.question_id);
  if (!known || !entry || !field) return undefined;
  const pageRead = JSON.parse(row.read_json) as Extract<PageRead, { kind: 'read' }>;
  const fieldRead = pageRead.fields.find((f) => f.questionId === row.question_id) as FieldRead | undefined;
  const corrections = (
    db.prepare('SELECT at, reviewer, value_json, reason FROM corrections WHERE serial = ? AND question_id = ? ORDER BY id').all(row.serial, row.question_id) as {
      at: string;
      reviewer: string;
      value_json: string;
      reason: string | null;
    }[]
  ).map((c) => ({ at: c.at, reviewer: c.reviewer, value: JSON.parse(c.value_json) as AnswerValue, reason: c.reason }));
  const machineValue = fieldRead?.value ?? null;
  const { question } = entry;
  const options = answerOptions(field);
  const entries = (db.prepare(`SELECT COUNT(*) AS n FROM review_actions WHERE review_item_id = ? AND action = 'entered'`).get(id) as { n: number }).n;
  return {
    id: row.id,
    status: row.status,
    queue: row.queue,
    reasons: row.reason.split(','),
    priority: row.priority,
    serial: row.serial,
    questionId: row.question_id,
    pageId: row.page_id,
    pageNumber: row.page_number,
    surveyId: known.survey.id,
    surveyName: known.survey.name,
    office: row.office_name ?? row.office_code,
    batch: row.batch,
    fileName: row.file_name,
    question: {
      text: question.text,
      heading: entry.heading,
      kind: question.kind,
      options,
      ...(question.kind === 'digits' ? { length: question.length } : {}),
    },
    read: {
      value: machineValue,
      ...(fieldRead && 'boxes' in fieldRead ? { boxes: boxesOf(fieldRead.boxes, options) } : {}),
      // The likeliest values the register or the calendar allow for a doubtful digit field.
      ...(fieldRead && 'candidates' in fieldRead && fieldRead.candidates ? { candidates: fieldRead.candidates } : {}),
      // The cells of a comb the reader doubts (or found struck out): framed in red on the clip.
      ...(fieldRead && 'cells' in fieldRead ? { doubtfulCells: doubtfulCellsOf(fieldRead.cells) } : {}),
    },
    suggestion: corrections.at(-1)?.value ?? machineValue ?? (question.kind === 'single' || question.kind === 'multiple' || question.kind === 'scale' ? [] : ''),
    fieldRect: fieldRect(field),
    pageSize: known.layout.pageSize,
    corrections,
    entries,
  };
}

function doubtfulCellsOf(cells: readonly DigitCellRead[]): number[] {
  return cells.flatMap((c, i) => (c.state !== 'empty' && (c.state !== 'written' || c.confidence < HANDWRITING_SETTINGS.digits.acceptFrom) ? [i] : []));
}

/** The machine's score for each box in print order, named as the reviewer picks it. */
function boxesOf(boxes: { code: string; score: number; state: string }[], options: AnswerOption[]): (AnswerOption & { score: number; state: string })[] {
  return options.flatMap((option) => {
    const box = boxes.find((b) => b.code === option.code);
    return box ? [{ ...option, score: box.score, state: box.state }] : [];
  });
}
