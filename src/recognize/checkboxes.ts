import type { Rect } from '../layout/types.js';
import type { RecognitionSettings } from './settings.js';
import { pixelAt, type GrayImage } from '../image/grayImage.js';
import type { Homography } from './homography.js';

export type BoxState = 'empty' | 'marginal' | 'marked' | 'cancelled';

export interface BoxRead {
  code: string;
  /** Ink inside the box's inner area, 0 (paper) to 1 (solid ink). Kept raw, so thresholds can be tuned later. */
  score: number;
  /** How far the ink spreads across the inner area, 0 to 1: a cross or tick spans it, a dot or a blot does not. */
  extent: number;
  /** Separate spots of real ink in the inner area: a scanner speck makes one, the remains of a faint stroke many. */
  spots: number;
  state: BoxState;
}

export interface BoxInk {
  score: number;
  extent: number;
  spots: number;
}

export type ChoiceKind = 'single' | 'multiple' | 'scale';

export type ChoiceReason = 'marginalMark' | 'multipleAnswers' | 'tooManyAnswers' | 'cancelledOnly' | 'heavyMark';

export interface ChoiceRead {
  boxes: BoxRead[];
  /** The codes read as chosen. */
  value: string[];
  reasons: ChoiceReason[];
}

/**
 * Ink in the inner area of a printed box, sampled at about one point per image pixel through the page transform.
 * Ink is soft: a pixel at half the paper's brightness or darker counts fully, lighter grey counts in part, so pencil
 * and JPEG-blurred strokes are not lost to a hard threshold.
 */
export function scoreBox(image: GrayImage, transform: Homography, rect: Rect, paper: number, pixelsPerPoint: number, inset: number): BoxInk {
  const x0 = rect.x + rect.w * inset;
  const y0 = rect.y + rect.h * inset;
  const w = rect.w * (1 - 2 * inset);
  const h = rect.h * (1 - 2 * inset);
  const n = Math.max(4, Math.round(Math.max(w, h) * pixelsPerPoint));
  const full = paper * 0.5;
  const [a, b, c, d, e, f, g, hh, k] = transform;
  let ink = 0;
  let strong = 0;
  const real = new Uint8Array(n * n);
  let sumI = 0;
  let sumJ = 0;
  let sumII = 0;
  let sumJJ = 0;
  for (let j = 0; j < n; j++) {
    const v = y0 + ((j + 0.5) * h) / n;
    for (let i = 0; i < n; i++) {
      const u = x0 + ((i + 0.5) * w) / n;
      const q = g * u + hh * v + k;
      const darkness = paper - pixelAt(image, (a * u + b * v + c) / q, (d * u + e * v + f) / q);
      if (darkness <= 0) continue;
      const weight = Math.min(1, darkness / full);
      ink += weight;
      // Only real ink counts towards the spread; the faint haze of JPEG blocks around a dot would widen it.
      if (weight < 0.5) continue;
      real[j * n + i] = 1;
      strong += weight;
      sumI += weight * i;
      sumJ += weight * j;
      sumII += weight * i * i;
      sumJJ += weight * j * j;
    }
  }
  if (strong === 0) return { score: ink / (n * n), extent: 0, spots: 0 };
  // The ink's spread as the length of a uniform stroke with the same variance (√12·σ): a stroke right across the box
  // gives 1, a dot its diameter's share; a lone speck weighs too little to move it.
  const variance = Math.max(sumII / strong - (sumI / strong) ** 2, sumJJ / strong - (sumJ / strong) ** 2);
  return { score: ink / (n * n), extent: Math.min(1, Math.sqrt(12 * Math.max(0, variance)) / n), spots: countSpots(real, n) };
}

/** Groups of touching pixels (sideways or corner to corner) in an n × n mask; the mask is used up. */
function countSpots(mask: Uint8Array, n: number): number {
  let spots = 0;
  const stack: number[] = [];
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start]) continue;
    spots++;
    mask[start] = 0;
    stack.push(start);
    while (stack.length > 0) {
      const at = stack.pop()!;
      const x = at % n;
      const y = (at - x) / n;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(n - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(n - 1, x + 1); xx++) {
          if (!mask[yy * n + xx]) continue;
          mask[yy * n + xx] = 0;
          stack.push(yy * n + xx);
        }
      }
    }
  }
  return spots;
}

/**
 * The fewest separate spots of ink that make a box with too little ink for a mark marginal, on this page.
 *
 * A light pencil stroke on a bilevel scan keeps only the grains of lead darker than the scanner's threshold: a dotted
 * trace of a few pixels, 1–4 % of the box, under `emptyBelow`, that a person still sees as a mark. What sets it apart
 * from dust is not its ink but its spots: specks land on the page at random, so the number in one box follows a
 * Poisson law whose rate the page itself shows — in the share of its empty-looking boxes that hold no spot at all
 * (P(0) = e^−rate, an estimate a few marks among them barely move). A box holding more spots than specks give in
 * `speckChance` of empty boxes goes to a person. One spot alone never does: that is what a speck looks like.
 */
