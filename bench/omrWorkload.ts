import type { BoxOption, FormLayout } from '../src/layout/types.js';
import { applyHomography, homographyFromPoints, type Homography, type Point } from '../src/recognize/homography.js';
import type { GrayImage } from '../src/recognize/image.js';
import { warpClip } from '../src/recognize/readPage.js';

/**
 * A fast source of marked, degraded pages for the checkbox-accuracy benchmark. Geometric faults (rotation, scale,
 * perspective, offset) are applied once to a handful of variants of the printed page; each benchmark page then draws
 * hand-made pen marks straight into a variant through its known transform, adds specks, and is encoded as JPEG or G4
 * by the caller. That keeps generation cheaper than the reading it measures, so half a million boxes take minutes.
 */

/** Grey of a light pencil stroke on white paper. */
export const PENCIL = 140;

export type MarkKind = 'x' | 'tick' | 'filled' | 'pencil' | 'dot' | 'borderStroke';

export interface BoxTruth {
  questionId: string;
  /** Codes a correct read chooses. */
  expected: string[];
  /** The scenario is ambiguous on paper (pencil, a dot, two answers): a person may be asked, silence is judged by `expected`. */
  reviewAllowed: boolean;
  /** Two answers to a one-answer question: silence is wrong whatever the value. */
  reviewRequired: boolean;
  marks: { code: string; kind: MarkKind }[];
}

export interface Variant {
  image: GrayImage;
  /** Layout points → pixels of the variant. */
  transform: Homography;
  pixelsPerPoint: number;
}

export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The printed page seen through a scanner's geometry: rotation ±3°, scale 97–103 %, a little keystone and offset. */
export function makeVariant(base: GrayImage, basePixelsPerPoint: number, random: () => number): Variant {
  const { width, height } = base;
  const angle = ((random() * 2 - 1) * 3 * Math.PI) / 180;
  const scale = 0.97 + random() * 0.06;
  const keystone = (random() * 2 - 1) * 0.004 * width;
  const shift = { x: (random() * 2 - 1) * 25, y: (random() * 2 - 1) * 25 };
  const cx = width / 2;
  const cy = height / 2;
  const move = (p: Point, k: number): Point => {
    const x = (p.x - cx) * scale;
    const y = (p.y - cy) * scale;
    return { x: cx + shift.x + x * Math.cos(angle) - y * Math.sin(angle) + k, y: cy + shift.y + x * Math.sin(angle) + y * Math.cos(angle) };
  };
  const corners = [{ x: 0, y: 0 }, { x: width, y: 0 }, { x: width, y: height }, { x: 0, y: height }];
  const moved = corners.map((p, i) => move(p, i < 2 ? keystone : -keystone));
  // variant pixel → base pixel, to sample the base for every pixel of the variant.
  const toBase = homographyFromPoints(moved, corners);
  const image = warpClip(base, toBase, { x: 0, y: 0, w: width, h: height }, 1);
  const toVariant = homographyFromPoints(corners, moved);
  const transform = compose(toVariant, [basePixelsPerPoint, 0, 0, 0, basePixelsPerPoint, 0, 0, 0, 1]);
  return { image, transform, pixelsPerPoint: basePixelsPerPoint };
}

function compose(a: Homography, b: Homography): Homography {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m.push(a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]);
  return m.map((v) => v / m[8]);
}

/** Stamps a pen stroke along a polyline (in layout points) into the image through the transform. */
function stroke(image: GrayImage, transform: Homography, points: Point[], widthPt: number, ink: number, pixelsPerPoint: number): void {
  const radius = (widthPt * pixelsPerPoint) / 2;
  for (let i = 1; i < points.length; i++) {
    const a = applyHomography(transform, points[i - 1]);
    const b = applyHomography(transform, points[i]);
    const steps = Math.max(1, Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / Math.max(0.5, radius / 2)));
    for (let s = 0; s <= steps; s++) stamp(image, a.x + ((b.x - a.x) * s) / steps, a.y + ((b.y - a.y) * s) / steps, radius, ink);
  }
}

