import { isSureDigit, type DigitCellRead } from './readDigitField.js';
import { HANDWRITING_SETTINGS, type HandwritingSettings } from './settings.js';

type DigitSettings = HandwritingSettings['digits'];

/**
 * The kind of field a comb is, for which of its empty cells a digit must be in: any cell of a date (all eight are
 * written), else those between written cells (a phone or code may end short of its comb).
 */
export type CombKind = 'date' | 'digits';

/**
 * The cells of a comb the reader doubts, found struck out, or found empty where a digit must be (a faint or small
 * digit the reader missed): framed in red on the clip, and where the reviewer starts.
 */
export function doubtfulCells(cells: readonly DigitCellRead[], comb: CombKind, s: DigitSettings = HANDWRITING_SETTINGS.digits): number[] {
  const written = cells.flatMap((c, i) => (c.state === 'empty' ? [] : [i]));
  if (!written.length) return [];
  const [first, last] = comb === 'date' ? [0, cells.length - 1] : [written[0], written[written.length - 1]];
  return cells.flatMap((c, i) => ((c.state === 'empty' ? i >= first && i <= last : !isSureDigit(c, s)) ? [i] : []));
}

/**
 * A place to type over in the value read, in the order the reviewer meets them: `digit` is which digit of the value
 * (a date's slashes not counted); `insert` marks a struck-out cell or one found empty where a digit must be, whose
 * digit the value lacks and the reviewer types in before that digit; otherwise the digit is typed over.
 */
export interface TypeOverSpot {
  digit: number;
  insert: boolean;
}

/**
 * Where the reviewer types: the doubtful digits and the places of struck-out cells and of empty ones a digit must be
 * in, or, when the reader doubted nothing (a phone that breaks the numbering rules, a date that is no date), the least
 * sure digit. The review screen selects them in turn, so one key puts each right. Empty when the value does not hold
 * the digits read (a value the known lists put in their place): the reviewer then types the field in full.
 */
export function typeOverSpots(value: string, cells: readonly DigitCellRead[], comb: CombKind, s: DigitSettings = HANDWRITING_SETTINGS.digits): TypeOverSpot[] {
  const digits = value.replace(/\D/g, '');
  const read = cells.flatMap((c) => (c.digit === null ? [] : [c.digit]));
  if (!read.length || read.join('') !== digits) return [];
  const doubtful = new Set(doubtfulCells(cells, comb, s));
  const spots: TypeOverSpot[] = [];
  let digit = 0;
  cells.forEach((c, i) => {
    if (doubtful.has(i)) spots.push({ digit, insert: c.digit === null });
    if (c.digit !== null) digit++;
  });
  if (spots.length) return spots;
  const written = cells.flatMap((c) => (c.digit === null ? [] : [c.confidence]));
  return [{ digit: written.indexOf(Math.min(...written)), insert: false }];
}

/** The spots as ranges of the value's characters: a digit to select, or an empty range where one goes in. */
export function typeOverRanges(value: string, spots: readonly TypeOverSpot[]): [number, number][] {
  const digitAt = [...value].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  return spots.map(({ digit, insert }) => {
    const at = digit < digitAt.length ? digitAt[digit] : value.length;
    return [at, insert ? at : at + 1];
  });
}

/**
 * The fewest spots, taken in order, whose typing turns the digits read into those written (each spot gets the
 * written digit at its place), or null when typing at the spots cannot reach them.
 */
export function spotsToType(readDigits: string, written: string, spots: readonly TypeOverSpot[]): number | null {
  const d = [...readDigits];
  if (d.join('') === written) return 0;
  let shift = 0;
  for (const [k, spot] of spots.entries()) {
    const at = spot.digit + shift;
    if (at >= written.length) return null;
    if (spot.insert) {
      d.splice(at, 0, written[at]);
      shift++;
    } else d[at] = written[at];
    if (d.join('') === written) return k + 1;
  }
  return null;
}
