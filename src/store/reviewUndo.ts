import { audit, type Db } from './db.js';
import { parseStoredJson, storedAnswer } from './storedJson.js';

/** A reviewer's decision that nothing has overtaken: its item is still resolved and no one has acted on it since. */
export interface LastDecision {
  itemId: number;
  serial: number;
  questionId: string;
  at: string;
  /** The value the decision recorded, and the one it replaced: the correction before it, else none. */
  value: unknown;
  previous: { value: unknown } | undefined;
}

/** The reviewer's latest decision that can still be taken back, if any. */
export function lastOwnDecision(db: Db, actor: string): LastDecision | undefined {
  const row = db
    .prepare(
      `SELECT a.review_item_id AS itemId, a.at, r.serial, r.question_id AS questionId
       FROM review_actions a JOIN review_items r ON r.id = a.review_item_id
       WHERE a.actor = ? AND a.action = 'resolved' AND r.status = 'resolved' AND r.question_id IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM review_actions later WHERE later.review_item_id = a.review_item_id AND later.id > a.id)
       ORDER BY a.id DESC LIMIT 1`,
    )
    .get(actor) as { itemId: number; at: string; serial: number; questionId: string } | undefined;
  if (!row) return undefined;
  const [last, before] = db
    .prepare('SELECT id, value_json FROM corrections WHERE serial = ? AND question_id = ? ORDER BY id DESC LIMIT 2')
    .all(row.serial, row.questionId) as { id: number; value_json: string }[];
  const valueOf = (c: { id: number; value_json: string }) => parseStoredJson(c.value_json, storedAnswer, { table: 'corrections', row: c.id });
  return { ...row, value: valueOf(last), previous: before && { value: valueOf(before) } };
}

/** The first export of results or answers after a moment: once figures have left phieu, a decision behind them stays. */
export function firstExportSince(db: Db, at: string): { at: string; actor: string } | undefined {
  return db
    .prepare(`SELECT at, actor FROM audit_events WHERE action IN ('report', 'export', 'export.personal') AND at >= ? ORDER BY id LIMIT 1`)
    .get(at) as { at: string; actor: string } | undefined;
}

/**
 * Takes a decision back: the answer returns to what it was (appended as a correction marked `undone`, since corrections
 * are never erased), and the item is open again, held by the reviewer for `claimedUntil`.
 */
export function reopenDecision(db: Db, decision: LastDecision, restored: unknown, actor: string, claimedUntil: string): void {
  db.prepare(`INSERT INTO corrections (serial, question_id, value_json, reviewer, reason, review_item_id) VALUES (?, ?, ?, ?, 'undone', ?)`).run(
    decision.serial,
    decision.questionId,
    JSON.stringify(restored),
    actor,
    decision.itemId,
  );
  db.prepare(`UPDATE review_items SET status = 'open', claimed_by = ?, claimed_until = ? WHERE id = ?`).run(actor, claimedUntil, decision.itemId);
  audit(db, actor, 'review.undone', { item: decision.itemId, serial: decision.serial, questionId: decision.questionId, undone: decision.value, restored });
}
