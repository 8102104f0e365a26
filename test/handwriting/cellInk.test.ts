import { beforeAll, describe, expect, it } from 'vitest';
import { readCellInk } from '../../src/handwriting/cellInk.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { CELL, digitCell, digitsByLabel, loadMnistTestSplit, type TestDigit } from '../support/handwrittenCells.js';

const PAPER = 246;
let byLabel: TestDigit[][];

beforeAll(() => {
  byLabel = digitsByLabel(loadMnistTestSplit());
});

const read = (cell: ReturnType<typeof digitCell>) => readCellInk(cell, PAPER, HANDWRITING_SETTINGS);

describe('telling what a digit cell holds', () => {
  it('finds an empty cell empty, with its printed border shifted by the registration error', () => {
    for (const borderShift of [-2, 0, 2, 3]) expect(read(digitCell(null, { borderShift })).state).toBe('empty');
  });

  it('finds an empty cell with specks of dust empty', () => {
    const cell = digitCell(null);
    for (const [x, y] of [[20, 30], [60, 80], [41, 52]]) for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) cell.data[(y + dy) * CELL.width + x + dx] = 30;
    expect(read(cell).state).toBe('empty');
  });

  it('never takes a written digit for an empty cell, even a thin 1 in faint pencil', () => {
    for (let label = 0; label < 10; label++) {
      for (const digit of byLabel[label].slice(0, 20)) expect(read(digitCell(digit)).state).not.toBe('empty');
    }
    const ones = byLabel[1].slice(0, 20);
    for (const one of ones) expect(read(digitCell(one, { pen: 140, height: 0.55 })).state).not.toBe('empty');
  });

  it('takes no part of the printed border as ink of the digit', () => {
    const { digit } = read(digitCell(byLabel[3][0], { borderShift: 2 }));
    const edge = 4;
    for (let y = 0; y < digit.height; y++) {
      for (let x = 0; x < digit.width; x++) {
        if (x < edge || y < edge || x >= digit.width - edge || y >= digit.height - edge) expect(digit.ink[y * digit.width + x]).toBe(0);
      }
    }
  });

  it('sees a digit crossed out from corner to corner, struck through, or blacked out', () => {
    const digit = byLabel[5][0];
    const { width: w, height: h } = CELL;
    expect(read(digitCell(digit, { strokes: [[8, 10, w - 8, h - 10], [w - 8, 10, 8, h - 10]] })).state).toBe('crossedOut');
    expect(read(digitCell(digit, { strokes: [[3, h / 2, w - 3, h / 2 + 4]] })).state).toBe('crossedOut');
    const scribble = Array.from({ length: 14 }, (_, i): [number, number, number, number] => [8, 12 + i * 6, w - 8, 14 + i * 6]);
    expect(read(digitCell(digit, { strokes: scribble })).state).toBe('crossedOut');
  });

  it('leaves plain digits of every kind not crossed out', () => {
    let crossed = 0;
    let total = 0;
    for (let label = 0; label < 10; label++) {
      for (const digit of byLabel[label].slice(0, 50)) {
        total++;
        if (read(digitCell(digit)).state === 'crossedOut') crossed++;
      }
    }
    expect(crossed / total).toBeLessThan(0.01);
  });
});
