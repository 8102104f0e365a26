import { describe, expect, it } from 'vitest';
import { doubtfulCells, spotsToType, typeOverRanges, typeOverSpots } from '../../src/handwriting/doubtfulCells.js';
import type { DigitCellRead } from '../../src/handwriting/readDigitField.js';

const cells = (digits: string, confidences: Record<number, number> = {}): DigitCellRead[] =>
  [...digits].map((digit, i) =>
    digit === 'x' ? { state: 'crossedOut', digit: null, confidence: 0 } : digit === '_' ? { state: 'empty', digit: null, confidence: 1 } : { state: 'written', digit, confidence: confidences[i] ?? 0.999 },
  );

describe('where the reviewer types over a digit field', () => {
  it('frames a heavy cell as doubtful when the classifier is sure enough only for a lighter one', () => {
    const read = cells('0912345678');
    read[4] = { ...read[4], heavy: true };
    read[6] = { ...read[6], heavy: true, confidence: 0.99999 };
    expect(doubtfulCells(read, 'digits')).toEqual([4]);
    expect(typeOverSpots('0912345678', read, 'digits')).toEqual([{ digit: 4, insert: false }]);
  });

  it("finds the doubtful digits in the value read, a date's slashes skipped, and the least sure digit when none is doubted", () => {
    expect(typeOverRanges('0360127350', typeOverSpots('0360127350', cells('0360127350', { 3: 0.6, 9: 0.7 }), 'digits'))).toEqual([[3, 4], [9, 10]]);
    expect(typeOverRanges('05/08/2025', typeOverSpots('05/08/2025', cells('05082025', { 3: 0.6 }), 'date'))).toEqual([[4, 5]]);
    expect(typeOverSpots('0160127358', cells('0160127358', { 1: 0.99, 4: 0.995 }), 'digits')).toEqual([{ digit: 1, insert: false }]);
  });

  it("puts a struck-out cell's digit in where the cell was, and gives nothing when the value is not the digits read", () => {
    const spots = typeOverSpots('0092025', cells('0x092025', { 3: 0.95 }), 'date');
    expect(spots).toEqual([{ digit: 1, insert: true }, { digit: 2, insert: false }]);
    expect(typeOverRanges('0092025', spots)).toEqual([[1, 1], [2, 3]]);
    expect(spotsToType('0092025', '06092025', spots)).toBe(1);
    expect(spotsToType('0092025', '06082025', spots)).toBe(2);
    expect(spotsToType('0092025', '16092025', spots)).toBeNull();
    expect(typeOverSpots('0368127358', cells('0360127350', { 3: 0.6 }), 'digits')).toEqual([]);
  });

  it('puts a digit in where the reader found a cell empty that must hold one: between written cells, or anywhere in a date', () => {
    // A faint 3 read as an empty cell: the phone is 0_75811890, and the reviewer types the 3 alone.
    const phone = cells('0_75811890');
    expect(doubtfulCells(phone, 'digits')).toEqual([1]);
    const spots = typeOverSpots('075811890', phone, 'digits');
    expect(spots).toEqual([{ digit: 1, insert: true }]);
    expect(spotsToType('075811890', '0375811890', spots)).toBe(1);
    // A phone written short of its comb leaves its last cells empty: nothing is missing there.
    expect(doubtfulCells(cells('091234567_'), 'digits')).toEqual([]);
    // A date fills all eight cells: its first one found empty is a digit missed.
    const date = cells('_2112026');
    expect(doubtfulCells(date, 'date')).toEqual([0]);
    expect(spotsToType('2112026', '22112026', typeOverSpots('2112026', date, 'date'))).toBe(1);
    expect(doubtfulCells(cells('________'), 'date')).toEqual([]);
  });
});