function stamp(image: GrayImage, cx: number, cy: number, radius: number, ink: number): void {
  const r = Math.ceil(radius + 1);
  for (let y = Math.floor(cy - r); y <= cy + r; y++) {
    if (y < 0 || y >= image.height) continue;
    for (let x = Math.floor(cx - r); x <= cx + r; x++) {
      if (x < 0 || x >= image.width) continue;
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const cover = Math.max(0, Math.min(1, radius + 0.5 - d));
      if (cover <= 0) continue;
      const i = y * image.width + x;
      const value = image.data[i] * (1 - cover) + ink * cover;
      if (value < image.data[i]) image.data[i] = value;
    }
  }
}

function drawMark(image: GrayImage, v: Variant, box: BoxOption, kind: MarkKind, random: () => number): void {
  const { x, y, w, h } = box.rect;
  const j = (amount: number) => (random() * 2 - 1) * amount;
  const pen = 0.8 + random() * 0.9; // 0.3–0.6 mm
  switch (kind) {
    case 'x':
      stroke(image, v.transform, [{ x: x + 1 + j(1), y: y + 1 + j(1) }, { x: x + w / 2 + j(0.8), y: y + h / 2 + j(0.8) }, { x: x + w - 1 + j(1.5), y: y + h - 1 + j(1.5) }], pen, 30, v.pixelsPerPoint);
      stroke(image, v.transform, [{ x: x + w - 1 + j(1), y: y + 1 + j(1) }, { x: x + 1 + j(1.5), y: y + h - 1 + j(1.5) }], pen, 30, v.pixelsPerPoint);
      break;
    case 'tick':
      stroke(image, v.transform, [{ x: x + 2 + j(1), y: y + h * 0.5 + j(1) }, { x: x + w * 0.4 + j(0.8), y: y + h - 1.5 + j(0.8) }, { x: x + w + 3 + j(2), y: y - 3 + j(2) }], pen, 30, v.pixelsPerPoint);
      break;
    case 'filled':
      for (let row = y + 1; row <= y + h - 1; row += 0.9) stroke(image, v.transform, [{ x: x + 0.8 + j(0.3), y: row }, { x: x + w - 0.8 + j(0.3), y: row + j(0.3) }], 1.4, 25, v.pixelsPerPoint);
      break;
    case 'pencil':
      stroke(image, v.transform, [{ x: x + 2 + j(1), y: y + 2 + j(1) }, { x: x + w - 2 + j(1), y: y + h - 2 + j(1) }], 0.7, PENCIL, v.pixelsPerPoint);
      stroke(image, v.transform, [{ x: x + w - 2 + j(1), y: y + 2 + j(1) }, { x: x + 2 + j(1), y: y + h - 2 + j(1) }], 0.7, PENCIL, v.pixelsPerPoint);
      break;
    case 'dot': {
      // A pen resting on the paper: 0.5–0.8 mm across.
      const at = { x: x + w / 2 + j(2), y: y + h / 2 + j(2) };
      stroke(image, v.transform, [at, { x: at.x + 0.2, y: at.y + 0.2 }], 1.4 + random() * 0.9, 40, v.pixelsPerPoint);
      break;
    }
    case 'borderStroke':
      // A stroke from outside the box that ends on its printed border.
      stroke(image, v.transform, [{ x: x - 9 + j(1), y: y + h * 0.4 + j(1) }, { x: x + 0.3, y: y + h * 0.45 + j(0.5) }], pen, 30, v.pixelsPerPoint);
      break;
  }
}

