import { PhieuError } from '../errors/errorTable.js';
import type { BoxState } from '../recognize/checkboxes.js';
import { calibrateCut, cutProblem, decidePageAgain, withCut, type Calibration, type MarkCut } from '../recognize/markCut.js';
import { DEFAULT_SETTINGS } from '../recognize/settings.js';
import type { Db } from '../store/db.js';
import { batchPages, markBatch, saveMarkCut, type BatchPage, type MarkBatchSummary, type Redecision } from '../store/markCuts.js';

const CHECKBOX = DEFAULT_SETTINGS.checkbox;

export const DEFAULT_CUT: MarkCut = { emptyBelow: CHECKBOX.emptyBelow, markedFrom: CHECKBOX.markedFrom };

/** What a cut would make of a batch's box questions: the supervisor's what-if. */
export interface CutEffect {
  cut: MarkCut;
  boxes: Record<BoxState, number>;
  /** Box questions a person would see, and those read without one, under this cut alone. */
  questions: { review: number; accepted: number };
  /** Against how the batch stands now (questions a person already decided are left as they are): */
  changes: { toReview: number; accepted: number; valueChanged: number };
}

interface Effect {
  effect: CutEffect;
  redecisions: Redecision[];
}

function effectOf(pages: BatchPage[], cut: MarkCut): Effect {
  const s = withCut(CHECKBOX, cut);
  const effect: CutEffect = { cut, boxes: { empty: 0, marginal: 0, marked: 0, cancelled: 0 }, questions: { review: 0, accepted: 0 }, changes: { toReview: 0, accepted: 0, valueChanged: 0 } };
  const redecisions: Redecision[] = [];
  for (const page of pages) {
    for (const [questionId, read] of decidePageAgain(page.choices, s)) {
      for (const box of read.boxes) effect.boxes[box.state]++;
      const doubtful = read.reasons.length > 0;
      effect.questions[doubtful ? 'review' : 'accepted']++;
      const now = page.standing.get(questionId)!;
      if (now.decidedByPerson) continue;
      const where = { pageId: page.pageId, serial: page.serial, questionId };
      if (doubtful && now.openItem === null) redecisions.push({ kind: 'toReview', ...where, read });
      else if (!doubtful && (now.openItem !== null || !sameCodes(now.value, read.value))) {
        redecisions.push({ kind: 'accept', ...where, value: read.value, itemId: now.openItem });
        if (!sameCodes(now.value, read.value)) effect.changes.valueChanged++;
      }
    }
  }
  effect.changes.toReview = redecisions.filter((r) => r.kind === 'toReview').length;
  effect.changes.accepted = redecisions.filter((r) => r.kind === 'accept' && r.itemId !== null).length;
  return { effect, redecisions };
}

function knownBatch(db: Db, batch: number): MarkBatchSummary {
  const found = markBatch(db, batch);
  if (!found) throw new PhieuError('markBatchNotFound', { batch });
  return found;
}

function checkedCut(cut: MarkCut): MarkCut {
  const problem = cutProblem(cut);
  if (problem) throw new PhieuError('markCutOutOfBounds', { problem });
  return cut;
}

export interface MarkBatchView {
  batch: MarkBatchSummary;
  defaultCut: MarkCut;
  /** What the batch's own scores call for. */
  calibration: Calibration;
  current: CutEffect;
  /** Each candidate cut given, against the batch as it stands. */
  whatIf: CutEffect[];
}

/** A batch, its cut in force, what its scores call for, and what each candidate cut would change. */
export function markBatchView(db: Db, batch: number, candidates: MarkCut[] = []): MarkBatchView {
  const summary = knownBatch(db, batch);
  const pages = batchPages(db, batch);
  const current = summary.cut ?? DEFAULT_CUT;
  return {
    batch: summary,
    defaultCut: DEFAULT_CUT,
    calibration: calibrateCut(boxScores(pages), CHECKBOX),
    current: effectOf(pages, current).effect,
    whatIf: candidates.map((cut) => effectOf(pages, checkedCut(cut)).effect),
  };
}

/** Sets a batch's cut (within the bounds) and decides its box questions again under it; returns what it changed. */
export function applyMarkCut(db: Db, change: { batch: number; cut: MarkCut; actor: string; source: 'auto' | 'supervisor' }): CutEffect {
  const summary = knownBatch(db, change.batch);
  const cut = checkedCut(change.cut);
  const { effect, redecisions } = effectOf(batchPages(db, change.batch), cut);
  saveMarkCut(db, { batch: change.batch, cut, source: change.source, actor: change.actor, redecisions, previous: summary.cut ?? DEFAULT_CUT, newCut: true });
  return effect;
}

/**
 * Once files of a batch are read (their pages under the default cut): a cut a supervisor set stays in force; otherwise
 * the batch's box scores set it — a cut of its own only when its empty boxes sit clearly higher than the default
 * expects, else the default, whose doubtful boxes stay with people. The new pages are then decided under it.
 */
export function calibrateMarkBatch(db: Db, batch: number): Calibration {
  const summary = knownBatch(db, batch);
  const pages = batchPages(db, batch);
  const calibration = calibrateCut(boxScores(pages), CHECKBOX);
  const current = summary.cut ?? DEFAULT_CUT;
  const cut = summary.cut?.source === 'supervisor' ? current : calibration.cut;
  const newCut = !sameCut(cut, current);
  const { redecisions } = effectOf(pages, cut);
  if (newCut || redecisions.length) saveMarkCut(db, { batch, cut, source: newCut ? 'auto' : (summary.cut?.source ?? 'auto'), actor: 'system', redecisions, previous: current, newCut });
  return calibration;
}

const sameCut = (a: MarkCut, b: MarkCut) => a.emptyBelow === b.emptyBelow && a.markedFrom === b.markedFrom;
const boxScores = (pages: BatchPage[]) => pages.flatMap((p) => p.choices.flatMap((c) => c.boxes.map((b) => b.score)));
const sameCodes = (a: string[], b: string[]) => a.length === b.length && a.every((c) => b.includes(c));
