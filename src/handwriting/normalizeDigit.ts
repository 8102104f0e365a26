import { DIGIT_SIZE } from './digitNet.js';

/** A map of ink, 0 (paper) to 1 (full ink), row by row. */
export interface InkMap {
  ink: Float32Array;
  width: number;
  height: number;
}

/** MNIST's frame: the digit fits a 20 × 20 box, keeping its proportions, and its centre of mass sits mid-frame. */
const BOX = 20;
/** Ink fainter than this does not widen the digit's bounding box (antialiased edges, faint smudges). */
const BOX_INK = 0.12;

/**
 * Puts a digit's ink into the 28 × 28 frame the classifier was trained in, the way MNIST was made: cut to the ink's
 * bounding box, scaled (area-averaged, so strokes keep their grey edges) to fit 20 × 20 with its proportions kept,
 * then shifted so its centre of mass is at the middle. All zeros when there is no ink.
 */
export function normalizeDigit(map: InkMap): Float32Array {
  const out = new Float32Array(DIGIT_SIZE * DIGIT_SIZE);
  const box = inkBox(map);
  if (!box) return out;
  const scale = BOX / Math.max(box.w, box.h);
  const w = Math.max(1, Math.min(BOX, Math.round(box.w * scale)));
  const h = Math.max(1, Math.min(BOX, Math.round(box.h * scale)));
  const small = resampleArea(map, box, w, h);
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = small[y * w + x];
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  if (mass === 0) return out;
  const dx = Math.round(DIGIT_SIZE / 2 - mx / mass);
  const dy = Math.round(DIGIT_SIZE / 2 - my / mass);
  for (let y = 0; y < h; y++) {
    const ty = y + dy;
    if (ty < 0 || ty >= DIGIT_SIZE) continue;
    for (let x = 0; x < w; x++) {
      const tx = x + dx;
      if (tx >= 0 && tx < DIGIT_SIZE) out[ty * DIGIT_SIZE + tx] = small[y * w + x];
    }
  }
  return deskew(out);
}

/**
 * Shears the digit so its main axis stands upright (from its second moments): slant is the largest difference
 * between two hands writing the same digit, and taking it out leaves the classifier less to learn.
 */
function deskew(image: Float32Array): Float32Array {
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const v = image[y * DIGIT_SIZE + x];
      mass += v;
      mx += v * x;
      my += v * y;
    }
  }
  if (mass === 0) return image;
  mx /= mass;
  my /= mass;
  let vy = 0;
  let cxy = 0;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const v = image[y * DIGIT_SIZE + x];
      vy += v * (y - my) * (y - my);
      cxy += v * (x - mx) * (y - my);
    }
  }
  if (vy === 0) return image;
  const slant = cxy / vy;
  const out = new Float32Array(image.length);
  const centre = DIGIT_SIZE / 2 - 0.5;
  for (let y = 0; y < DIGIT_SIZE; y++) {
    const shift = slant * (y - centre);
    for (let x = 0; x < DIGIT_SIZE; x++) {
      const sx = x + shift;
      const x0 = Math.floor(sx);
      const f = sx - x0;
      const left = x0 >= 0 && x0 < DIGIT_SIZE ? image[y * DIGIT_SIZE + x0] : 0;
      const right = x0 + 1 >= 0 && x0 + 1 < DIGIT_SIZE ? image[y * DIGIT_SIZE + x0 + 1] : 0;
      out[y * DIGIT_SIZE + x] = left * (1 - f) + right * f;
    }
  }
  return out;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function inkBox(map: InkMap): Box | undefined {
  let x0 = map.width;
  let y0 = map.height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < map.height; y++) {
    for (let x = 0; x < map.width; x++) {
      if (map.ink[y * map.width + x] > BOX_INK) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? undefined : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** The box of the map resampled to w × h, each output pixel the mean of the source area it covers. */
function resampleArea(map: InkMap, box: Box, w: number, h: number): Float32Array {
  const columns = areaWeights(box.x, box.w, w);
  const rows = areaWeights(box.y, box.h, h);
  // Separable: columns first (box.h rows of w), then rows.
  const across = new Float32Array(box.h * w);
  for (let y = 0; y < box.h; y++) {
    const row = (box.y + y) * map.width;
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (const [source, weight] of columns[x]) sum += map.ink[row + source] * weight;
      across[y * w + x] = sum;
    }
  }
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (const [source, weight] of rows[y]) {
      const from = (source - box.y) * w;
      for (let x = 0; x < w; x++) out[y * w + x] += across[from + x] * weight;
    }
  }
  return out;
}

/** For each of `count` output cells spread over [start, start + length): the source pixels it overlaps and their share. */
function areaWeights(start: number, length: number, count: number): [number, number][][] {
  const step = length / count;
  return Array.from({ length: count }, (_, i) => {
    const a = start + i * step;
    const b = a + step;
    const weights: [number, number][] = [];
    for (let p = Math.floor(a); p < Math.ceil(b); p++) {
      const overlap = Math.min(b, p + 1) - Math.max(a, p);
      if (overlap > 1e-6) weights.push([p, overlap / step]);
    }
    return weights;
  });
}
