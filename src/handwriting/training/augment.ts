import { DIGIT_SIZE } from '../digitNet.js';
import { strokeBox } from '../cellInk.js';
import type { InkMap } from '../normalizeDigit.js';

/** The distorted copy is drawn at twice MNIST's resolution, so normalising it always scales down as a scan does. */
const UPSCALE = 2;
const CANVAS = 72;
const GRID = 5;

export interface Distortion {
  /** Largest rotation either way, in radians. */
  rotation: number;
  shear: number;
  /** Largest relative change of width or height. */
  stretch: number;
  /** Largest displacement of the smooth elastic field, in MNIST pixels. */
  elastic: number;
  /** Chance of a thicker stroke, of a thinner one, and of a bilevel (thresholded) scan. */
  thicker: number;
  thinner: number;
  bilevel: number;
  /** Chance of a coarse bilevel scan (200 dpi thresholded: half the resolution, jagged edges). */
  coarseBilevel: number;
  /** Chance of a faint pen or a light scan (ink at 45–90 % of its strength), and of a blurred (defocused) scan. */
  faint: number;
  blur: number;
  /** Chance that a fragment of the printed box edge stays stuck to the digit (a digit that touches its cell's border). */
  edgeFragment: number;
}

export const TRAINING_DISTORTION: Distortion = {
  rotation: (12 * Math.PI) / 180,
  shear: 0.25,
  stretch: 0.15,
  elastic: 1.2,
  thicker: 0.2,
  thinner: 0.2,
  bilevel: 0.1,
  coarseBilevel: 0.1,
  faint: 0.15,
  blur: 0.1,
  edgeFragment: 0.1,
};

/** Other hands and pens only (slant, stretch, elastic, stroke width): no scanner faults, no box-edge fragments. */
export const HAND_DISTORTION: Distortion = { ...TRAINING_DISTORTION, bilevel: 0, coarseBilevel: 0, faint: 0, blur: 0, edgeFragment: 0 };

/**
 * A randomly distorted copy of a 28 × 28 digit, as another hand or another pen might have written it and another
 * scanner seen it: rotated, sheared, stretched, bent by a smooth random field, with a thicker or thinner stroke, faint
 * or blurred, sometimes thresholded (at full or at 200 dpi's half resolution), sometimes with a piece of the cell's
 * printed edge left touching it.
 */
export function distortDigit(digit: Float32Array, random: () => number, d: Distortion = TRAINING_DISTORTION): InkMap {
  const between = (m: number) => (2 * random() - 1) * m;
  const angle = between(d.rotation);
  const shear = between(d.shear);
  const sx = 1 + between(d.stretch);
  const sy = 1 + between(d.stretch);
  // Forward map A = rotation · shear · stretch; sampling needs its inverse.
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const a = [cos * sx, (cos * shear - sin) * sy, sin * sx, (sin * shear + cos) * sy];
  const det = a[0] * a[3] - a[1] * a[2];
  const inv = [a[3] / det, -a[1] / det, -a[2] / det, a[0] / det];
  const field = Float32Array.from({ length: 2 * GRID * GRID }, () => between(d.elastic));
  const ink = new Float32Array(CANVAS * CANVAS);
  const centre = CANVAS / 2;
  const middle = DIGIT_SIZE / 2;
  for (let v = 0; v < CANVAS; v++) {
    const y = (v + 0.5 - centre) / UPSCALE;
    const gy = (v / (CANVAS - 1)) * (GRID - 1);
    const y0 = Math.min(GRID - 2, Math.floor(gy));
    const fy = gy - y0;
    for (let u = 0; u < CANVAS; u++) {
      const x = (u + 0.5 - centre) / UPSCALE;
      // The smooth displacement: bilinear between the random values on a coarse grid.
      const gx = (u / (CANVAS - 1)) * (GRID - 1);
      const x0 = Math.min(GRID - 2, Math.floor(gx));
      const fx = gx - x0;
      const i00 = 2 * (y0 * GRID + x0);
      const i10 = i00 + 2;
      const i01 = i00 + 2 * GRID;
      const i11 = i01 + 2;
      const w00 = (1 - fx) * (1 - fy);
      const w10 = fx * (1 - fy);
      const w01 = (1 - fx) * fy;
      const w11 = fx * fy;
      const ex = field[i00] * w00 + field[i10] * w10 + field[i01] * w01 + field[i11] * w11;
      const ey = field[i00 + 1] * w00 + field[i10 + 1] * w10 + field[i01 + 1] * w01 + field[i11 + 1] * w11;
      ink[v * CANVAS + u] = bilinear(digit, inv[0] * x + inv[1] * y + middle + ex, inv[2] * x + inv[3] * y + middle + ey);
    }
  }
  let out: Float32Array = ink;
  const stroke = random();
  if (stroke < d.thicker) out = thicken(out);
  else if (stroke < d.thicker + d.thinner) out = out.map((value) => Math.max(0, (value - 0.3) / 0.7));
  if (random() < d.edgeFragment) out = withEdgeFragment(out, random);
  if (random() < d.blur) out = boxBlur(out);
  const scan = random();
  if (scan < d.bilevel) out = out.map((value) => (value >= 0.5 ? 1 : 0));
  else if (scan < d.bilevel + d.coarseBilevel) out = coarseBilevel(out);
  // A grey scan keeps a faint pen faint (a bilevel one turns it into thinner full-ink strokes).
  else if (random() < d.faint) {
    const strength = 0.45 + 0.45 * random();
    out = out.map((value) => value * strength);
  }
  return { ink: out, width: CANVAS, height: CANVAS };
}

