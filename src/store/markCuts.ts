import type { ChoiceRead } from '../recognize/checkboxes.js';
import type { MarkCut, StoredChoice } from '../recognize/markCut.js';
import { audit, type Db } from './db.js';
import { priorityOf } from './scans.js';
import { parseStoredFormRead, parseStoredJson, storedChoices } from './storedJson.js';

/** The correction reason of an answer the machine settled again under a batch's cut, not a person. */
export const MARK_CUT_REASON = 'markCut';

/** The batch a run's new files join: the one of that name, when the run is named (uploads of one batch come one file at a time). */
export function markBatchFor(db: Db, label: string | undefined): number {
  const named = label === undefined ? undefined : (db.prepare('SELECT id FROM mark_batches WHERE label = ? ORDER BY id DESC LIMIT 1').get(label) as { id: number } | undefined);
  return named?.id ?? Number(db.prepare('INSERT INTO mark_batches (label) VALUES (?)').run(label ?? null).lastInsertRowid);
}

export interface MarkBatchSummary {
  id: number;
  label: string | null;
  createdAt: string;
  files: number;
  pages: number;
  /** The cut in force, if one was ever set; otherwise the reader's default. */
  cut: (MarkCut & { source: 'auto' | 'supervisor'; setBy: string; at: string }) | null;
}

const SUMMARY = `SELECT b.id, b.label, b.created_at AS createdAt,
         (SELECT COUNT(*) FROM scan_files f WHERE f.mark_batch = b.id) AS files,
         (SELECT COUNT(*) FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256 WHERE f.mark_batch = b.id AND p.outcome = 'read') AS pages
  FROM mark_batches b`;

/** The latest batches that read at least one page, newest first. */
export function markBatches(db: Db, limit = 50): MarkBatchSummary[] {
  const rows = db.prepare(`SELECT * FROM (${SUMMARY}) WHERE pages > 0 ORDER BY id DESC LIMIT ?`).all(limit) as Omit<MarkBatchSummary, 'cut'>[];
  return rows.map((r) => ({ ...r, cut: currentCut(db, r.id) }));
}

export function markBatch(db: Db, id: number): MarkBatchSummary | undefined {
  const row = db.prepare(`${SUMMARY} WHERE b.id = ?`).get(id) as Omit<MarkBatchSummary, 'cut'> | undefined;
  return row && { ...row, cut: currentCut(db, id) };
}

function currentCut(db: Db, batch: number): MarkBatchSummary['cut'] {
  return (
    (db.prepare('SELECT empty_below AS emptyBelow, marked_from AS markedFrom, source, set_by AS setBy, at FROM mark_cuts WHERE mark_batch = ? ORDER BY id DESC LIMIT 1').get(batch) as
      | MarkBatchSummary['cut']
      | undefined) ?? null
  );
}

/** A read page of a batch: its box questions, and how each of them stands now. */
export interface BatchPage {
  pageId: number;
  serial: number;
  choices: StoredChoice[];
  /** By question: the machine's answer now (its read, or its latest re-decision) and whether a person must see it. */
  standing: Map<string, FieldStanding>;
}

export interface FieldStanding {
  value: string[];
  /** An open item waits for a person. */
  openItem: number | null;
  /** A person decided it or it went to a supervisor: no cut changes it any more. */
  decidedByPerson: boolean;
}

