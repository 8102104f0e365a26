import type { DigitCellRead } from './readDigitField.js';
import { HANDWRITING_SETTINGS } from './settings.js';

/** The cells of a comb the reader doubts or found struck out: framed in red on the clip, and where the reviewer starts. */
export function doubtfulCells(cells: readonly DigitCellRead[], acceptFrom = HANDWRITING_SETTINGS.digits.acceptFrom): number[] {
  return cells.flatMap((c, i) => (c.state !== 'empty' && (c.state !== 'written' || c.confidence < acceptFrom) ? [i] : []));
}

/**
 * Where the doubtful digits sit in the value read (a date's slashes skipped), so the review screen can select them
 * for the reviewer to type over, one key each. Empty when the value does not hold one character per digit read (a
 * struck-out cell, a value the known lists replaced): the reviewer then types the field in full.
 */
export function doubtfulPositions(value: string, cells: readonly DigitCellRead[], acceptFrom = HANDWRITING_SETTINGS.digits.acceptFrom): number[] {
  const digitAt = [...value].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  const read = cells.flatMap((c, i) => (c.digit === null ? [] : [i]));
  if (read.length !== digitAt.length || read.some((cell, k) => value[digitAt[k]] !== cells[cell].digit)) return [];
  const doubtful = new Set(doubtfulCells(cells, acceptFrom));
  if ([...doubtful].some((cell) => cells[cell].digit === null)) return [];
  return read.flatMap((cell, k) => (doubtful.has(cell) ? [digitAt[k]] : []));
}
