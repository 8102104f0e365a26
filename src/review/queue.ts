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
import { appendCorrection, claimItems, decisionItem, firstEntry, lastResolver, recordReviewAction, referHeldItem, releaseItemsOf, setItemStatus, type DecisionItem } from '../store/reviewQueue.js';
import { storedPageInfo } from '../store/scans.js';

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

// What the first keying under double entry stored; checked, since the second is compared with it.
const KeyedEntry = z.object({ value: z.union([z.string(), z.array(z.string())]) });

/**
 * Claims the next items in order of doubt for one reviewer, and renews the claims the reviewer already holds. One
 * IMMEDIATE transaction: two reviewers, even in two processes, never get the same item.
 */
export function claimNext(db: Db, request: ClaimRequest): number[] {
  const now = request.now ?? Date.now();
  const f = request.filter ?? {};
  return claimItems(
    db,
    {
      reviewer: request.reviewer,
      status: request.queue,
      reviewQueue: request.reviewQueue ?? 'counting',
      exclude: request.exclude ?? [],
      office: f.office ?? null,
      questionId: f.questionId ?? null,
      reason: f.reason ?? null,
      batch: f.batch ?? null,
      count: request.count ?? 1,
    },
    iso(now),
    iso(now + CLAIM_MS),
  );
}

/** Frees every item a reviewer holds (log-out, closing the screen). */
export function releaseClaims(db: Db, reviewer: string): void {
  releaseItemsOf(db, reviewer);
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
    const item = decisionItem(db, decision.itemId);
    if (!item) throw new PhieuError('reviewItemMissing', { item: decision.itemId });
    mayDecide(db, item, decision, now);
    const view = fieldItemView(db, item.id);
    const layoutHash = storedPageInfo(db, item.pageId)?.layoutHash;
    const question = layoutHash ? knownLayout(db, layoutHash)?.questions.get(item.questionId)?.question : undefined;
    if (!view || !question) throw new PhieuError('reviewItemWithoutQuestion', { item: item.id });
    const value: AnswerValue = canonicalAnswer(question, decision.value);
    if (item.status === 'open' && isKeyedKind(question.kind) && doubleEntryEnabled(db)) {
      const first = firstEntry(db, item.id);
      recordReviewAction(db, item.id, decision.actor, 'entered', { value });
      if (!first) {
        setItemStatus(db, item.id, 'open');
        return 'entered';
      }
      const firstValue = KeyedEntry.parse(first.detail).value;
      if (!sameAnswer(firstValue, value)) {
        setItemStatus(db, item.id, 'referred');
        recordReviewAction(db, item.id, decision.actor, 'referred', { reason: 'doubleEntryMismatch', values: [firstValue, value], by: [first.actor, decision.actor] });
        return 'mismatch';
      }
    }
    const changed = !sameAnswer(value, view.read.value ?? (Array.isArray(value) ? [] : ''));
    appendCorrection(db, { serial: item.serial, questionId: item.questionId, valueJson: JSON.stringify(value), reviewer: decision.actor, reason: decision.note ?? (changed ? 'changed' : 'confirmed'), itemId: item.id });
    setItemStatus(db, item.id, 'resolved');
    recordReviewAction(db, item.id, decision.actor, 'resolved', { value, changed });
    if (question.kind === 'digits' || question.kind === 'date') {
      // What the reviewer typed teaches the digit recogniser (phieu train digits).
      const cells = readDigitCells(db, item.pageId, item.questionId);
      if (cells) keepTypedDigits(db, { reviewItemId: item.id, pageId: item.pageId, questionId: item.questionId, typedBy: decision.actor }, typedDigitsByCell(cells, value));
    }
    audit(db, decision.actor, 'correction', { item: item.id, serial: item.serial, questionId: item.questionId, value, changed });
    return 'resolved';
  }).immediate();
}

function mayDecide(db: Db, item: DecisionItem, decision: Decision, now: number): void {
  if (item.status === 'referred' && !decision.supervisor) throw new PhieuError('reviewSupervisorOnly', {});
  if (item.status === 'resolved') {
    if (decision.supervisor) return;
    if (lastResolver(db, item.id) !== decision.actor) throw new PhieuError('reviewDecidedByOther', {});
    return;
  }
  const heldByOther = item.claimedBy !== null && item.claimedBy !== decision.actor && (item.claimedUntil ?? '') >= iso(now);
  if (item.claimedBy !== decision.actor && (heldByOther || !decision.supervisor)) throw new PhieuError('reviewClaimLost', { minutes: CLAIM_MS / 60000 });
}

/** Sends an item to the supervisor's queue, with the reviewer's note. */
export function refer(db: Db, request: { itemId: number; actor: string; note?: string }): void {
  db.transaction(() => {
    if (!referHeldItem(db, request.itemId, request.actor)) throw new PhieuError('reviewReferOnlyHeld', {});
    recordReviewAction(db, request.itemId, request.actor, 'referred', { note: request.note ?? null });
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
