import { beforeAll, describe, expect, it } from 'vitest';
import { readCellInk } from '../../src/handwriting/cellInk.js';
import { digitClassifier, type DigitClassifier } from '../../src/handwriting/digitClassifier.js';
import { normalizeDigit } from '../../src/handwriting/normalizeDigit.js';
import { decideDigitField, isSureDigit, readDigitCell, readDigitField } from '../../src/handwriting/readDigitField.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { CELL, digitCell, digitCells, loadMnistTestSplit, strikeAcross, zigZag, type CellOptions, type TestDigit } from '../support/handwrittenCells.js';

const PAPER = 246;
const S = HANDWRITING_SETTINGS;
let classify: DigitClassifier;
let test: TestDigit[];
/** Per digit, a test-split sample the recogniser reads rightly and surely: these tests are about the field, not the classifier (the bench measures that). */
let sure: TestDigit[];

const guess = (d: TestDigit) => classify(normalizeDigit(readCellInk(digitCell(d), PAPER, S).digit));
const written = (digits: string) => [...digits].map((c) => (c === ' ' ? null : sure[Number(c)]));
const phone = { kind: 'digits', format: 'phone' } as const;

beforeAll(() => {
  classify = digitClassifier();
  test = loadMnistTestSplit();
  sure = Array.from({ length: 10 }, (_, label) => test.find((d) => d.label === label && guess(d).digit === label && guess(d).confidence >= 0.999)!);
});

