import fs from 'node:fs';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCellInk } from '../../src/handwriting/cellInk.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { paperLevel, type GrayImage } from '../../src/image/grayImage.js';
import { fixturePath } from '../support/fixtures.js';
import { CELL, digitCell, digitsByLabel, loadMnistTestSplit, strikeAcross, zigZag, type CellOptions, type TestDigit } from '../support/handwrittenCells.js';

const PAPER = 246;
let byLabel: TestDigit[][];

beforeAll(() => {
  byLabel = digitsByLabel(loadMnistTestSplit());
});

const read = (cell: ReturnType<typeof digitCell>) => readCellInk(cell, PAPER, HANDWRITING_SETTINGS);
type Line = [number, number, number, number];
const { width: W, height: H } = CELL;
/** A felt-tip's digit as the review-load bench writes it: a stroke about twice MNIST's, as wide as the cell allows. */
const FELT_TIP: CellOptions = { bold: 1, width: 1, height: 0.8 };

/** The cells written with each of the first `n` test digits of every label, each way given; and how many of them are in a state. */
function countStates(n: number, ways: CellOptions[], state: string): { total: number; found: number } {
  let total = 0;
  let found = 0;
  for (let label = 0; label < 10; label++) {
    for (const digit of byLabel[label].slice(0, n)) {
      for (const way of ways) {
        total++;
        if (read(digitCell(digit, way)).state === state) found++;
      }
    }
  }
  return { total, found };
}

/** Each way of striking out, over a fine pen's digit and a felt-tip's (of the usual width, and as wide as the cell). */
const onEveryDigit = (strikes: CellOptions[]): CellOptions[] => strikes.flatMap((strike) => [{}, { bold: 1 }, FELT_TIP].map((pen) => ({ ...pen, ...strike })));

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

  it('sees a digit crossed out from corner to corner, with a fine pen or a felt-tip', () => {
    const crosses = [3, 6].map((strokeWidth) => ({ strokeWidth, strokes: [[8, 10, W - 8, H - 10], [W - 8, 10, 8, H - 10]] as Line[] }));
    expect(countStates(5, onEveryDigit(crosses), 'written').found).toBe(0);
  });

  it('sees a digit struck through with a level or slanted line, at any height and with any pen', () => {
    const strikes = [2, 3, 5, 8].flatMap((strokeWidth) =>
      [0.38, 0.5, 0.62].flatMap((at) => [-8, 0, 8].map((rise) => ({ strokeWidth, strokes: [[3, H * at - rise / 2, W - 3, H * at + rise / 2]] as Line[] }))),
    );
    const { total, found } = countStates(3, strikes.flatMap((strike) => [strike, { ...strike, bold: 1 }]), 'written');
    expect(total).toBe(2160);
    expect(found).toBe(0);
  });

  it('sees a digit struck through with a line across its ink that is shorter than the cell, level or slanted, with any pen', () => {
    // A person striking a digit out draws the line across the digit, not across the whole box: such a line ends a few
    // pixels beyond the digit's ink on either side, whatever the digit's width.
    let total = 0;
    let missed = 0;
    for (let label = 0; label < 10; label++) {
      for (const digit of byLabel[label].slice(10, 13)) {
        for (const [pen, strokeWidth] of PENS) {
          for (const at of [0.35, 0.5, 0.65]) {
            for (const degrees of [-10, 0, 10]) {
              total++;
              const cell = read(digitCell(digit, { ...pen, strokeWidth, strokes: [strikeAcross(digit, pen, at, degrees, 4)] }));
              if (cell.state === 'written' && !cell.mayBeStruck) missed++;
            }
          }
        }
      }
    }
    expect(total).toBe(810);
    expect(missed, 'struck digits read as plainly written').toBe(0);
  });

  it('sees a digit blacked out with a dense scribble, back and forth or level, with the pen that wrote it', () => {
    const level = { strokes: Array.from({ length: 14 }, (_, i): Line => [8, 12 + i * 6, W - 8, 14 + i * 6]) };
    const backAndForth = (strokeWidth: number, gap: number) => ({
      strokeWidth,
      strokes: Array.from({ length: Math.floor(75 / gap) }, (_, i): Line => (i % 2 ? [W - 10, 14 + i * gap, 10, 14 + (i + 1) * gap] : [10, 14 + i * gap, W - 10, 14 + (i + 1) * gap])),
    });
    const fine = [level, backAndForth(4, 5), backAndForth(5, 5)];
    const feltTip = [level, backAndForth(7, 6), backAndForth(8, 7)];
    expect(countStates(5, [...fine, ...feltTip.flatMap((scribble) => [{ ...scribble, bold: 1 }, { ...scribble, ...FELT_TIP }])], 'written').found).toBe(0);
  });

  it('sees a digit zig-zagged over, from side to side or up and down', () => {
    const zigZags = [3, 4].flatMap((strokeWidth) => [{ strokeWidth, strokes: zigZag(7, 10) }, { strokeWidth, strokes: zigZag(6, 10, true) }]);
    expect(countStates(10, zigZags, 'written').found).toBe(0);
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

  it('leaves digits written boldly with a felt-tip, as wide as the cell, not crossed out', () => {
    for (let label = 0; label < 10; label++) {
      const crossed = byLabel[label].slice(0, 200).filter((digit) => read(digitCell(digit, FELT_TIP)).state === 'crossedOut').length;
      expect(crossed, `bold ${label}s crossed out, of 200`).toBeLessThanOrEqual(2);
    }
  });

  it('reads as written the bold digits the review-load bench took for struck out', async () => {
    const cells = await benchCells('bold-');
    expect(cells).toHaveLength(16);
    for (const { file, clip } of cells) expect(readCellInk(clip, paperLevel(clip), HANDWRITING_SETTINGS).state, file).toBe('written');
  });

  it('reads the bold 2s and 7s whose foot or bar the review-load bench took for a strike as written, a line maybe striking them', async () => {
    const cells = await benchCells('line-');
    expect(cells).toHaveLength(19);
    for (const { file, clip } of cells) expect(readCellInk(clip, paperLevel(clip), HANDWRITING_SETTINGS), file).toMatchObject({ state: 'written', mayBeStruck: true });
  });
});

/**
 * A fine pen's digit struck with a fine line, a bold one with a bolder line, a felt-tip's with the felt-tip (of the usual
 * width: one as wide as the cell leaves no room for a line to go beyond it).
 */
const PENS: [CellOptions, number][] = [[{}, 3], [{ bold: 1 }, 5], [{ ...FELT_TIP, width: 0.72 }, 7]];

/** The digit cells of the review-load bench's forms kept in test/fixtures/struck-cells whose names start so. */
async function benchCells(prefix: string): Promise<{ file: string; clip: GrayImage }[]> {
  const files = fs.readdirSync(fixturePath('struck-cells')).filter((f) => f.startsWith(prefix) && f.endsWith('.png'));
  return Promise.all(
    files.map(async (file) => {
      const { data, info } = await sharp(fixturePath('struck-cells', file)).greyscale().raw().toBuffer({ resolveWithObject: true });
      return { file, clip: { data: new Uint8Array(data), width: info.width, height: info.height } };
    }),
  );
}
