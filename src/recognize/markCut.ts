import { faintMarkSpots, readChoice, type BoxRead, type ChoiceKind, type ChoiceRead } from './checkboxes.js';
import type { RecognitionSettings } from './settings.js';

/** Where a batch draws the line between an empty box and a mark (see RecognitionSettings.checkbox). */
export interface MarkCut {
  emptyBelow: number;
  markedFrom: number;
}

/**
 * How far a cut may move, whoever moves it. Under 0.02 a speck or the grey of a photocopy is a doubt; over 0.08 a light
 * pencil cross passes for paper; a mark must clear 0.08–0.16 (by the doubt margin) to be read without a person; and a
 * marginal band at least 0.03 wide stays between the two, so a box near the line is always asked about.
 */
export const CUT_BOUNDS = { emptyBelow: { min: 0.02, max: 0.08 }, markedFrom: { min: 0.08, max: 0.16 }, minBand: 0.03 } as const;

/** Fewer boxes than this do not show their batch's paper and scanner: the default stays. */
export const MIN_BOXES_TO_CALIBRATE = 200;

/** Who set a batch's cut: the reader from the batch's own scores, or a supervisor. */
export type MarkCutSource = 'auto' | 'supervisor';
export const MARK_CUT_SOURCE_LABELS: Record<MarkCutSource, string> = { auto: 'tự đặt theo điểm mực của lô', supervisor: 'giám sát viên đặt' };

export type CalibrationOutcome =
  /** The empty boxes sit where the default expects them: nothing to move. */
  | 'default'
  /** The empty boxes sit higher (grey paper, a dirty scanner): the cut follows them. */
  | 'calibrated'
  | 'fewBoxes'
  /** No clear crowd of empty boxes under the bounds: the default stays and the doubtful boxes go to people. */
  | 'ambiguous';

export interface Calibration {
  cut: MarkCut;
  outcome: CalibrationOutcome;
  /** The batch's empty boxes: their typical score and the score 99 % of them stay under. */
  empty: { median: number; top: number; share: number };
}

/**
 * The cut a batch's own box scores call for. Most boxes of a form are empty (one answer in four or five boxes), so the
 * median box and its neighbours are the batch's paper as the scanner saw it; the cut moves up only when that crowd of
 * empty boxes itself sits high — never because of a few boxes in a gap, which is where light pencil marks lie. The
 * marginal band keeps its width above the new empty line, so the boxes just over it still reach a person, and
 * neither line leaves CUT_BOUNDS: a batch whose empty boxes reach past them is ambiguous and keeps the default.
 */
export function calibrateCut(scores: readonly number[], s: RecognitionSettings['checkbox']): Calibration {
  const base: MarkCut = { emptyBelow: s.emptyBelow, markedFrom: s.markedFrom };
  const sorted = [...scores].sort((a, b) => a - b);
  if (sorted.length < MIN_BOXES_TO_CALIBRATE) return { cut: base, outcome: 'fewBoxes', empty: { median: quantile(sorted, 0.5), top: quantile(sorted, 0.99), share: 0 } };
  const median = quantile(sorted, 0.5);
  // The spread of the empty crowd, robustly (a median absolute deviation as a standard deviation), never under the
  // 0.2 % of a box a single grain of toner moves the score by.
  const spread = Math.max(EMPTY_SPREAD_FLOOR, 1.4826 * quantile(sorted.map((x) => Math.abs(x - median)).sort((a, b) => a - b), 0.5));
  const crowd = sorted.filter((x) => x <= median + EMPTY_CROWD_SPREADS * spread);
  const empty = { median, top: quantile(crowd, 0.99), share: crowd.length / sorted.length };
  if (empty.share < EMPTY_CROWD_LEAST) return { cut: base, outcome: 'ambiguous', empty };
  const emptyBelow = Math.max(base.emptyBelow, empty.top + EMPTY_HEADROOM);
  if (emptyBelow === base.emptyBelow) return { cut: base, outcome: 'default', empty };
  if (emptyBelow > CUT_BOUNDS.emptyBelow.max) return { cut: base, outcome: 'ambiguous', empty };
  const markedFrom = Math.max(base.markedFrom, emptyBelow + (base.markedFrom - base.emptyBelow));
  if (markedFrom > CUT_BOUNDS.markedFrom.max) return { cut: base, outcome: 'ambiguous', empty };
  return { cut: { emptyBelow: round(emptyBelow), markedFrom: round(markedFrom) }, outcome: 'calibrated', empty };
}

/** Why a cut cannot be used, in Vietnamese, or null when it is within CUT_BOUNDS. */
export function cutProblem(cut: MarkCut): string | null {
  const { emptyBelow: e, markedFrom: m } = CUT_BOUNDS;
  if (!(cut.emptyBelow >= e.min && cut.emptyBelow <= e.max)) return `Ngưỡng ô trống phải trong khoảng ${e.min}–${e.max} (đã cho ${cut.emptyBelow})`;
  if (!(cut.markedFrom >= m.min && cut.markedFrom <= m.max)) return `Ngưỡng ô có dấu phải trong khoảng ${m.min}–${m.max} (đã cho ${cut.markedFrom})`;
  if (cut.markedFrom - cut.emptyBelow < CUT_BOUNDS.minBand - 1e-9) return `Ngưỡng ô có dấu phải cao hơn ngưỡng ô trống ít nhất ${CUT_BOUNDS.minBand}, để ô ở giữa vẫn đến tay người duyệt`;
  return null;
}

export function withCut(s: RecognitionSettings['checkbox'], cut: MarkCut): RecognitionSettings['checkbox'] {
  return { ...s, emptyBelow: cut.emptyBelow, markedFrom: cut.markedFrom };
}

/** A crowd of boxes within this many spreads of the median box is the batch's empty boxes. */
const EMPTY_CROWD_SPREADS = 6;
const EMPTY_SPREAD_FLOOR = 0.002;
/** At least this share of a batch's boxes must be in the empty crowd: forms have one answer in several boxes. */
const EMPTY_CROWD_LEAST = 0.5;
/** The empty line sits this far over the top of the empty crowd, so its last boxes are not each a doubt. */
const EMPTY_HEADROOM = 0.01;

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A box question as a page's read keeps it: its boxes' raw ink, so it can be decided again under another cut. */
export interface StoredChoice {
  questionId: string;
  kind: ChoiceKind;
  boxes: readonly BoxRead[];
}

/**
 * The box questions of one page decided again under a cut, as the reader would have decided them: the page's empty
 * boxes (under the cut's empty line) show again how specked it is.
 */
export function decidePageAgain(choices: readonly StoredChoice[], s: RecognitionSettings['checkbox']): Map<string, ChoiceRead> {
  const faintSpots = faintMarkSpots(choices.flatMap((c) => c.boxes), s);
  return new Map(choices.map((c) => [c.questionId, readChoice(c.kind, c.boxes, c.boxes, s, faintSpots)]));
}
