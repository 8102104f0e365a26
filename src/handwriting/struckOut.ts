import { strokeBox } from './inkMap.js';
import type { InkMap } from './normalizeDigit.js';
import type { HandwritingSettings } from './settings.js';

type CellSettings = HandwritingSettings['cell'];

/** `maybe`: a line through the ink that may be a strike or a bold digit's own long stroke (see struckThrough). */
export type Struck = 'yes' | 'maybe' | 'no';

/**
 * Whether the written ink of a cell is a digit struck out: blacked out, crossed from corner to corner, struck through
 * with a line, or zig-zagged over. A struck digit read as a digit is a silent wrong read, so each rule errs towards
 * "struck"; but a digit written boldly with a felt-tip, as wide as the cell, is heavy and has long straight strokes,
 * and every rule below says what tells it apart. Where none can, `maybe`: the cell is read as a digit that only an
 * extremely sure classifier may accept.
 */
export function struckOut(map: InkMap, inkShare: number, strokeFrom: number, s: CellSettings): Struck {
  if (blackedOut(map, inkShare, strokeFrom, s) || crossedDiagonally(map, strokeFrom, s.crossShare) || zigZagged(map, strokeFrom, s)) return 'yes';
  return struckThrough(map, strokeFrom, s);
}

/**
 * Heavy ink that leaves no paper inside it: a scribble that blacks the digit out. A bold digit is as heavy, but keeps
 * the holes and bays that make its shape (the loop of a 0 or 8, the bays of a 2, 3 or 5); paper enclosed by ink on
 * three sides or more, and wider than a scribble's gaps, is such a hole or bay. Heavier still is a blot whatever it
 * leaves.
 */
function blackedOut(map: InkMap, inkShare: number, strokeFrom: number, s: CellSettings): boolean {
  if (inkShare >= s.blackedOutAlwaysFrom) return true;
  if (inkShare < s.blackedOutFrom) return false;
  return deepestEnclosedPaper(map, strokeFrom) < s.holeFrom * Math.min(map.width, map.height);
}

/**
 * How far (in pixels) the paper pixel lying deepest in a hole or bay of the ink is from the nearest ink; paper counts
 * when ink lies on at least three of its four sides (left, right, above, below), so the open paper around a digit and
 * in the corners of its box does not.
 */
function deepestEnclosedPaper(map: InkMap, strokeFrom: number): number {
  const { ink, width, height } = map;
  const on = (p: number) => ink[p] > strokeFrom;
  const distance = paperDistance(map, strokeFrom);
  // For each pixel, which of its four sides hold ink somewhere along the row or column: bit 1 left, 2 right, 4 above, 8 below.
  const sides = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0, seen = false; x < width; x++) (seen ||= on(y * width + x)) && (sides[y * width + x] |= 1);
    for (let x = width - 1, seen = false; x >= 0; x--) (seen ||= on(y * width + x)) && (sides[y * width + x] |= 2);
  }
  for (let x = 0; x < width; x++) {
    for (let y = 0, seen = false; y < height; y++) (seen ||= on(y * width + x)) && (sides[y * width + x] |= 4);
    for (let y = height - 1, seen = false; y >= 0; y--) (seen ||= on(y * width + x)) && (sides[y * width + x] |= 8);
  }
  let deepest = 0;
  for (let p = 0; p < sides.length; p++) {
    const flanks = (sides[p] & 1) + ((sides[p] >> 1) & 1) + ((sides[p] >> 2) & 1) + ((sides[p] >> 3) & 1);
    if (flanks >= 3) deepest = Math.max(deepest, distance[p]);
  }
  return deepest;
}

/** Each pixel's distance to the nearest stroke ink (two-pass chamfer, 1 straight and 1.4 diagonal; 0 on ink). */
function paperDistance(map: InkMap, strokeFrom: number): Float32Array {
  const { ink, width, height } = map;
  const far = width + height;
  const d = Float32Array.from(ink, (v) => (v > strokeFrom ? 0 : far));
  const relax = (p: number, x: number, y: number, dx: number, dy: number) => {
    const xx = x + dx;
    const yy = y + dy;
    if (xx >= 0 && yy >= 0 && xx < width && yy < height) d[p] = Math.min(d[p], d[yy * width + xx] + (dx && dy ? 1.4 : 1));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) for (const [dx, dy] of [[-1, 0], [-1, -1], [0, -1], [1, -1]]) relax(y * width + x, x, y, dx, dy);
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) for (const [dx, dy] of [[1, 0], [1, 1], [0, 1], [-1, 1]]) relax(y * width + x, x, y, dx, dy);
  }
  return d;
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
 * A thin straight line struck through the digit: ink along a straight line (level or slanted a little) across nearly
 * the whole width of the cell, with the digit's ink both above and below it, each end reaching beyond the digit's
 * body or crossing one of its strokes (see strikesTheBody). A digit's own long strokes fail one of these: the bar of a
 * 7 or a 5 and the foot of a 2 have ink on one side only; the bar of a 4 starts where its arm ends; the widest part of
 * a bold digit is no thin line. A bold 2's foot or 7's bar can still pass, the bold ink bulging a little past the
 * line's edge. What tells a strike apart there is that the body goes on well beyond it on both sides, or that it was
 * drawn over the digit and so overhangs it at both ends; a line with neither is only `maybe` a strike (see
 * `strikeBodyBeyond`). A hand striking a digit out often draws the line across the digit only, not the whole cell:
 * a shorter line is judged by whether it goes beyond the digit's own sides (see shortStrike).
 */
