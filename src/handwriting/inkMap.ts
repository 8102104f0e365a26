import type { GrayImage } from '../image/grayImage.js';
import type { InkMap } from './normalizeDigit.js';
import type { HandwritingSettings } from './settings.js';

/**
 * How much ink each pixel holds, 0 (paper) to 1 (full ink), measured against the page's paper brightness so a grey
 * scan, a dark photocopy and a bilevel fax all give strokes near 1.
 */
export function inkOf(image: GrayImage, paper: number, s: HandwritingSettings['ink']): InkMap {
  const from = paper * (1 - s.paperMargin);
  const span = paper * (1 - s.paperMargin - s.fullInkBelow);
  const ink = new Float32Array(image.data.length);
  for (let i = 0; i < ink.length; i++) {
    const v = (from - image.data[i]) / span;
    ink[i] = v <= 0 ? 0 : v >= 1 ? 1 : v;
  }
  return { ink, width: image.width, height: image.height };
}

export interface Blob {
  /** Pixels of the blob are marked with this label in `labels` (1-based). */
  label: number;
  area: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The 8-connected blobs of stroke-strength ink, and each pixel's blob label (0 for none). */
export function inkBlobs(map: InkMap, strokeFrom: number): { blobs: Blob[]; labels: Int32Array } {
  const { ink, width, height } = map;
  const labels = new Int32Array(ink.length);
  const stack = new Int32Array(ink.length);
  const blobs: Blob[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (labels[start] || ink[start] <= strokeFrom) continue;
    const blob: Blob = { label: blobs.length + 1, area: 0, x0: width, y0: height, x1: -1, y1: -1 };
    let top = 0;
    stack[top++] = start;
    labels[start] = blob.label;
    while (top > 0) {
      const p = stack[--top];
      const x = p % width;
      const y = (p - x) / width;
      blob.area++;
      if (x < blob.x0) blob.x0 = x;
      if (x > blob.x1) blob.x1 = x;
      if (y < blob.y0) blob.y0 = y;
      if (y > blob.y1) blob.y1 = y;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (!labels[q] && ink[q] > strokeFrom) {
            labels[q] = blob.label;
            stack[top++] = q;
          }
        }
      }
    }
    blobs.push(blob);
  }
  return { blobs, labels };
}

/**
 * The ink of the kept blobs only, with a pixel of their soft edge around them (the grey rim a stroke has in a scan),
 * everything else set to paper.
 */
export function keepBlobs(map: InkMap, labels: Int32Array, kept: Set<number>): InkMap {
  const { width, height } = map;
  const ink = new Float32Array(map.ink.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let near = false;
      for (let dy = -1; dy <= 1 && !near; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < width && kept.has(labels[yy * width + xx])) {
            near = true;
            break;
          }
        }
      }
      if (near) ink[y * width + x] = map.ink[y * width + x];
    }
  }
  return { ink, width, height };
}

export function inkSum(map: InkMap): number {
  let sum = 0;
  for (let i = 0; i < map.ink.length; i++) sum += map.ink[i];
  return sum;
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
