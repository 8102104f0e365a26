import { homographyFromPoints, type Point } from '../../src/recognize/homography.js';
import { warpClip } from '../../src/recognize/readPage.js';
import { addNoise, blur } from './faults.js';
import { compose } from './geometry.js';
import type { Sheet } from '../../src/demo/pen.js';

/** How a phone took the picture of a page lying on a table. */
export interface PhotoOptions {
  /** Light on the darkest part of the page as a share of the brightest: 0.55 leaves the far side at 55 %. */
  light: number;
  /** Where the light falls off towards, in degrees clockwise from the right of the photo (90: darker at the bottom). */
  lightAngle: number;
  /** Perspective: the edge far from the lens is shorter by this share of the page width at each end (0.03 = 3 %). */
  keystone: number;
  farEdge: 'top' | 'bottom' | 'left' | 'right';
  /** Turn of the page in the frame, degrees clockwise. */
  angle: number;
  /** Resolution of the page on the photo (a 12 MP phone filling the frame with an A4 page gives about 3.5). */
  pixelsPerPoint: number;
  /** Table showing around the page, as a share of the page's width on each side. */
  margin: number;
  /** Grey of the table (0–255) in full light. */
  table: number;
  /** Focus: a Gaussian blur of this sigma in pixels (0: sharp, else at least 0.3). */
  blur: number;
  /** Sensor noise: each pixel moved by up to this many grey levels. */
  noise: number;
}

export const PHONE_PHOTO: PhotoOptions = { light: 0.55, lightAngle: 0, keystone: 0.03, farEdge: 'top', angle: 0, pixelsPerPoint: 2.5, margin: 0.08, table: 110, blur: 0.8, noise: 6 };

/** Paper in full light is not white on a photo: the phone exposes it a little grey. */
const EXPOSURE = 0.93;

/**
 * A phone photo of a sheet: the page turned and seen in perspective on a table, lit unevenly (a window on one side,
 * the phone's shadow on the other), slightly out of focus and noisy. Pack it as a JPEG with packScanFile; a phone
 * writes 72 dpi into the file, so give it `pixelsPerPoint: 1` there. The result's transform maps layout points to
 * the photo's pixels, as a scan's does.
 */
export async function photographPage(paper: Sheet, options: PhotoOptions, random: () => number): Promise<Sheet> {
  const pageWidth = paper.image.width / paper.pixelsPerPoint;
  const pageHeight = paper.image.height / paper.pixelsPerPoint;
  const corners: Point[] = [{ x: 0, y: 0 }, { x: pageWidth, y: 0 }, { x: pageWidth, y: pageHeight }, { x: 0, y: pageHeight }];
  const quad = placeOnPhoto(corners, pageWidth, pageHeight, options);
  const margin = options.margin * pageWidth * options.pixelsPerPoint;
  const left = Math.min(...quad.map((p) => p.x)) - margin;
  const top = Math.min(...quad.map((p) => p.y)) - margin;
  const onPhoto = quad.map((p) => ({ x: p.x - left, y: p.y - top }));
  const width = Math.round(Math.max(...onPhoto.map((p) => p.x)) + margin);
  const height = Math.round(Math.max(...onPhoto.map((p) => p.y)) + margin);
  const onPaper = corners.map((p) => ({ x: p.x * paper.pixelsPerPoint, y: p.y * paper.pixelsPerPoint }));
  const image = warpClip(paper.image, homographyFromPoints(onPhoto, onPaper), { x: 0, y: 0, w: width, h: height }, 1);
  light(image, onPhoto, options);
  const photo = options.blur > 0 ? await blur(image, options.blur) : image;
  addNoise(photo, options.noise, random);
  const sheetToPhoto = homographyFromPoints(corners, onPhoto);
  return { image: photo, transform: compose(sheetToPhoto, compose([1 / paper.pixelsPerPoint, 0, 0, 0, 1 / paper.pixelsPerPoint, 0, 0, 0, 1], paper.transform)), pixelsPerPoint: options.pixelsPerPoint };
}

/** The page's corners (points) on the photo (pixels): far edge shortened, then turned about the page's centre. */
function placeOnPhoto(corners: Point[], pageWidth: number, pageHeight: number, options: PhotoOptions): Point[] {
  const inset = options.keystone * pageWidth;
  const cx = pageWidth / 2;
  const cy = pageHeight / 2;
  const narrowed = corners.map(({ x, y }) => {
    const towards = (from: number, to: number) => from + Math.sign(to - from) * inset;
    switch (options.farEdge) {
      case 'top':
        return y === 0 ? { x: towards(x, cx), y } : { x, y };
      case 'bottom':
        return y > 0 ? { x: towards(x, cx), y } : { x, y };
      case 'left':
        return x === 0 ? { x, y: towards(y, cy) } : { x, y };
      case 'right':
        return x > 0 ? { x, y: towards(y, cy) } : { x, y };
    }
  });
  const angle = (options.angle * Math.PI) / 180;
  return narrowed.map(({ x, y }) => {
    const dx = (x - cx) * options.pixelsPerPoint;
    const dy = (y - cy) * options.pixelsPerPoint;
    return { x: dx * Math.cos(angle) - dy * Math.sin(angle), y: dx * Math.sin(angle) + dy * Math.cos(angle) };
  });
}

/**
 * Light falling off across the page from full to `options.light`, and the table where the page is not: light
 * multiplies what the paper and ink reflect.
 */
function light(image: Sheet['image'], page: Point[], options: PhotoOptions): void {
  const angle = (options.lightAngle * Math.PI) / 180;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const along = page.map((p) => p.x * dx + p.y * dy);
  const from = Math.min(...along);
  const span = Math.max(...along) - from;
  const { data, width, height } = image;
  // The page is convex: a pixel is on it when it lies on the inner side of all four edges.
  const edges = page.map((a, i) => ({ a, b: page[(i + 1) % 4] }));
  const onPage = (x: number, y: number) => edges.every(({ a, b }) => (b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x) >= 0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const share = Math.min(1, Math.max(0, (x * dx + y * dy - from) / span));
      const gain = EXPOSURE * (1 - (1 - options.light) * share);
      const i = y * width + x;
      data[i] = (onPage(x + 0.5, y + 0.5) ? data[i] : options.table) * gain;
    }
  }
}
