import { describe, expect, it } from 'vitest';
import { doubtfulPositions } from '../../src/handwriting/doubtfulCells.js';
import type { DigitCellRead } from '../../src/handwriting/readDigitField.js';

const cells = (digits: string, confidences: Record<number, number> = {}): DigitCellRead[] =>
  [...digits].map((digit, i) => (digit === 'x' ? { state: 'crossedOut', digit: null, confidence: 0 } : { state: 'written', digit, confidence: confidences[i] ?? 0.999 }));

describe('where the reviewer starts typing over a digit field', () => {
  it("finds the doubtful digits in the value read, a date's slashes skipped, and the least sure digit when none is doubted", () => {
    expect(doubtfulPositions('0360127350', cells('0360127350', { 3: 0.6, 9: 0.7 }))).toEqual([3, 9]);
    expect(doubtfulPositions('05/08/2025', cells('05082025', { 3: 0.6 }))).toEqual([4]);
    expect(doubtfulPositions('0160127358', cells('0160127358', { 1: 0.99, 4: 0.995 }))).toEqual([1]);
  });

  it('gives nothing to start at when the value does not hold the digits read: a struck-out cell, a value put in its place', () => {
    expect(doubtfulPositions('036127350', cells('036x127350', { 2: 0.6 }))).toEqual([]);
    expect(doubtfulPositions('0368127358', cells('0360127350', { 3: 0.6 }))).toEqual([]);
  });
});