/** Chooses what a respondent did with one one-answer question, with how a correct reader must treat it. */
function scenario(questionId: string, codes: string[], random: () => number, pencilVisible: boolean): BoxTruth {
  const pick = () => codes[Math.floor(random() * codes.length)];
  const other = (not: string) => codes.filter((c) => c !== not)[Math.floor(random() * (codes.length - 1))];
  const r = random();
  const answer = pick();
  const firm = (marks: BoxTruth['marks'], expected: string[]): BoxTruth => ({ questionId, expected, marks, reviewAllowed: false, reviewRequired: false });
  if (r < 0.4) return firm([{ code: answer, kind: 'x' }], [answer]);
  if (r < 0.65) return firm([{ code: answer, kind: 'tick' }], [answer]);
  if (r < 0.75) return firm([], []);
  if (r < 0.82) {
    const cancelled = other(answer);
    return firm([{ code: cancelled, kind: 'filled' }, { code: answer, kind: 'x' }], [answer]);
  }
  if (r < 0.87) return firm([{ code: other(answer), kind: 'borderStroke' }, { code: answer, kind: 'x' }], [answer]);
  if (r < 0.91) return { questionId, expected: [], marks: [{ code: answer, kind: 'x' }, { code: other(answer), kind: 'x' }], reviewAllowed: true, reviewRequired: true };
  // A bilevel scan whose threshold is darker than the pencil keeps nothing of it: no reader can see that mark.
  if (r < 0.96) return { questionId, expected: pencilVisible ? [answer] : [], marks: [{ code: answer, kind: 'pencil' }], reviewAllowed: true, reviewRequired: false };
  return { questionId, expected: [], marks: [{ code: answer, kind: 'dot' }], reviewAllowed: true, reviewRequired: false };
}

/** Fills in every box question of a page on a copy of a variant, with specks and sometimes a fold. */
export function markPage(layout: FormLayout, page: number, variant: Variant, random: () => number, bilevelThreshold?: number): { image: GrayImage; truth: BoxTruth[] } {
  const image: GrayImage = { data: new Uint8Array(variant.image.data), width: variant.image.width, height: variant.image.height };
  const truth: BoxTruth[] = [];
  for (const field of layout.fields) {
    if (field.page !== page || !('options' in field) || field.kind === 'multiple') continue;
    const t = scenario(field.questionId, field.options.map((o) => o.code), random, bilevelThreshold === undefined || PENCIL < bilevelThreshold);
    for (const mark of t.marks) drawMark(image, variant, field.options.find((o) => o.code === mark.code)!, mark.kind, random);
    truth.push(t);
  }
  // Scanner specks: isolated dark pixels.
  const specks = Math.floor(random() * 3000);
  for (let i = 0; i < specks; i++) image.data[Math.floor(random() * image.data.length)] = 40;
  if (random() < 0.1) {
    // A fold: a faint grey line right across the page.
    const y = Math.floor(image.height * (0.3 + random() * 0.4));
    for (let x = 0; x < image.width; x++) for (let d = 0; d < 3; d++) image.data[(y + d) * image.width + x] = Math.min(image.data[(y + d) * image.width + x], 170);
  }
  return { image, truth };
}

/**
 * Paints a copy's QR code into a rendered page at the layout's QR area, exactly as printForms draws it (the same
 * modules, quiet zone and area), so thousands of distinct serials need only one slow PDF render per page.
 */
export function paintQr(image: GrayImage, layout: FormLayout, page: number, text: string, pixelsPerPoint: number, qrModules: (text: string) => { size: number; get(row: number, col: number): boolean | number }): void {
  const area = layout.pages[page - 1].qr;
  const modules = qrModules(text);
  const module = area.w / (modules.size + 2 * QUIET);
  const x0 = area.x * pixelsPerPoint;
  const y0 = area.y * pixelsPerPoint;
  const side = area.w * pixelsPerPoint;
  for (let y = Math.floor(y0); y < Math.ceil(y0 + side); y++) {
    for (let x = Math.floor(x0); x < Math.ceil(x0 + side); x++) {
      const col = Math.floor(((x + 0.5) / pixelsPerPoint - area.x) / module) - QUIET;
      const row = Math.floor(((y + 0.5) / pixelsPerPoint - area.y) / module) - QUIET;
      const dark = row >= 0 && col >= 0 && row < modules.size && col < modules.size && Boolean(modules.get(row, col));
      image.data[y * image.width + x] = dark ? 0 : 255;
    }
  }
}

const QUIET = 2;