export function batchPages(db: Db, batch: number): BatchPage[] {
  const pages = db
    .prepare(`SELECT p.id, p.serial, p.read_json FROM pages p JOIN scan_files f ON f.sha256 = p.file_sha256 WHERE f.mark_batch = ? AND p.outcome = 'read' ORDER BY p.id`)
    .all(batch) as { id: number; serial: number; read_json: string }[];
  const corrections = db.prepare('SELECT id, question_id, value_json, reason FROM corrections WHERE serial = ? ORDER BY id');
  const items = db.prepare('SELECT id, question_id, status FROM review_items WHERE page_id = ? AND question_id IS NOT NULL ORDER BY id');
  return pages.map((page) => {
    const read = parseStoredFormRead(page.read_json, { table: 'pages', row: page.id });
    // A box question stored without its boxes' ink has nothing to decide again from.
    const boxFields = read.fields.flatMap((f) => ('boxes' in f && f.boxes.length > 0 ? [f] : []));
    const choices = boxFields.map((f) => ({ questionId: f.questionId, kind: f.kind, boxes: f.boxes }));
    const standing = new Map<string, FieldStanding>(boxFields.map((f) => [f.questionId, { value: f.value, openItem: null, decidedByPerson: false }]));
    for (const c of corrections.all(page.serial) as { id: number; question_id: string; value_json: string; reason: string | null }[]) {
      const field = standing.get(c.question_id);
      if (!field) continue;
      if (c.reason === MARK_CUT_REASON) field.value = parseStoredJson(c.value_json, storedChoices, { table: 'corrections', row: c.id });
      else field.decidedByPerson = true;
    }
    for (const item of items.all(page.id) as { id: number; question_id: string; status: string }[]) {
      const field = standing.get(item.question_id);
      if (!field) continue;
      if (item.status === 'open') field.openItem = item.id;
      if (item.status === 'referred') field.decidedByPerson = true;
    }
    return { pageId: page.id, serial: page.serial, choices, standing };
  });
}

/** What a new cut does to one box question. */
export type Redecision =
  | { kind: 'toReview'; pageId: number; serial: number; questionId: string; read: ChoiceRead }
  | { kind: 'accept'; pageId: number; serial: number; questionId: string; value: string[]; itemId: number | null };

/**
 * Sets a batch's cut (`newCut`; otherwise applies the cut in force to pages read since) and applies what it changes, in
 * one transaction: a new cut joins the batch's history, questions now
 * in doubt get an open item, questions now clear are settled with a correction that names the cut (their open item,
 * if any, resolved by it), and the audit trail says who did what.
 */
export function saveMarkCut(db: Db, change: { batch: number; cut: MarkCut; source: 'auto' | 'supervisor'; actor: string; redecisions: Redecision[]; previous: MarkCut; newCut: boolean }): void {
  db.transaction(() => {
    if (change.newCut) {
      db.prepare('INSERT INTO mark_cuts (mark_batch, empty_below, marked_from, source, set_by) VALUES (?, ?, ?, ?, ?)').run(change.batch, change.cut.emptyBelow, change.cut.markedFrom, change.source, change.actor);
    }
    const addItem = db.prepare("INSERT INTO review_items (page_id, serial, question_id, reason, priority, queue) VALUES (?, ?, ?, ?, ?, 'counting')");
    const correct = db.prepare('INSERT INTO corrections (serial, question_id, value_json, reviewer, reason, review_item_id) VALUES (?, ?, ?, ?, ?, ?)');
    const resolve = db.prepare(`UPDATE review_items SET status = 'resolved', claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'open'`);
    const action = db.prepare(`INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, 'resolved', ?)`);
    for (const r of change.redecisions) {
      if (r.kind === 'toReview') {
        addItem.run(r.pageId, r.serial, r.questionId, r.read.reasons.join(','), priorityOf({ ...r.read, questionId: r.questionId, kind: 'single' }));
        continue;
      }
      correct.run(r.serial, r.questionId, JSON.stringify(r.value), change.actor, MARK_CUT_REASON, r.itemId);
      if (r.itemId !== null) {
        resolve.run(r.itemId);
        action.run(r.itemId, change.actor, JSON.stringify({ value: r.value, reason: MARK_CUT_REASON, cut: change.cut }));
      }
    }
    audit(db, change.actor, 'markCut', {
      batch: change.batch,
      source: change.source,
      from: change.previous,
      to: change.cut,
      toReview: change.redecisions.filter((r) => r.kind === 'toReview').length,
      accepted: change.redecisions.filter((r) => r.kind === 'accept').length,
    });
  }).immediate();
}
