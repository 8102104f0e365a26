import type { Db } from './db.js';
import { parseStoredJson, storedDigitCells } from './storedJson.js';

/** A digit a reviewer typed for one cell of a field, paired with that cell's clip. */
export interface TypedDigit {
  cell: number;
  digit: number;
}

/**
 * Keeps the typed digits of a resolved field as training rows, each with a copy of its cell's clip. A reviewer or
 * supervisor deciding the field again replaces its rows: the latest decision is the lesson.
 */
export function keepTypedDigits(db: Db, item: { reviewItemId: number; pageId: number; questionId: string; typedBy: string }, digits: TypedDigit[]): number {
  const keep = db.prepare(
    `INSERT INTO digit_samples (review_item_id, cell, digit, png, typed_by)
     SELECT @item, cell, @digit, png, @typedBy FROM clips WHERE page_id = @page AND question_id = @question AND cell = @cell
     ON CONFLICT (review_item_id, cell) DO UPDATE SET digit = excluded.digit, png = excluded.png, typed_by = excluded.typed_by, created_at = excluded.created_at`,
  );
  let kept = 0;
  for (const d of digits) kept += keep.run({ item: item.reviewItemId, digit: d.digit, typedBy: item.typedBy, page: item.pageId, question: item.questionId, cell: d.cell }).changes;
  return kept;
}

/** The cells of a digit or date field as its page read them (absent for another kind of field). */
export function readDigitCells(db: Db, pageId: number, questionId: string): { state: string }[] | undefined {
  const row = db
    .prepare(
      `SELECT json_extract(f.value, '$.cells') AS cells FROM pages p, json_each(p.read_json, '$.fields') f
       WHERE p.id = ? AND json_extract(f.value, '$.questionId') = ?`,
    )
    .get(pageId, questionId) as { cells: string | null } | undefined;
  return row?.cells ? parseStoredJson(row.cells, storedDigitCells, { table: 'pages', row: pageId }) : undefined;
}

export interface DigitSample {
  id: number;
  digit: number;
  png: Buffer;
}

/** Every typed digit kept, oldest first. */
export function digitSamples(db: Db): DigitSample[] {
  return db.prepare('SELECT id, digit, png FROM digit_samples ORDER BY id').all() as DigitSample[];
}

export interface DigitModelRecord {
  weightsJson: string;
  trainedOn: number;
  heldOut: number;
  accuracyBefore: number;
  accuracyAfter: number;
  trainedBy: string;
}

/** Records a retrained recogniser: from now on it is the one that reads. */
export function saveDigitModel(db: Db, model: DigitModelRecord): number {
  return Number(
    db
      .prepare('INSERT INTO digit_models (weights_json, trained_on, held_out, accuracy_before, accuracy_after, trained_by) VALUES (?, ?, ?, ?, ?, ?)')
      .run(model.weightsJson, model.trainedOn, model.heldOut, model.accuracyBefore, model.accuracyAfter, model.trainedBy).lastInsertRowid,
  );
}

/** The recogniser that reads: the latest one trained here, or undefined while the shipped one does. */
export function currentDigitModel(db: Db): (DigitModelRecord & { id: number; createdAt: string }) | undefined {
  return db
    .prepare(
      `SELECT id, weights_json AS weightsJson, trained_on AS trainedOn, held_out AS heldOut, accuracy_before AS accuracyBefore, accuracy_after AS accuracyAfter,
              trained_by AS trainedBy, created_at AS createdAt
       FROM digit_models ORDER BY id DESC LIMIT 1`,
    )
    .get() as (DigitModelRecord & { id: number; createdAt: string }) | undefined;
}

/** The id of the recogniser that reads (undefined while the shipped one does): cheap to ask before every page. */
export function currentDigitModelId(db: Db): number | undefined {
  return (db.prepare('SELECT MAX(id) AS id FROM digit_models').get() as { id: number | null }).id ?? undefined;
}
