import type { AnswerValue } from '../survey/answerValue.js';
import type { TypedDigit } from '../store/digitTraining.js';

/**
 * The typed digits that can be trusted to belong to one cell each: the written cells of the field in order, paired
 * with the digits the reviewer typed (a date's slashes aside). When the counts differ, or a cell was struck out, the
 * writer's intent per cell is unknown and nothing is learnt from the field.
 */
export function typedDigitsByCell(cells: { state: string }[], typed: AnswerValue): TypedDigit[] {
  if (typeof typed !== 'string' || cells.some((c) => c.state === 'crossedOut')) return [];
  const digits = typed.replace(/\//g, '');
  if (!/^\d*$/.test(digits)) return [];
  const written = cells.flatMap((c, cell) => (c.state === 'written' ? [cell] : []));
  if (written.length === 0 || written.length !== digits.length) return [];
  return written.map((cell, i) => ({ cell, digit: Number(digits[i]) }));
}