/**
 * A straight piece of printed border (2–4 px thick, full ink) along one side of the digit's ink box, overlapping the
 * stroke by a pixel so that taking out the border in a cell leaves it attached, over 40–100 % of that side.
 */
function withEdgeFragment(ink: Float32Array, random: () => number): Float32Array {
  const { x0, y0, x1, y1 } = strokeBox({ ink, width: CANVAS, height: CANVAS }, 0.5);
  if (x1 < 0) return ink;
  const out = ink.slice();
  const thickness = 2 + Math.floor(random() * 3);
  const side = Math.floor(random() * 4);
  const vertical = side >= 2;
  const length = (vertical ? y1 - y0 : x1 - x0) * (0.4 + 0.6 * random());
  const start = (vertical ? y0 : x0) + random() * ((vertical ? y1 - y0 : x1 - x0) - length);
  // The fragment's inner edge overlaps the ink box's outermost pixel.
  const at = [y0 + 1 - thickness, y1, x0 + 1 - thickness, x1][side];
  for (let t = 0; t < thickness; t++) {
    for (let s = Math.round(start); s <= Math.round(start + length); s++) {
      const x = vertical ? at + t : s;
      const y = vertical ? s : at + t;
      if (x >= 0 && y >= 0 && x < CANVAS && y < CANVAS) out[y * CANVAS + x] = 1;
    }
  }
  return out;
}

/** A defocused scan: each pixel the mean of its 3 × 3 neighbourhood. */
function boxBlur(ink: Float32Array): Float32Array {
  const out = new Float32Array(ink.length);
  for (let y = 0; y < CANVAS; y++) {
    for (let x = 0; x < CANVAS; x++) {
      let sum = 0;
      let n = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(CANVAS - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(CANVAS - 1, x + 1); xx++) {
          sum += ink[yy * CANVAS + xx];
          n++;
        }
      }
      out[y * CANVAS + x] = sum / n;
    }
  }
  return out;
}

/** A 200 dpi bilevel scan: each 2 × 2 block thresholded as one pixel, so edges come out in steps. */
function coarseBilevel(ink: Float32Array): Float32Array {
  const out = new Float32Array(ink.length);
  for (let y = 0; y < CANVAS; y += 2) {
    for (let x = 0; x < CANVAS; x += 2) {
      const mean = (ink[y * CANVAS + x] + ink[y * CANVAS + x + 1] + ink[(y + 1) * CANVAS + x] + ink[(y + 1) * CANVAS + x + 1]) / 4;
      const value = mean >= 0.4 ? 1 : 0;
      out[y * CANVAS + x] = out[y * CANVAS + x + 1] = out[(y + 1) * CANVAS + x] = out[(y + 1) * CANVAS + x + 1] = value;
    }
  }
  return out;
}

/** MNIST pixel (i, j) has its centre at (i + 0.5, j + 0.5); outside the image is paper. */
function bilinear(image: Float32Array, x: number, y: number): number {
  const px = x - 0.5;
  const py = y - 0.5;
  const x0 = Math.floor(px);
  const y0 = Math.floor(py);
  if (x0 < -1 || y0 < -1 || x0 >= DIGIT_SIZE || y0 >= DIGIT_SIZE) return 0;
  const fx = px - x0;
  const fy = py - y0;
  return (pixel(image, x0, y0) * (1 - fx) + pixel(image, x0 + 1, y0) * fx) * (1 - fy) + (pixel(image, x0, y0 + 1) * (1 - fx) + pixel(image, x0 + 1, y0 + 1) * fx) * fy;
}

const pixel = (image: Float32Array, i: number, j: number) => (i < 0 || j < 0 || i >= DIGIT_SIZE || j >= DIGIT_SIZE ? 0 : image[j * DIGIT_SIZE + i]);

/** A stroke about one pixel (of this canvas) wider: halfway between the canvas and its 3 × 3 dilation. */
function thicken(ink: Float32Array): Float32Array {
  const out = new Float32Array(ink.length);
  for (let y = 0; y < CANVAS; y++) {
    for (let x = 0; x < CANVAS; x++) {
      let max = 0;
      for (let yy = Math.max(0, y - 1); yy <= Math.min(CANVAS - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(CANVAS - 1, x + 1); xx++) max = Math.max(max, ink[yy * CANVAS + xx]);
      }
      out[y * CANVAS + x] = (ink[y * CANVAS + x] + max) / 2;
    }
  }
  return out;
}
