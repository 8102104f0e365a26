import { doubtfulCells, typeOverRanges, typeOverSpots } from '../handwriting/doubtfulCells.js';
import type { Rect } from '../layout/types.js';
import type { FieldRead } from '../recognize/readPage.js';
import type { Db } from '../store/db.js';
import { correctionsOf, entriesOf, fieldItemRow, type ItemStatus } from '../store/reviewItems.js';
import { answerOptions, type AnswerOption } from './answerOptions.js';
import type { AnswerValue } from '../survey/answerValue.js';
import type { ReviewQueue } from '../survey/reviewQueue.js';
import { fieldOf, fieldRect, knownLayout } from './layouts.js';
import { parseStoredFormRead } from '../store/storedJson.js';


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
  read: { value: AnswerValue | null; boxes?: (AnswerOption & { score: number; state: string })[]; candidates?: string[]; doubtfulCells?: number[]; typeOver?: [number, number][] };
  /** What the answer box opens with: the latest correction, else the machine's read. */
  suggestion: AnswerValue;
  fieldRect: Rect;
  pageSize: { width: number; height: number };
  corrections: { at: string; reviewer: string; value: AnswerValue | null; reason: string | null }[];
  /** Double entry: how many independent keyings this item already has. */
  entries: number;
}

export function fieldItemView(db: Db, id: number): FieldItemView | undefined {
  const row = fieldItemRow(db, id);
  if (!row) return undefined;
  const known = knownLayout(db, row.layoutHash);
  const entry = known?.questions.get(row.questionId);
  const field = known && fieldOf(known.layout, row.questionId);
  if (!known || !entry || !field) return undefined;
  const pageRead = parseStoredFormRead(row.readJson, { table: 'pages', row: row.pageId });
  const fieldRead = pageRead.fields.find((f) => f.questionId === row.questionId) as FieldRead | undefined;
  const corrections = correctionsOf(db, row.serial, row.questionId).map(({ at, reviewer, value, reason }) => ({ at, reviewer, value, reason }));
  const machineValue = fieldRead?.value ?? null;
  const { question } = entry;
  const options = answerOptions(field);
  const entries = entriesOf(db, id);
  return {
    id: row.id,
    status: row.status,
    queue: row.queue,
    reasons: row.reason.split(','),
    priority: row.priority,
    serial: row.serial,
    questionId: row.questionId,
    pageId: row.pageId,
    pageNumber: row.pageNumber,
    surveyId: known.survey.id,
    surveyName: known.survey.name,
    office: row.officeName ?? row.officeCode,
    batch: row.batch,
    fileName: row.fileName,
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
      // The cells of a comb the reader doubts (or found struck out, or empty where a digit must be): framed in red on the clip.
      ...(fieldRead && 'cells' in fieldRead ? { doubtfulCells: doubtfulCells(fieldRead.cells, fieldRead.kind) } : {}),
      // Where the reviewer types in the value read (those digits, a struck-out or missed cell's place): the screen
      // selects each in turn, so one key puts each right.
      ...(fieldRead && 'cells' in fieldRead && typeof fieldRead.value === 'string' ? { typeOver: typeOverRanges(fieldRead.value, typeOverSpots(fieldRead.value, fieldRead.cells, fieldRead.kind)) } : {}),
    },
    suggestion: corrections.at(-1)?.value ?? machineValue ?? (question.kind === 'single' || question.kind === 'multiple' || question.kind === 'scale' ? [] : ''),
    fieldRect: fieldRect(field),
    pageSize: known.layout.pageSize,
    corrections,
    entries,
  };
}

/** The machine's score for each box in print order, named as the reviewer picks it. */
function boxesOf(boxes: { code: string; score: number; state: string }[], options: AnswerOption[]): (AnswerOption & { score: number; state: string })[] {
  return options.flatMap((option) => {
    const box = boxes.find((b) => b.code === option.code);
    return box ? [{ ...option, score: box.score, state: box.state }] : [];
  });
}
