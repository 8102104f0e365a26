import { z } from 'zod';
import { PhieuError } from '../errors/errorTable.js';
import { audit, type Db } from '../store/db.js';
import { readSetting, writeSetting, type Setting } from '../store/settings.js';
import { canonicalAnswer, isKeyedKind, sameAnswer, type AnswerValue } from '../survey/answerValue.js';
import { fieldItemView } from './itemView.js';
import { knownLayout } from './layouts.js';
import type { ReviewQueue } from '../survey/reviewQueue.js';
import { keepTypedDigits, readDigitCells } from '../store/digitTraining.js';
import { typedDigitsByCell } from './typedDigits.js';

/** An abandoned claim (a closed tab, a reviewer gone to lunch) frees its item after this long. */
export const CLAIM_MS = 10 * 60 * 1000;

export interface QueueFilter {
  office?: string;
  questionId?: string;
  reason?: string;
  batch?: string;
}

export interface ClaimRequest {
  reviewer: string;
  /** 'referred' is the supervisor's queue: items reviewers sent up and double entries that disagreed. */
  queue: 'open' | 'referred';
  /** Counting-critical items unless transcription is chosen: typing comments is a job of its own. */
  reviewQueue?: ReviewQueue;
  filter?: QueueFilter;
  /** Items the screen already holds (shown or prefetched), so the claim brings new ones. */
  exclude?: number[];
  count?: number;
  now?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Claims the next items in order of doubt for one reviewer, and renews the claims the reviewer already holds. One
 * IMMEDIATE transaction: two reviewers, even in two processes, never get the same item.
 */
export function claimNext(db: Db, request: ClaimRequest): number[] {
  const now = request.now ?? Date.now();
  const f = request.filter ?? {};
  const exclude = JSON.stringify(request.exclude ?? []);
  return db.transaction(() => {
    db.prepare(`UPDATE review_items SET claimed_until = ? WHERE claimed_by = ? AND status IN ('open', 'referred')`).run(iso(now + CLAIM_MS), request.reviewer);
    const ids = (
      db
        .prepare(
          `SELECT r.id FROM review_items r
           JOIN pages p ON p.id = r.page_id
           JOIN scan_files sf ON sf.sha256 = p.file_sha256
           LEFT JOIN forms f ON f.serial = r.serial
           WHERE r.status = @queue AND r.queue = @reviewQueue AND r.question_id IS NOT NULL AND p.outcome = 'read'
             AND (r.claimed_by IS NULL OR r.claimed_by = @reviewer OR r.claimed_until < @now)
             AND r.id NOT IN (SELECT value FROM json_each(@exclude))
             AND (@office IS NULL OR f.office_code = @office)
             AND (@question IS NULL OR r.question_id = @question)
             AND (@reason IS NULL OR ',' || r.reason || ',' LIKE '%,' || @reason || ',%')
             AND (@batch IS NULL OR sf.batch = @batch)
             AND NOT EXISTS (SELECT 1 FROM review_actions a WHERE a.review_item_id = r.id AND a.action = 'entered' AND a.actor = @reviewer)
           ORDER BY r.priority DESC, r.id
           LIMIT @count`,
        )
        .all({
          queue: request.queue,
          reviewQueue: request.reviewQueue ?? 'counting',
          reviewer: request.reviewer,
          now: iso(now),
          exclude,
          office: f.office ?? null,
          question: f.questionId ?? null,
          reason: f.reason ?? null,
          batch: f.batch ?? null,
          count: request.count ?? 1,
        }) as { id: number }[]
    ).map((r) => r.id);
    const claim = db.prepare('UPDATE review_items SET claimed_by = ?, claimed_until = ? WHERE id = ?');
    for (const id of ids) claim.run(request.reviewer, iso(now + CLAIM_MS), id);
    return ids;
  }).immediate();
}

/** Frees every item a reviewer holds (log-out, closing the screen). */
export function releaseClaims(db: Db, reviewer: string): void {
  db.prepare(`UPDATE review_items SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ? AND status IN ('open', 'referred')`).run(reviewer);
}

export interface Decision {
  itemId: number;
  actor: string;
  /** Supervisors (and admins) work the referred queue and may revise anyone's decision. */
  supervisor: boolean;
  value: unknown;
  note?: string;
  now?: number;
}

export type DecisionOutcome = 'resolved' | 'entered' | 'mismatch';

/**
 * Records a reviewer's answer for a field: a correction appended with who, when and why, and the item resolved. With
 * double entry on, a handwritten field needs two independent keyings; the second either confirms the first or sends
 * both to a supervisor. A reviewer going back to an item they resolved appends a new correction: nothing is erased.
 */
export function decide(db: Db, decision: Decision): DecisionOutcome {
  const now = decision.now ?? Date.now();
  return db.transaction((): DecisionOutcome => {
    const item = db.prepare('SELECT id, status, serial, question_id, claimed_by, claimed_until, page_id FROM review_items WHERE id = ? AND question_id IS NOT NULL').get(decision.itemId) as
      | { id: number; status: string; serial: number; question_id: string; claimed_by: string | null; claimed_until: string | null; page_id: number }
      | undefined;
    if (!item) throw new PhieuError('reviewItemMissing', { item: decision.itemId });
    mayDecide(db, item, decision, now);
    const view = fieldItemView(db, item.id);
    const layoutHash = (db.prepare('SELECT layout_hash FROM pages WHERE id = ?').get(item.page_id) as { layout_hash: string }).layout_hash;
    const question = knownLayout(db, layoutHash)?.questions.get(item.question_id)?.question;
    if (!view || !question) throw new PhieuError('reviewItemWithoutQuestion', { item: item.id });
    const value: AnswerValue = canonicalAnswer(question, decision.value);
    const action = db.prepare('INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, ?, ?)');
    if (item.status === 'open' && isKeyedKind(question.kind) && doubleEntryEnabled(db)) {
      const first = db.prepare(`SELECT actor, detail_json FROM review_actions WHERE review_item_id = ? AND action = 'entered' ORDER BY id LIMIT 1`).get(item.id) as
        | { actor: string; detail_json: string }
        | undefined;
      action.run(item.id, decision.actor, 'entered', JSON.stringify({ value }));
      if (!first) {
        db.prepare('UPDATE review_items SET claimed_by = NULL, claimed_until = NULL WHERE id = ?').run(item.id);
        return 'entered';
      }
      const firstValue = (JSON.parse(first.detail_json) as { value: AnswerValue }).value;
      if (!sameAnswer(firstValue, value)) {
        db.prepare(`UPDATE review_items SET status = 'referred', claimed_by = NULL, claimed_until = NULL WHERE id = ?`).run(item.id);
        action.run(item.id, decision.actor, 'referred', JSON.stringify({ reason: 'doubleEntryMismatch', values: [firstValue, value], by: [first.actor, decision.actor] }));
        return 'mismatch';
      }
    }
    const changed = !sameAnswer(value, view.read.value ?? (Array.isArray(value) ? [] : ''));
    db.prepare('INSERT INTO corrections (serial, question_id, value_json, reviewer, reason, review_item_id) VALUES (?, ?, ?, ?, ?, ?)').run(
      item.serial,
      item.question_id,
      JSON.stringify(value),
      decision.actor,
      decision.note ?? (changed ? 'changed' : 'confirmed'),
      item.id,
    );
    db.prepare(`UPDATE review_items SET status = 'resolved', claimed_by = NULL, claimed_until = NULL WHERE id = ?`).run(item.id);
    action.run(item.id, decision.actor, 'resolved', JSON.stringify({ value, changed }));
    if (question.kind === 'digits' || question.kind === 'date') {
      // What the reviewer typed teaches the digit recogniser (phieu train digits).
      const cells = readDigitCells(db, item.page_id, item.question_id);
      if (cells) keepTypedDigits(db, { reviewItemId: item.id, pageId: item.page_id, questionId: item.question_id, typedBy: decision.actor }, typedDigitsByCell(cells, value));
    }
    audit(db, decision.actor, 'correction', { item: item.id, serial: item.serial, questionId: item.question_id, value, changed });
    return 'resolved';
  }).immediate();
}

function mayDecide(db: Db, item: { id: number; status: string; claimed_by: string | null; claimed_until: string | null }, decision: Decision, now: number): void {
  if (item.status === 'referred' && !decision.supervisor) throw new PhieuError('reviewSupervisorOnly', {});
  if (item.status === 'resolved') {
    if (decision.supervisor) return;
    const last = db.prepare(`SELECT actor FROM review_actions WHERE review_item_id = ? AND action = 'resolved' ORDER BY id DESC LIMIT 1`).get(item.id) as { actor: string } | undefined;
    if (last?.actor !== decision.actor) throw new PhieuError('reviewDecidedByOther', {});
    return;
  }
  const heldByOther = item.claimed_by !== null && item.claimed_by !== decision.actor && (item.claimed_until ?? '') >= iso(now);
  if (item.claimed_by !== decision.actor && (heldByOther || !decision.supervisor)) throw new PhieuError('reviewClaimLost', { minutes: CLAIM_MS / 60000 });
}

/** Sends an item to the supervisor's queue, with the reviewer's note. */
export function refer(db: Db, request: { itemId: number; actor: string; note?: string }): void {
  db.transaction(() => {
    const { changes } = db
      .prepare(`UPDATE review_items SET status = 'referred', claimed_by = NULL, claimed_until = NULL WHERE id = ? AND status = 'open' AND claimed_by = ? AND question_id IS NOT NULL`)
      .run(request.itemId, request.actor);
    if (!changes) throw new PhieuError('reviewReferOnlyHeld', {});
    db.prepare(`INSERT INTO review_actions (review_item_id, actor, action, detail_json) VALUES (?, ?, 'referred', ?)`).run(request.itemId, request.actor, JSON.stringify({ note: request.note ?? null }));
    audit(db, request.actor, 'review.referred', { item: request.itemId, note: request.note ?? null });
  }).immediate();
}

const DOUBLE_ENTRY: Setting<boolean> = { key: 'review.doubleEntry', parse: (v) => z.boolean().parse(v), unset: false };

export function doubleEntryEnabled(db: Db): boolean {
  return readSetting(db, DOUBLE_ENTRY);
}

export function setDoubleEntry(db: Db, on: boolean, actor: string): void {
  writeSetting(db, DOUBLE_ENTRY, on, actor);
}
