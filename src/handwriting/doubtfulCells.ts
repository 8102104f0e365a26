import type { DigitCellRead } from './readDigitField.js';
import { HANDWRITING_SETTINGS } from './settings.js';

/** The cells of a comb the reader doubts or found struck out: framed in red on the clip, and where the reviewer starts. */
export function doubtfulCells(cells: readonly DigitCellRead[], acceptFrom = HANDWRITING_SETTINGS.digits.acceptFrom): number[] {
  return cells.flatMap((c, i) => (c.state !== 'empty' && (c.state !== 'written' || c.confidence < acceptFrom) ? [i] : []));
}

/**
 * Where the reviewer starts typing over the value read (a date's slashes skipped): the doubtful digits, or, when the
 * reader doubted none (a phone that breaks the numbering rules, a date that is no date), the least sure digit. The
 * review screen selects them in turn, so one key puts each right. Empty when the value does not hold one character per
 * digit read (a struck-out cell, a value the known lists replaced): the reviewer then types the field in full.
 */
export function doubtfulPositions(value: string, cells: readonly DigitCellRead[], acceptFrom = HANDWRITING_SETTINGS.digits.acceptFrom): number[] {
  const digitAt = [...value].flatMap((c, i) => (/\d/.test(c) ? [i] : []));
  const read = cells.flatMap((c, i) => (c.digit === null ? [] : [i]));
  if (!read.length || read.length !== digitAt.length || read.some((cell, k) => value[digitAt[k]] !== cells[cell].digit)) return [];
  const doubtful = doubtfulCells(cells, acceptFrom);
  if (doubtful.some((cell) => cells[cell].digit === null)) return [];
  if (!doubtful.length) {
    const leastSure = read.reduce((a, b) => (cells[b].confidence < cells[a].confidence ? b : a));
    return [digitAt[read.indexOf(leastSure)]];
  }
  return read.flatMap((cell, k) => (doubtful.includes(cell) ? [digitAt[k]] : []));
}
