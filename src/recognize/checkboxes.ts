import type { BoxOption, Rect } from '../layout/types.js';
import type { RecognitionSettings } from './settings.js';
import { pixelAt, type GrayImage } from './image.js';
import type { Homography } from './homography.js';

export type BoxState = 'empty' | 'marginal' | 'marked' | 'cancelled';

export interface BoxRead {
  code: string;
  /** Ink inside the box's inner area, 0 (paper) to 1 (solid ink). Kept raw, so thresholds can be tuned later. */
  score: number;
  state: BoxState;
}

export type ChoiceReason = 'marginalMark' | 'multipleAnswers' | 'cancelledOnly' | 'heavyMark';

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
export function scoreBox(image: GrayImage, transform: Homography, rect: Rect, paper: number, pixelsPerPoint: number, inset: number): number {
  const x0 = rect.x + rect.w * inset;
  const y0 = rect.y + rect.h * inset;
  const w = rect.w * (1 - 2 * inset);
  const h = rect.h * (1 - 2 * inset);
  const n = Math.max(4, Math.round(Math.max(w, h) * pixelsPerPoint));
  const full = paper * 0.5;
  const [a, b, c, d, e, f, g, hh, k] = transform;
  let ink = 0;
  for (let j = 0; j < n; j++) {
    const v = y0 + ((j + 0.5) * h) / n;
    for (let i = 0; i < n; i++) {
      const u = x0 + ((i + 0.5) * w) / n;
      const q = g * u + hh * v + k;
      const darkness = paper - pixelAt(image, (a * u + b * v + c) / q, (d * u + e * v + f) / q);
      if (darkness > 0) ink += Math.min(1, darkness / full);
    }
  }
  return ink / (n * n);
}

export function classifyBox(score: number, s: RecognitionSettings['checkbox']): BoxState {
  if (score >= s.cancelledFrom) return 'cancelled';
  if (score >= s.heavyFrom) return 'marginal';
  if (score >= s.markedFrom) return 'marked';
  if (score >= s.emptyBelow) return 'marginal';
  return 'empty';
}

/**
 * Applies the rules of a question to its boxes. Nothing doubtful is decided silently: a marginal box, two answers to
 * a one-answer question, a heavy box that may be a cancellation, and a cancellation with no other mark all go to a
 * person, with the reason.
 */
export function readChoice(kind: 'single' | 'multiple' | 'scale', options: BoxOption[], scores: number[], s: RecognitionSettings['checkbox']): ChoiceRead {
  const boxes = options.map((o, i) => ({ code: o.code, score: round(scores[i]), state: classifyBox(scores[i], s) }));
  const marked = boxes.filter((b) => b.state === 'marked');
  const reasons = new Set<ChoiceReason>();
  for (const b of boxes) {
    if (b.state === 'marginal') reasons.add(b.score >= s.heavyFrom ? 'heavyMark' : 'marginalMark');
  }
  if (kind !== 'multiple' && marked.length > 1) reasons.add('multipleAnswers');
  if (marked.length === 0 && boxes.some((b) => b.state === 'cancelled')) reasons.add('cancelledOnly');
  return { boxes, value: marked.map((b) => b.code), reasons: [...reasons] };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
