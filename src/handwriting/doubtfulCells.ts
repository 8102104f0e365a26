import { isSureDigit, type DigitCellRead } from './readDigitField.js';
import { HANDWRITING_SETTINGS, type HandwritingSettings } from './settings.js';

type DigitSettings = HandwritingSettings['digits'];

/** The cells of a comb the reader doubts or found struck out: framed in red on the clip, and where the reviewer starts. */
export function doubtfulCells(cells: readonly DigitCellRead[], s: DigitSettings = HANDWRITING_SETTINGS.digits): number[] {
  return cells.flatMap((c, i) => (c.state !== 'empty' && !isSureDigit(c, s) ? [i] : []));
}

/**
 * A place to type over in the value read, in the order the reviewer meets them: `digit` is which digit of the value
 * (a date's slashes not counted); `insert` marks a struck-out cell, whose digit the value lacks and the reviewer
 * types in before that digit; otherwise the digit is typed over.
 */
export interface TypeOverSpot {
  digit: number;
  insert: boolean;
}

/**
 * Where the reviewer types: the doubtful digits and the places of struck-out cells, or, when the reader doubted
 * nothing (a phone that breaks the numbering rules, a date that is no date), the least sure digit. The review screen
 * selects them in turn, so one key puts each right. Empty when the value does not hold the digits read (a value the
 * known lists put in their place): the reviewer then types the field in full.
 */
export function typeOverSpots(value: string, cells: readonly DigitCellRead[], s: DigitSettings = HANDWRITING_SETTINGS.digits): TypeOverSpot[] {
  const digits = value.replace(/\D/g, '');
  const read = cells.flatMap((c) => (c.digit === null ? [] : [c.digit]));
  if (!read.length || read.join('') !== digits) return [];
  const doubtful = new Set(doubtfulCells(cells, s));
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
