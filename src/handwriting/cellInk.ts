import type { GrayImage } from '../image/grayImage.js';
import { inkBlobs, inkOf, inkSum, keepBlobs } from './inkMap.js';
import type { InkMap } from './normalizeDigit.js';
import type { HandwritingSettings } from './settings.js';

export type CellState = 'empty' | 'written' | 'crossedOut';

export interface CellInk {
  state: CellState;
  /** The written ink alone (printed border and specks taken out), for the classifier. */
  digit: InkMap;
  /** The written ink as a share of the cell's area. */
  inkShare: number;
}

/**
 * What a digit cell holds: nothing, a digit, or a digit struck out (blacked out, crossed from corner to corner, or
 * with a line drawn across the whole cell). The clip is the printed cell, so its border lies along the clip's edges,
 * give or take the registration error; it is taken out first.
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
  const struck = inkShare >= s.cell.blackedOutFrom || crossedDiagonally(digit, s.ink.strokeFrom, s.cell.crossShare) || struckThrough(digit, s.ink.strokeFrom, s.cell.strikeSpan);
  return { state: struck ? 'crossedOut' : 'written', digit, inkShare };
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

/**
 * Both diagonals of the ink's bounding box inked nearly end to end: a cross drawn over the digit. Digits have at most
 * one long straight stroke, and never two crossing ones that span the whole digit.
 */
function crossedDiagonally(map: InkMap, strokeFrom: number, share: number): boolean {
  const { ink, width, height } = map;
  const { x0, y0, x1, y1 } = strokeBox(map, strokeFrom);
  if (x1 - x0 < width * 0.4 || y1 - y0 < height * 0.4) return false;
  // A pen line is a few pixels wide and never quite straight: look a little either side of the ideal diagonal.
  const reach = 3;
  const inked = (x: number, y: number) => {
    for (let dy = -reach; dy <= reach; dy++) {
      for (let dx = -reach; dx <= reach; dx++) {
        const xx = Math.round(x) + dx;
        const yy = Math.round(y) + dy;
        if (xx >= 0 && yy >= 0 && xx < width && yy < height && ink[yy * width + xx] > strokeFrom) return true;
      }
    }
    return false;
  };
  const steps = 40;
  const along = (fromX: number, toX: number) => {
    let hits = 0;
    for (let i = 0; i <= steps; i++) if (inked(fromX + ((toX - fromX) * i) / steps, y0 + ((y1 - y0) * i) / steps)) hits++;
    return hits / (steps + 1);
  };
  return along(x0, x1) >= share && along(x1, x0) >= share;
}

/**
 * A thin straight line struck through the digit: a run of ink across (nearly) the whole width of the cell, in a row
 * between the top and the bottom of the ink. A digit written in a cell leaves room at its sides, the bar of a 7 or
 * the foot of a 2 lie at the edge of the ink, and a broad digit's filled middle is no thin line (rows a little above
 * and below hold no such run).
 */
function struckThrough(map: InkMap, strokeFrom: number, span: number): boolean {
  const { ink, width, height } = map;
  const runs = Array.from({ length: height }, (_, y) => longestRun(ink, width, y, strokeFrom));
  const box = strokeBox(map, strokeFrom);
  const apart = Math.round(height * 0.1);
  const from = Math.max(apart, Math.round(box.y0 + 0.25 * (box.y1 - box.y0)));
  const to = Math.min(height - apart - 1, Math.round(box.y0 + 0.75 * (box.y1 - box.y0)));
  for (let y = from; y <= to; y++) {
    if (runs[y] >= span * width && runs[y - apart] < 0.5 * width && runs[y + apart] < 0.5 * width) return true;
  }
  return false;
}

function longestRun(ink: Float32Array, width: number, y: number, strokeFrom: number): number {
  let longest = 0;
  let run = 0;
  for (let x = 0; x < width; x++) {
    run = ink[y * width + x] > strokeFrom ? run + 1 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** The bounding box of the stroke-strength ink; x1 is -1 when there is none. */
export function strokeBox(map: InkMap, strokeFrom: number): { x0: number; y0: number; x1: number; y1: number } {
  const { ink, width, height } = map;
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] > strokeFrom) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  return { x0, y0, x1, y1 };
}
