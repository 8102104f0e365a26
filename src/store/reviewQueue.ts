import type { ReviewQueue } from '../survey/reviewQueue.js';
import type { Db } from './db.js';
import { parseStoredJson, storedDetail } from './storedJson.js';

/** The review queue's rows: claims, decisions and their trail. The rules (who may decide, double entry) are review's. */

export interface ClaimQuery {
  reviewer: string;
  /** 'open' items, or 'referred' ones for supervisors. */
  status: string;
  reviewQueue: ReviewQueue;
  exclude: number[];
  office: string | null;
  questionId: string | null;
  reason: string | null;
  batch: string | null;
  count: number;
}

/**
 * Renews the claims a reviewer holds and claims the next items in order of doubt, in one IMMEDIATE transaction: two
 * reviewers, even in two processes, never get the same item.
 */
export function claimItems(db: Db, query: ClaimQuery, now: string, claimedUntil: string): number[] {
  return db.transaction(() => {
    db.prepare(`UPDATE review_items SET claimed_until = ? WHERE claimed_by = ? AND status IN ('open', 'referred')`).run(claimedUntil, query.reviewer);
    const ids = (
      db
        .prepare(
          `SELECT r.id FROM review_items r
           JOIN pages p ON p.id = r.page_id
           JOIN scan_files sf ON sf.sha256 = p.file_sha256
           LEFT JOIN forms f ON f.serial = r.serial
           WHERE r.status = @status AND r.queue = @reviewQueue AND r.question_id IS NOT NULL AND p.outcome = 'read'
             AND (r.claimed_by IS NULL OR r.claimed_by = @reviewer OR r.claimed_until < @now)
             AND r.id NOT IN (SELECT value FROM json_each(@exclude))
             AND (@office IS NULL OR f.office_code = @office)
             AND (@questionId IS NULL OR r.question_id = @questionId)
             AND (@reason IS NULL OR ',' || r.reason || ',' LIKE '%,' || @reason || ',%')
             AND (@batch IS NULL OR sf.batch = @batch)
             AND NOT EXISTS (SELECT 1 FROM review_actions a WHERE a.review_item_id = r.id AND a.action = 'entered' AND a.actor = @reviewer)
           ORDER BY r.priority DESC, r.id
           LIMIT @count`,
        )
        .all({ ...query, exclude: JSON.stringify(query.exclude), now }) as { id: number }[]
    ).map((r) => r.id);
    const claim = db.prepare('UPDATE review_items SET claimed_by = ?, claimed_until = ? WHERE id = ?');
    for (const id of ids) claim.run(query.reviewer, claimedUntil, id);
    return ids;
  }).immediate();
}

/** Frees every item a reviewer holds. */
export function releaseItemsOf(db: Db, reviewer: string): void {
  db.prepare(`UPDATE review_items SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND status IN ('open', 'referred')`).run(reviewer);
}

export interface DecisionItem {
  id: number;
  status: string;
  serial: number;
  questionId: string;
  claimedBy: string | null;
  claimedUntil: string | null;
  pageId: number;
}

export function decisionItem(db: Db, id: number): DecisionItem | undefined {
  return db
    .prepare(
      'SELECT id, status, serial, question_id AS questionId, claimed_by AS claimedBy, claimed_until AS claimedUntil, page_id AS pageId FROM review_items WHERE id = ? AND question_id IS NOT NULL',
    )
    .get(id) as DecisionItem | undefined;
}

export function recordReviewAction(
  db: Db,
  itemId: number,
  actor: string,
  action: 'entered' | 'referred' | 'resolved' | 'rotated' | 'assigned' | 'rejected',
  detail: Record<string, unknown>,
): void {
  db.prepare('INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, ?, ?)').run(itemId, actor, action, JSON.stringify(detail));
}

/** The first keying of an item under double entry, if any. */
export function firstEntry(db: Db, itemId: number): { actor: string; detail: unknown } | undefined {
  const row = db.prepare(`SELECT id, actor, detail_json AS detailJson FROM review_actions WHERE review_item_id = ? AND action = 'entered' ORDER BY id LIMIT 1`).get(itemId) as
    | { id: number; actor: string; detailJson: string }
    | undefined;
  return row && { actor: row.actor, detail: parseStoredJson(row.detailJson, storedDetail, { table: 'review_actions', row: row.id }) };
}

/** Who resolved an item last. */
export function lastResolver(db: Db, itemId: number): string | undefined {
  return (db.prepare(`SELECT actor FROM review_actions WHERE review_item_id = ? AND action = 'resolved' ORDER BY id DESC LIMIT 1`).get(itemId) as { actor: string } | undefined)?.actor;
}

/** Sets an item's status and lets go of it. */
export function setItemStatus(db: Db, itemId: number, status: 'open' | 'referred' | 'resolved'): void {
  db.prepare(`UPDATE review_items SET status = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ?`).run(status, itemId);
}

export function appendCorrection(db: Db, correction: { serial: number; questionId: string; valueJson: string; reviewer: string; reason: string; itemId: number }): void {
  db.prepare('INSERT INTO corrections (serial, question_id, value_json, reviewer, reason, review_item_id) VALUES (?, ?, ?, ?, ?, ?)').run(
    correction.serial,
    correction.questionId,
    correction.valueJson,
    correction.reviewer,
    correction.reason,
    correction.itemId,
  );
}

/** Sends an open item its reviewer holds to the supervisors; false when the reviewer does not hold it open. */
export function referHeldItem(db: Db, itemId: number, reviewer: string): boolean {
  const { changes } = db
    .prepare(`UPDATE review_items SET status = 'referred', claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'open' AND claimed_by = ? AND question_id IS NOT NULL`)
    .run(itemId, reviewer);
  return changes > 0;
}
