import type { GrayImage } from '../image/grayImage.js';
import { inkBlobs, inkOf, inkSum, keepBlobs } from './inkMap.js';
import { struckOut } from './struckOut.js';
import type { InkMap } from './normalizeDigit.js';
import type { HandwritingSettings } from './settings.js';

export type CellState = 'empty' | 'written' | 'crossedOut';

export interface CellInk {
  state: CellState;
  /** The written ink alone (printed border and specks taken out), for the classifier. */
  digit: InkMap;
  /** The written ink as a share of the cell's area. */
  inkShare: number;
  /** A written cell with a line through it that may be a strike (see struckOut): its digit must be extremely sure. */
  mayBeStruck?: true;
}

/**
 * What a digit cell holds: nothing, a digit, or a digit struck out (see struckOut). The clip is the printed cell, so its
 * border lies along the clip's edges, give or take the registration error; it is taken out first.
 */
export function readCellInk(clip: GrayImage, paper: number, s: Pick<HandwritingSettings, 'ink' | 'cell'>): CellInk {
  const map = inkOf(clip, paper, s.ink);
  const band = Math.max(2, Math.round(Math.min(map.width, map.height) * s.cell.borderBand));
  eraseBorder(map, band, s.cell.borderCoverage);
  const { blobs, labels } = inkBlobs(map, s.ink.strokeFrom);
  const minArea = s.cell.speckArea * map.width * map.height;
  const kept = new Set(
    blobs
      // Specks, and what is left of the border: a blob lying wholly inside one side's band.
      .filter((b) => b.area >= minArea && !(b.y1 < band || b.y0 >= map.height - band || b.x1 < band || b.x0 >= map.width - band))
      .map((b) => b.label),
  );
  const digit = keepBlobs(map, labels, kept);
  const inkShare = inkSum(digit) / (map.width * map.height);
  if (inkShare < s.cell.emptyBelow) return { state: 'empty', digit, inkShare };
  const struck = struckOut(digit, inkShare, s.ink.strokeFrom, s.cell);
  if (struck === 'yes') return { state: 'crossedOut', digit, inkShare };
  return { state: 'written', digit, inkShare, ...(struck === 'maybe' ? { mayBeStruck: true } : {}) };
}

/**
 * Clears the printed border: in the band along each side, the rows (or columns) covered with ink along most of their
 * length, and everything between them and the clip's edge.
 */
function eraseBorder(map: InkMap, band: number, coverage: number): void {
  const { ink, width, height } = map;
  const rowCovered = (y: number) => {
    let n = 0;
    for (let x = 0; x < width; x++) if (ink[y * width + x] > 0.5) n++;
    return n >= coverage * width;
  };
  const columnCovered = (x: number) => {
    let n = 0;
    for (let y = 0; y < height; y++) if (ink[y * width + x] > 0.5) n++;
    return n >= coverage * height;
  };
  const clearRow = (y: number) => ink.fill(0, y * width, (y + 1) * width);
  const clearColumn = (x: number) => {
    for (let y = 0; y < height; y++) ink[y * width + x] = 0;
  };
  // The innermost covered line of each band, plus one pixel of its soft edge.
  for (let y = band - 1; y >= 0; y--) {
    if (rowCovered(y)) {
      for (let r = 0; r <= Math.min(y + 1, height - 1); r++) clearRow(r);
      break;
    }
  }
  for (let y = height - band; y < height; y++) {
    if (rowCovered(y)) {
      for (let r = Math.max(0, y - 1); r < height; r++) clearRow(r);
      break;
    }
  }
  for (let x = band - 1; x >= 0; x--) {
    if (columnCovered(x)) {
      for (let c = 0; c <= Math.min(x + 1, width - 1); c++) clearColumn(c);
      break;
    }
  }
  for (let x = width - band; x < width; x++) {
    if (columnCovered(x)) {
      for (let c = Math.max(0, x - 1); c < width; c++) clearColumn(c);
      break;
    }
  }
}

// The training code's augmentation takes the stroke box from here; it lives with the other ink-map helpers.
export { strokeBox } from './inkMap.js';