function struckThrough(map: InkMap, strokeFrom: number, s: CellSettings): Struck {
  const { ink, width } = map;
  const box = strokeBox(map, strokeFrom);
  const shortest = s.strikeShortest * width;
  const longest = s.strikeSpan * width;
  // A line shorter than `longest` must reach (nearly) to the ink's sides (see shortStrike): where no run of ink can,
  // it is not looked at further (which keeps the many short runs along a digit's own strokes cheap).
  const edge = s.strikeReach * width + WOBBLE * map.height;
  if (box.x1 - box.x0 + 1 < shortest) return 'no';
  const columns = columnsOf(map, strokeFrom);
  const steps = Math.round(s.strikeSlope / STRIKE_SLOPE_STEP);
  let found: Struck = 'no';
  // Ink lies within the box: a run is looked for from its left side to just past its right one, and where the box is
  // narrower than `longest` no run starting past `box.x0 + edge` can be a strike (most plain digits stop early).
  const lastStartFrom = box.x1 - box.x0 + 1 < longest ? box.x0 + edge : width;
  const end = Math.min(width, box.x1 + 1);
  for (let step = -steps; step <= steps; step++) {
    const slope = step * STRIKE_SLOPE_STEP;
    // A short line a few pixels thick gives the same run in the rows next to each other: judge it once.
    let last = { y: -2, start: -1, x: -1 };
    for (let y = box.y0; y <= box.y1; y++) {
      let start = box.x0;
      for (let x = box.x0; x <= end && start <= lastStartFrom; x++) {
        const row = Math.round(y + slope * (x - width / 2));
        if (x < width && row >= box.y0 && row <= box.y1 && ink[row * width + x] > strokeFrom) continue;
        const short = x - start < longest && x - start >= shortest && start <= box.x0 + edge && x - 1 >= box.x1 - edge;
        if (short && last.y === y - 1 && last.start === start && last.x === x) last = { y, start, x };
        else if (x - start >= longest || short) {
          if (short) last = { y, start, x };
          const strike = strikesTheBody(map, columns, strokeFrom, start, x - 1, (xx) => y + slope * (xx - width / 2), s);
          if (strike === 'yes') return 'yes';
          if (strike === 'maybe') found = 'maybe';
        }
        start = x + 1;
      }
    }
  }
  return found;
}

/** Candidate strike lines differ in slope by this much (1.7 px over a cell's 83 px width: within a pen's width). */
const STRIKE_SLOPE_STEP = 0.02;

/** How much thicker than its thinnest a pen line gets here and there, as a share of the cell's height (3 px). */
const WOBBLE = 0.03;

/** Whether the inked straight line from x0 to x1 (y = lineY(x)) is thin and strikes through the digit's body. */
function strikesTheBody(map: InkMap, columns: Columns, strokeFrom: number, x0: number, x1: number, lineY: (x: number) => number, s: CellSettings): Struck {
  const { ink, width, height } = map;
  const on = (x: number, y: number) => y >= 0 && y < height && ink[y * width + x] > strokeFrom;
  // The pen's width: the line's thickness where no stroke of the digit crosses it. The strokes a line crosses may
  // take most of its length (a strike through a bold 6 or 0), so its thinnest tenth.
  const thickness: number[] = [];
  for (let x = x0; x <= x1; x++) {
    const y = Math.round(lineY(x));
    let up = 0;
    let down = 0;
    while (on(x, y - up - 1)) up++;
    while (on(x, y + down + 1)) down++;
    thickness.push(up + down + 1);
  }
  thickness.sort((a, b) => a - b);
  const pen = thickness[Math.floor(thickness.length / 10)];
  if (pen > s.strikeThickBelow * height) return 'no';
  // The digit's ink in the rows just above and just below the line, clear of the line's own width and its wobble
  // (a hand's line, or a bold stroke, is a few pixels thicker in places), column by column.
  const clear = pen / 2 + WOBBLE * height;
  const near = clear + s.strikeNear * height;
  const above = new Uint8Array(width);
  const below = new Uint8Array(width);
  for (let x = 0; x < width; x++) {
    const centre = lineY(x);
    for (let y = Math.max(0, Math.ceil(centre - near)); y <= Math.min(height - 1, Math.floor(centre + near)); y++) {
      const off = y - centre;
      if (Math.abs(off) <= clear || !(ink[y * width + x] > strokeFrom)) continue;
      if (off < 0) above[x] = 1;
      else below[x] = 1;
    }
  }
  if (!above.includes(1) || !below.includes(1)) return 'no';
  if (x1 - x0 + 1 < s.strikeSpan * width) return shortStrike(bodyAround(columns, x0, x1, lineY, clear), width, height, s);
  // Each end of the line either runs on beyond the body, or crosses a stroke of the body that goes on both above and
  // below it (a digit as wide as the cell struck through from side to side). The bar of a 4 ends where its arm comes
  // down, the foot of a 2 where its neck does: ink on one side only.
  const reach = Math.round(s.strikeReach * width);
  const window = Math.round(s.strikeNear * height);
  const endHolds = (end: number, inward: number) => {
    let free = true;
    let up = false;
    let down = false;
    for (let x = 0; x < width; x++) {
      const inside = (x - end) * inward;
      if (inside < reach && (above[x] || below[x])) free = false;
      if (inside >= -reach && inside <= window) {
        up ||= above[x] === 1;
        down ||= below[x] === 1;
      }
    }
    return free || (up && down);
  };
  if (!endHolds(x0, 1) || !endHolds(x1, -1)) return 'no';
  const body = bodyAround(columns, x0, x1, lineY, clear);
  return body.beyond < s.strikeBodyBeyond * height && body.overhang < s.strikeOverhang * width ? 'maybe' : 'yes';
}