export function faintMarkSpots(inks: BoxInk[], s: RecognitionSettings['checkbox']): number {
  const quiet = inks.filter((i) => i.score < s.emptyBelow);
  const clean = quiet.filter((i) => i.spots === 0).length;
  // Half a box either way keeps the rate finite on a page where no box is clean, and above zero where all are.
  const rate = Math.log((quiet.length + 1) / (clean + 0.5));
  let spots = 2;
  let below = Math.exp(-rate) * (1 + rate); // P(fewer than `spots` specks)
  let term = Math.exp(-rate) * rate;
  while (1 - below > s.speckChance) {
    term *= rate / spots;
    below += term;
    spots++;
  }
  return spots;
}

/** `faintSpots`: the page's `faintMarkSpots`; without it, only the ink score tells an empty box. */
export function classifyBox({ score, extent, spots }: BoxInk, s: RecognitionSettings['checkbox'], faintSpots = Infinity): BoxState {
  if (score >= s.cancelledFrom) return 'cancelled';
  if (score >= s.heavyFrom) return 'marginal';
  if (score >= s.markedFrom) {
    // Enough ink gathered in one spot (a blot, a resting pen) is not a mark a person made across the box, and a box
    // just over either threshold might have read under it on another scan: ask about both.
    const clear = 1 + s.doubtMargin;
    return score >= s.markedFrom * clear && extent >= s.minMarkExtent * clear ? 'marked' : 'marginal';
  }
  if (score >= s.emptyBelow || spots >= faintSpots) return 'marginal';
  return 'empty';
}

/**
 * A box over the mark line, spread across the box as a stroke is, but inside the doubt margin — a light tick on a
 * bilevel scan — is read as the answer when every other box of its question is empty: had it scored a quarter lower
 * on another scan it would still be ink no empty box holds, and a dot or a blot never spreads that far. Beside any
 * other ink it stays a doubt.
 */
function loneLightMark(boxes: BoxRead[], s: RecognitionSettings['checkbox']): BoxRead | undefined {
  const inked = boxes.filter((b) => b.state !== 'empty');
  if (inked.length !== 1) return undefined;
  const [box] = inked;
  const clear = 1 + s.doubtMargin;
  return box.state === 'marginal' && box.score >= s.markedFrom && box.score < s.heavyFrom && box.extent >= s.minMarkExtent * clear ? box : undefined;
}

/**
 * Applies the rules of a question to its boxes. Nothing doubtful is decided silently: a marginal box, two answers to
 * a one-answer question, more marks than a multiple-answer question allows (`maxChoices`), a heavy box that may be a
 * cancellation, and a cancellation with no other mark all go to a
 * person, with the reason. Two patterns are not doubtful: a light mark alone in its question (loneLightMark), and in a
 * one-answer question a clear mark whose only company is dotted traces under the empty line (specks, or the grains an
 * eraser left of a pencil mark the respondent rubbed out before marking in pen): the clear mark is the answer. A faint
 * pencil second answer beside a pen mark would read the same way; on the realistic workload no respondent does that,
 * and the trace is still kept in the read's boxes for anyone checking.
 */
export function readChoice(
  kind: ChoiceKind,
  options: readonly { code: string }[],
  inks: readonly BoxInk[],
  s: RecognitionSettings['checkbox'],
  faintSpots = Infinity,
  maxChoices = Infinity,
): ChoiceRead {
  const boxes = options.map((o, i) => ({ code: o.code, score: round(inks[i].score), extent: round(inks[i].extent), spots: inks[i].spots, state: classifyBox(inks[i], s, faintSpots) }));
  const lone = loneLightMark(boxes, s);
  if (lone) lone.state = 'marked';
  const marked = boxes.filter((b) => b.state === 'marked');
  const reasons = new Set<ChoiceReason>();
  for (const b of boxes) {
    if (b.state !== 'marginal') continue;
    if (kind !== 'multiple' && marked.length === 1 && b.score < s.emptyBelow) continue;
    reasons.add(b.score >= s.heavyFrom ? 'heavyMark' : 'marginalMark');
  }
  if (kind !== 'multiple' && marked.length > 1) reasons.add('multipleAnswers');
  if (kind === 'multiple' && marked.length > maxChoices) reasons.add('tooManyAnswers');
  if (marked.length === 0 && boxes.some((b) => b.state === 'cancelled')) reasons.add('cancelledOnly');
  return { boxes, value: marked.map((b) => b.code), reasons: [...reasons] };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
