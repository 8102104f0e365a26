import type { Rect } from '../layout/types.js';
import { applyHomography, homographyFromPoints, type Homography, type Point } from '../recognize/homography.js';
import type { GrayImage } from '../image/grayImage.js';

/** A page image with the map from layout points to its pixels: the paper itself, or a scan of it. */
export interface Sheet {
  image: GrayImage;
  /** Layout points → pixels of `image`. */
  transform: Homography;
  pixelsPerPoint: number;
}

/** Paper as printed: layout points scaled straight onto the image. */
export function paperSheet(image: GrayImage, pixelsPerPoint: number): Sheet {
  return { image, transform: [pixelsPerPoint, 0, 0, 0, pixelsPerPoint, 0, 0, 0, 1], pixelsPerPoint };
}

/**
 * How much of a stroke's grey each pixel takes, 0 to about 1.2: a pen lays even ink (none given), pencil lead catches
 * only the paper's tooth, so a pencil stroke is grainy and a light one breaks up into specks under a bilevel threshold.
 */
export type Grain = (x: number, y: number) => number;

/** Ink along a polyline in layout points, `widthPt` wide, of grey `ink` (0 black, 255 paper). Ink only darkens. */
export function drawStroke(sheet: Sheet, points: Point[], widthPt: number, ink: number, grain?: Grain): void {
  const radius = (widthPt * sheet.pixelsPerPoint) / 2;
  for (let i = 1; i < points.length; i++) {
    const a = applyHomography(sheet.transform, points[i - 1]);
    const b = applyHomography(sheet.transform, points[i]);
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / Math.max(0.5, radius / 2)));
    for (let s = 0; s <= steps; s++) stamp(sheet.image, a.x + ((b.x - a.x) * s) / steps, a.y + ((b.y - a.y) * s) / steps, radius, ink, grain);
  }
}

/** A round pen tip with an anti-aliased edge. */
function stamp(image: GrayImage, cx: number, cy: number, radius: number, ink: number, grain?: Grain): void {
  const r = Math.ceil(radius + 1);
  for (let y = Math.floor(cy - r); y <= cy + r; y++) {
    if (y < 0 || y >= image.height) continue;
    for (let x = Math.floor(cx - r); x <= cx + r; x++) {
      if (x < 0 || x >= image.width) continue;
      const edge = Math.max(0, Math.min(1, radius + 0.5 - Math.hypot(x + 0.5 - cx, y + 0.5 - cy)));
      if (edge <= 0) continue;
      const cover = grain ? edge * grain(x, y) : edge;
      const i = y * image.width + x;
      const value = Math.max(0, image.data[i] * (1 - cover) + ink * cover);
      if (value < image.data[i]) image.data[i] = value;
    }
  }
}

/**
 * Lays an image of ink (white = no ink) over a layout rectangle, through the sheet's transform: handwriting and digits
 * land skewed and scaled exactly as the page around them. Ink only darkens, as on paper.
 */
export function pasteInk(sheet: Sheet, rect: Rect, ink: GrayImage): void {
  const corners = [
    { x: rect.x, y: rect.y },
    { x: rect.x + rect.w, y: rect.y },
    { x: rect.x + rect.w, y: rect.y + rect.h },
    { x: rect.x, y: rect.y + rect.h },
  ].map((p) => applyHomography(sheet.transform, p));
  const toInk = homographyFromPoints(corners, [
    { x: 0, y: 0 },
    { x: ink.width, y: 0 },
    { x: ink.width, y: ink.height },
    { x: 0, y: ink.height },
  ]);
  const { image } = sheet;
  const x0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.x))));
  const x1 = Math.min(image.width - 1, Math.ceil(Math.max(...corners.map((c) => c.x))));
  const y0 = Math.max(0, Math.floor(Math.min(...corners.map((c) => c.y))));
  const y1 = Math.min(image.height - 1, Math.ceil(Math.max(...corners.map((c) => c.y))));
  const [a, b, c, d, e, f, g, h, k] = toInk;
  // A line of text covers a few hundred thousand pixels: the map and the bilinear sample are inlined, no objects.
  for (let y = y0; y <= y1; y++) {
    const v = y + 0.5;
    for (let x = x0; x <= x1; x++) {
      const u = x + 0.5;
      const w = g * u + h * v + k;
      const px = (a * u + b * v + c) / w - 0.5;
      const py = (d * u + e * v + f) / w - 0.5;
      if (px <= -1 || py <= -1 || px >= ink.width || py >= ink.height) continue;
      const xi = Math.floor(px);
      const yi = Math.floor(py);
      const fx = px - xi;
      const fy = py - yi;
      const top = inkAt(ink, xi, yi) * (1 - fx) + inkAt(ink, xi + 1, yi) * fx;
      const bottom = inkAt(ink, xi, yi + 1) * (1 - fx) + inkAt(ink, xi + 1, yi + 1) * fx;
      // Rounded, or the white around the ink would come out a shade grey (255 × 0.3 + 255 × 0.7 is 254.99…).
      const value = Math.round(top * (1 - fy) + bottom * fy);
      const i = y * image.width + x;
      if (value < image.data[i]) image.data[i] = value;
    }
  }
}

/** White outside the ink image, so ink fades out at its edges instead of ending in a hard line. */
const inkAt = (image: GrayImage, x: number, y: number) => (x < 0 || y < 0 || x >= image.width || y >= image.height ? 255 : image.data[y * image.width + x]);

/**
 * The tooth of a sheet under pencil lead: a fixed share per pixel (so strokes drawn over each other agree), from 0.3
 * to 1.2 of the stroke's grey, drawn from `seed`.
 */
export function graphiteGrain(seed: number): Grain {
  return (x, y) => {
    // An integer hash of the pixel and the seed, spread over [0, 1): no table, and the same at any size of sheet.
    let h = (Math.imul(x, 374761393) + Math.imul(y, 668265263) + Math.imul(seed, 2246822519)) | 0;
    h = Math.imul(h ^ (h >>> 13), 1274126177);
    h ^= h >>> 16;
    return 0.3 + 0.9 * ((h >>> 0) / 4294967296);
  };
}