/**
 * A line shorter than the cell struck across the digit, as a hand strikes a digit out: it goes beyond the whole body
 * of the digit (the ink clear of it) at both ends. A digit's own bar or foot spanning the whole digit (a 4's long bar,
 * a 1's base, a 2's foot) does too, so it is a strike only when it also goes through the body (which goes on well
 * above and below it) and overhangs it by a pen line or more; a 4's bar passes that first test, a 2's foot the second.
 * Either alone, or a line through the body overhanging it by less (`strikeReach`), is `maybe` a strike.
 */
function shortStrike(body: { beyond: number; overhang: number }, width: number, height: number, s: CellSettings): Struck {
  const through = body.beyond >= s.strikeBodyBeyond * height;
  const overhangs = body.overhang >= s.strikeOverhang * width;
  if (through && overhangs) return 'yes';
  return overhangs || (through && body.overhang >= s.strikeReach * width) ? 'maybe' : 'no';
}

/** The topmost and bottommost ink of each column (top past the bottom where a column has none). */
interface Columns {
  top: Int32Array;
  bottom: Int32Array;
}

function columnsOf(map: InkMap, strokeFrom: number): Columns {
  const { ink, width, height } = map;
  const top = new Int32Array(width).fill(height);
  const bottom = new Int32Array(width).fill(-1);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!(ink[y * width + x] > strokeFrom)) continue;
      top[x] = Math.min(top[x], y);
      bottom[x] = Math.max(bottom[x], y);
    }
  }
  return { top, bottom };
}

/**
 * Where the ink clear of the line (`clear` either side of it) lies: how far it goes on beyond the line's edge, on the
 * side it goes on the least, and by how much the line overhangs it, at the end it overhangs the least (less than 0
 * where the line stops short of the body's side). A column's topmost and bottommost ink tell it all.
 */
function bodyAround(columns: Columns, x0: number, x1: number, lineY: (x: number) => number, clear: number): { beyond: number; overhang: number } {
  const { top, bottom } = columns;
  let up = 0;
  let down = 0;
  let left = x1 + 1;
  let right = x0 - 1;
  for (let x = 0; x < top.length; x++) {
    const centre = lineY(x);
    const over = top[x] <= bottom[x] && centre - top[x] > clear;
    const under = top[x] <= bottom[x] && bottom[x] - centre > clear;
    if (over) up = Math.max(up, centre - top[x] - clear);
    if (under) down = Math.max(down, bottom[x] - centre - clear);
    if (over || under) {
      left = Math.min(left, x);
      right = Math.max(right, x);
    }
  }
  return { beyond: Math.min(up, down), overhang: Math.min(left - x0, x1 - right) };
}

/**
 * A zig-zag drawn over the digit: most columns of the ink (a zig-zag from side to side) or most rows (one up and
 * down) cross many strokes. A digit's columns cross at most three strokes (the bars of a 3, 5 or 8), its rows two or
 * three; a felt-tip's bold strokes merge and cross fewer.
 */
function zigZagged(map: InkMap, strokeFrom: number, s: CellSettings): boolean {
  const { ink, width } = map;
  const box = strokeBox(map, strokeFrom);
  if (box.x1 < 0) return false;
  const crossings = (from: number, to: number, stride: number) => {
    let n = 0;
    let inside = false;
    for (let p = from; p <= to; p += stride) {
      const inked = ink[p] > strokeFrom;
      if (inked && !inside) n++;
      inside = inked;
    }
    return n;
  };
  let columns = 0;
  for (let x = box.x0; x <= box.x1; x++) if (crossings(box.y0 * width + x, box.y1 * width + x, width) >= s.zigZagCrossings) columns++;
  let rows = 0;
  for (let y = box.y0; y <= box.y1; y++) if (crossings(y * width + box.x0, y * width + box.x1, 1) >= s.zigZagCrossings) rows++;
  return columns >= s.zigZagColumns * (box.x1 - box.x0 + 1) || rows >= s.zigZagRows * (box.y1 - box.y0 + 1);
}
