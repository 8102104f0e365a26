import type { GrayImage } from '../image/grayImage.js';
import { readCellInk, type CellState } from './cellInk.js';
import type { DigitClassifier } from './digitClassifier.js';
import { normalizeDigit } from './normalizeDigit.js';
import type { HandwritingSettings } from './settings.js';
import { checkVietnamesePhone } from '../phone/vietnamesePhone.js';

/** Why a field of digit cells goes to a person. */
export type DigitFieldReason = 'doubtfulDigit' | 'crossedOut' | 'badPhone' | 'badDate' | 'notInRegister';

export interface DigitCellRead {
  state: CellState;
  /** The digit read, or null for an empty or struck-out cell. */
  digit: string | null;
  /** The recogniser's confidence in that digit (0–1); 1 for an empty cell, 0 for a struck-out one. */
  confidence: number;
  /** Each digit's probability (0–9) for a written cell, rounded; absent from reads made before they were kept. */
  probabilities?: number[];
  /** A written cell with ink over `heavyFrom` of it: its digit is sure only from `heavyAcceptFrom` (see isSureDigit). */
  heavy?: true;
  /** A written cell with a line through it that may be a strike: its digit is sure only from `mayBeStruckAcceptFrom`. */
  mayBeStruck?: true;
}

export interface DigitFieldRead {
  /** The digits in cell order ('' when every cell is empty); a date as dd/mm/yyyy once it is a real date. */
  value: string;
  cells: DigitCellRead[];
  /** The least sure cell's confidence. */
  confidence: number;
  reasons: DigitFieldReason[];
  /** What a digits comb holds (the known values it may be matched with); absent for a date. */
  format?: 'phone' | 'caseCode' | 'number';
  /** What settled a doubtful read without a person (see applyKnownValues). */
  settledBy?: 'register' | 'knownValue' | 'calendar' | 'noCountingChange';
  /** The likeliest values the known lists allow, best first, for the reviewer to choose from. */
  candidates?: string[];
  /**
   * A doubtful phone none of whose plausible readings could change a count when it was read (see settlePhone): every
   * valid reading, likeliest first. It waits to be typed in the transcription queue, and the form counts meanwhile —
   * unless, when results are counted, one of these readings has become a staff phone or a person's at the forms limit.
   */
  phoneReadings?: string[];
  /**
   * A quick form's doubtful case code none of whose plausible readings could change a count when it was read (see
   * settleCaseCode): every reading, likeliest first, as the register spells it where it holds it. It waits to be typed
   * in the transcription queue, and the form counts for its office meanwhile — unless, when results are counted, one
   * of these cases has been answered on another form or its person's phone has come to matter.
   */
  caseReadings?: string[];
}

export type DigitFieldKind = { kind: 'digits'; format: 'phone' | 'caseCode' | 'number' } | { kind: 'date' };

/** Reads a comb of digit cells and decides the field (see decideDigitField). */
export function readDigitField(cells: GrayImage[], field: DigitFieldKind, paper: number, classify: DigitClassifier, s: HandwritingSettings): DigitFieldRead {
  return decideDigitField(cells.map((clip) => readDigitCell(clip, paper, classify, s)), field, s);
}

/** One cell: empty, a digit with the recogniser's confidence, or struck out. */
export function readDigitCell(clip: GrayImage, paper: number, classify: DigitClassifier, s: HandwritingSettings): DigitCellRead {
  const cell = readCellInk(clip, paper, s);
  if (cell.state !== 'written') return { state: cell.state, digit: null, confidence: cell.state === 'empty' ? 1 : 0 };
  const guess = classify(normalizeDigit(cell.digit));
  const probabilities = guess.probabilities.map((p) => Number(p.toPrecision(4)));
  return {
    state: 'written',
    digit: String(guess.digit),
    confidence: guess.confidence,
    probabilities,
    ...(cell.inkShare >= s.digits.heavyFrom ? { heavy: true } : {}),
    ...(cell.mayBeStruck ? { mayBeStruck: true } : {}),
  };
}

/**
 * Whether a cell holds a digit the reader is sure of. A heavy cell, or one a line may strike through, must be surer: a
 * felt-tip zig-zag whose passes run into the digit's bold strokes can pass for a bold digit, a digit struck through
 * low down for a bold 2, and a cancelled digit read as sure is a silent wrong read.
 */
export function isSureDigit(c: DigitCellRead, s: Pick<HandwritingSettings['digits'], 'acceptFrom' | 'heavyAcceptFrom' | 'mayBeStruckAcceptFrom'>): boolean {
  if (c.state !== 'written') return false;
  const from = Math.max(c.heavy ? s.heavyAcceptFrom : s.acceptFrom, c.mayBeStruck ? s.mayBeStruckAcceptFrom : 0);
  return c.confidence >= from;
}

/**
 * The field from its cells. A field with a doubtful digit, a struck-out cell or a gap between written cells goes to
 * review, and so does a phone number that breaks Vietnamese numbering rules or a date that is no date. A field left
 * wholly empty is an empty answer, not a doubt.
 */
export function decideDigitField(reads: DigitCellRead[], field: DigitFieldKind, s: HandwritingSettings): DigitFieldRead {
  const digits = reads.map((c) => c.digit ?? '').join('');
  const confidence = Math.min(...reads.map((c) => c.confidence));
  const format = field.kind === 'digits' ? { format: field.format } : {};
  if (reads.every((c) => c.state === 'empty')) return { value: '', cells: reads, confidence, reasons: [], ...format };
  const reasons = new Set<DigitFieldReason>();
  if (reads.some((c) => c.state === 'crossedOut')) reasons.add('crossedOut');
  const used = reads.flatMap((c, i) => (c.state === 'empty' ? [] : [i]));
  const gap = used[used.length - 1] - used[0] + 1 > used.length;
  if (gap || reads.some((c) => c.state === 'written' && !isSureDigit(c, s.digits))) reasons.add('doubtfulDigit');
  let value = digits;
  if (field.kind === 'digits' && field.format === 'phone' && !checkVietnamesePhone(digits).ok) reasons.add('badPhone');
  if (field.kind === 'date') {
    const date = asDate(digits);
    if (date) value = date;
    else reasons.add('badDate');
  }
  return { value, cells: reads, confidence, reasons: [...reasons], ...format };
}

/** ddmmyyyy as dd/mm/yyyy when it is a real calendar date, else undefined. */
export function asDate(digits: string): string | undefined {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(digits);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 ? `${m[1]}/${m[2]}/${m[3]}` : undefined;
}