describe('reading a field of digit cells', () => {
  it('gives back a phone number written in real handwriting, sure enough to need no person', () => {
    const read = readDigitField(digitCells(written('0912345678')), phone, PAPER, classify, S);
    expect(read).toMatchObject({ value: '0912345678', reasons: [] });
    expect(read.cells.map((c) => c.digit).join('')).toBe('0912345678');
    expect(read.confidence).toBeGreaterThanOrEqual(S.digits.acceptFrom);
  });

  it('sends a field with one doubtful digit to review, keeping its best guess and every confidence', () => {
    const doubtful = test.find((d) => guess(d).confidence < 0.6)!;
    const cells = digitCells(written('0912345678'));
    cells[4] = digitCell(doubtful);
    const read = readDigitField(cells, phone, PAPER, classify, S);
    expect(read.reasons).toContain('doubtfulDigit');
    expect(read.value).toHaveLength(10);
    expect(read.cells[4].confidence).toBeLessThan(S.digits.acceptFrom);
    expect(read.confidence).toBe(read.cells[4].confidence);
  });

  it('sends a field with a crossed-out digit to review', () => {
    const cells = digitCells(written('0912345678'));
    cells[6] = digitCell(sure[3], { strokes: [[8, 10, CELL.width - 8, CELL.height - 10], [CELL.width - 8, 10, 8, CELL.height - 10]] });
    const read = readDigitField(cells, phone, PAPER, classify, S);
    expect(read.reasons).toContain('crossedOut');
    expect(read.cells[6]).toMatchObject({ state: 'crossedOut', digit: null });
  });

  it('sends a sure number that breaks Vietnamese numbering rules to review', () => {
    for (const digits of ['0712345678', '091234567 ', '1912345678']) {
      expect(readDigitField(digitCells(written(digits)), phone, PAPER, classify, S).reasons).toContain('badPhone');
    }
  });

  it('takes an empty field for an empty answer, needing no person', () => {
    expect(readDigitField(digitCells(written('          ')), phone, PAPER, classify, S)).toMatchObject({ value: '', reasons: [] });
  });

  it('finds a skipped cell between digits doubtful', () => {
    const read = readDigitField(digitCells(written('12 45')), { kind: 'digits', format: 'number' }, PAPER, classify, S);
    expect(read).toMatchObject({ value: '1245', reasons: ['doubtfulDigit'] });
  });

  it('gives a date as dd/mm/yyyy and sends an impossible one to review', () => {
    expect(readDigitField(digitCells(written('05032025')), { kind: 'date' }, PAPER, classify, S)).toMatchObject({ value: '05/03/2025', reasons: [] });
    expect(readDigitField(digitCells(written('31022025')), { kind: 'date' }, PAPER, classify, S).reasons).toEqual(['badDate']);
  });

  it('asks a person about a digit a line may strike through unless the classifier is surer still than of a heavy one', () => {
    const cell = readDigitCell(digitCell(sure[2]), PAPER, classify, S);
    const number = { kind: 'digits', format: 'number' } as const;
    expect(decideDigitField([{ ...cell, confidence: S.digits.heavyAcceptFrom, mayBeStruck: true }], number, S).reasons).toEqual(['doubtfulDigit']);
    expect(decideDigitField([{ ...cell, confidence: S.digits.mayBeStruckAcceptFrom, mayBeStruck: true }], number, S).reasons).toEqual([]);
  });

  it('never reads a digit struck through near its top or its foot as a sure digit, though such a line may be the foot of a bold 2', () => {
    // A line the digit's ink hardly goes on beyond, and which hardly overhangs it, may be the foot of a bold 2: the
    // cell is read as a digit (mayBeStruck), which only an extremely sure classifier may accept.
    const pens = [{}, { bold: 1 }, { bold: 1, width: 1, height: 0.8 }];
    let maybe = 0;
    let sureReads = 0;
    for (let label = 0; label < 10; label++) {
      for (const digit of test.filter((d) => d.label === label).slice(0, 3)) {
        for (const pen of pens) {
          for (const strokeWidth of [2, 3, 5, 8]) {
            for (const at of [0.3, 0.7]) {
              for (const rise of [-8, 0, 8]) {
                const strokes: [number, number, number, number][] = [[3, CELL.height * at - rise / 2, CELL.width - 3, CELL.height * at + rise / 2]];
                const clip = digitCell(digit, { ...pen, strokeWidth, strokes });
                if (!readCellInk(clip, PAPER, S).mayBeStruck) continue;
                maybe++;
                if (isSureDigit(readDigitCell(clip, PAPER, classify, S), S.digits)) sureReads++;
              }
            }
          }
        }
      }
    }
    expect(maybe, 'struck digits read as written with a line that may strike them, of 2,160').toBeGreaterThan(0);
    expect(sureReads, 'of those, read as sure').toBe(0);
  });

  it('never reads a digit struck through across its ink with a line shorter than the cell as a sure digit', () => {
    // A person striking a digit out draws the line across the digit, not across the whole box. (A line overshooting the
    // ink by less than `strikeOverhang` may be a 4's long bar: only `maybe` struck, which an extremely sure classifier
    // still reads; a felt-tip digit as wide as the cell leaves no room to overshoot it.)
    const pens: [CellOptions, number][] = [[{}, 3], [{ bold: 1 }, 5], [{ bold: 1, height: 0.8 }, 7]];
    let total = 0;
    let sureReads = 0;
    for (let label = 0; label < 10; label++) {
      for (const digit of test.filter((d) => d.label === label).slice(20, 22)) {
        for (const [pen, strokeWidth] of pens) {
          for (const at of [0.3, 0.5, 0.7]) {
            for (const degrees of [-15, 0, 15]) {
              for (const overshoot of [8, 12]) {
                total++;
                const clip = digitCell(digit, { ...pen, strokeWidth, strokes: [strikeAcross(digit, pen, at, degrees, overshoot)] });
                if (isSureDigit(readDigitCell(clip, PAPER, classify, S), S.digits)) sureReads++;
              }
            }
          }
        }
      }
    }
    expect(total).toBe(1080);
    expect(sureReads, 'struck digits read as sure').toBe(0);
  });

  it('never reads a felt-tip digit zig-zagged over with the same felt-tip as a sure digit', () => {
    // A felt-tip's passes run into its digit's bold strokes, so some such cells read as written: the field must still
    // go to a person. The 0s, 3s and 4s are the digits the classifier was surest of under a zig-zag.
    let sureReads = 0;
    for (const label of [0, 3, 4]) {
      for (const digit of test.filter((d) => d.label === label).slice(0, 10)) {
        for (const strokeWidth of [6, 7]) {
          for (const gap of [11, 13]) {
            for (const upAndDown of [false, true]) {
              const cell = digitCell(digit, { bold: 1, width: 1, height: 0.8, strokeWidth, strokes: zigZag(upAndDown ? 6 : 7, gap, upAndDown) });
              const field = decideDigitField([readDigitCell(cell, PAPER, classify, S)], { kind: 'digits', format: 'number' }, S);
              if (field.reasons.length === 0) sureReads++;
            }
          }
        }
      }
    }
    expect(sureReads, 'zig-zagged digits read as sure, of 240').toBe(0);
  });
});
