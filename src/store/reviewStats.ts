import type { ReviewQueue } from '../survey/reviewQueue.js';
import type { Db } from './db.js';

/** How much review work is left: what `phieu review stats` prints and the review screen shows. */
export interface ReviewStats {
  /** Forms with at least one page read. */
  forms: number;
  /** Items not yet decided (waiting or referred to a supervisor), by queue. */
  open: Record<ReviewQueue, number>;
  /** Open items by reason; an item with two reasons counts under both. */
  byReason: Record<string, number>;
  /** Written answers the survey keeps as images only: nobody types them; they are read in the clip browser. */
  keptAsImages: number;
}

export function reviewStats(db: Db): ReviewStats {
  const { forms } = db.prepare(`SELECT COUNT(DISTINCT serial) AS forms FROM pages WHERE outcome = 'read'`).get() as { forms: number };
  const open = db
    .prepare(
      `SELECT COALESCE(SUM(queue = 'counting'), 0) AS counting, COALESCE(SUM(queue = 'transcription'), 0) AS transcription
       FROM review_items WHERE status IN ('open', 'referred')`,
    )
    .get() as ReviewStats['open'];
  const reasons = db
    .prepare(
      `WITH RECURSIVE split (rest, reason) AS (
         SELECT reason || ',', NULL FROM review_items WHERE status IN ('open', 'referred')
         UNION ALL SELECT substr(rest, instr(rest, ',') + 1), substr(rest, 1, instr(rest, ',') - 1) FROM split WHERE rest != ''
       )
       SELECT reason, COUNT(*) AS n FROM split WHERE reason IS NOT NULL GROUP BY reason ORDER BY n DESC, reason`,
    )
    .all() as { reason: string; n: number }[];
  const { keptAsImages } = db
    .prepare(
      `SELECT COUNT(*) AS keptAsImages FROM pages p, json_each(p.read_json, '$.fields') field
       WHERE p.outcome = 'read' AND json_extract(field.value, '$.kind') = 'text' AND json_extract(field.value, '$.inked') = 1
         AND json_extract(field.value, '$.value') IS NULL AND json_array_length(field.value, '$.reasons') = 0`,
    )
    .get() as { keptAsImages: number };
  return { forms, open, byReason: Object.fromEntries(reasons.map((r) => [r.reason, r.n])), keptAsImages };
}

/**
 * What is left in each queue for one reviewer, whatever the filters: items they could take now, and items other
 * reviewers hold. The review screen says "nothing left" only when both are nought in every queue they work.
 */
export function reviewerQueuesLeft(db: Db, reviewer: string, status: 'open' | 'referred', now = new Date()): Record<ReviewQueue, { available: number; heldByOthers: number }> {
  const rows = db
    .prepare(
      `SELECT r.queue,
              COALESCE(SUM(r.claimed_by IS NULL OR r.claimed_by = @reviewer OR r.claimed_until < @now), 0) AS available,
              COALESCE(SUM(NOT (r.claimed_by IS NULL OR r.claimed_by = @reviewer OR r.claimed_until < @now)), 0) AS heldByOthers
       FROM review_items r JOIN pages p ON p.id = r.page_id
       WHERE r.status = @status AND r.question_id IS NOT NULL AND p.outcome = 'read'
         AND NOT EXISTS (SELECT 1 FROM review_actions a WHERE a.review_item_id = r.id AND a.action = 'entered' AND a.actor = @reviewer)
       GROUP BY r.queue`,
    )
    .all({ reviewer, status, now: now.toISOString() }) as { queue: ReviewQueue; available: number; heldByOthers: number }[];
  const left = { counting: { available: 0, heldByOthers: 0 }, transcription: { available: 0, heldByOthers: 0 } };
  for (const { queue, ...counts } of rows) left[queue] = counts;
  return left;
}

/**
 * Every decision people made on review items (resolve, key a double entry, place or reject a page), by reviewer in
 * order. One taken back with Ctrl+Z is not a decision; the one made after it is.
 */
export function reviewDecisions(db: Db): { actor: string; action: string; at: string; changed: number | null }[] {
  return db
    .prepare(
      `SELECT actor, action, at, json_extract(detail_json, '$.changed') AS changed FROM review_actions a
       WHERE action IN ('resolved', 'entered', 'assigned', 'rejected')
         AND NOT EXISTS (
           SELECT 1 FROM corrections c
           WHERE c.review_item_id = a.review_item_id AND c.reason = 'undone' AND c.at >= a.at
             AND NOT EXISTS (SELECT 1 FROM review_actions b WHERE b.review_item_id = a.review_item_id AND b.id > a.id AND b.at <= c.at))
       ORDER BY actor, id`,
    )
    .all() as { actor: string; action: string; at: string; changed: number | null }[];
}
