import { homographyFromPoints, type Homography, type Point } from '../../src/recognize/homography.js';
import { GEOMETRY, PAGE } from '../../src/layout/pageGeometry.js';
import { MM } from '../../src/layout/types.js';
import { warpClip } from '../../src/recognize/readPage.js';
import type { Sheet } from '../../src/demo/pen.js';

/** How a sheet lay on the scanner glass or went through the feeder. */
export interface ScanGeometry {
  /** Rotation in degrees, clockwise. */
  angle: number;
  /** Printed size on the scan relative to the original (a 97 % photocopy is 0.97). */
  scale: number;
  /** Perspective: the top edge is narrower (positive) or wider than the bottom by this share of the width, each side. */
  keystone: number;
  /** Offset of the page on the glass, in points. */
  shift: Point;
  upsideDown: boolean;
}

export const STRAIGHT: ScanGeometry = { angle: 0, scale: 1, keystone: 0, shift: { x: 0, y: 0 }, upsideDown: false };

/**
 * A feeder's usual faults: up to ±3°, 97–103 %, a little perspective and offset. Only sheets whose printed area stays
 * on the scan are made: one whose corner marks fall off the edge is rescanned by the clerk, not read.
 */
export function randomGeometry(random: () => number, upsideDown = false): ScanGeometry {
  const spread = (amount: number) => (random() * 2 - 1) * amount;
  for (;;) {
    const geometry = { angle: spread(3), scale: 0.97 + random() * 0.06, keystone: spread(0.004), shift: { x: spread(6), y: spread(6) }, upsideDown };
    const place = onGlass(geometry, PAGE.width, PAGE.height);
    const { edge } = GEOMETRY;
    const printed = [{ x: edge, y: edge }, { x: PAGE.width - edge, y: edge }, { x: PAGE.width - edge, y: PAGE.height - edge }, { x: edge, y: PAGE.height - edge }];
    const margin = 2 * MM;
    if (printed.map((p) => place(p, 0)).every((p) => p.x >= margin && p.y >= margin && p.x <= PAGE.width - margin && p.y <= PAGE.height - margin)) return geometry;
  }
}

/** Where a point of the sheet (in points) lands on the scan (in points); `inset` is its keystone shift. */
function onGlass(geometry: ScanGeometry, pageWidth: number, pageHeight: number): (p: Point, inset: number) => Point {
  const angle = ((geometry.angle + (geometry.upsideDown ? 180 : 0)) * Math.PI) / 180;
  return (p, inset) => {
    const x = (p.x - pageWidth / 2 + inset) * geometry.scale;
    const y = (p.y - pageHeight / 2) * geometry.scale;
    return { x: pageWidth / 2 + geometry.shift.x + x * Math.cos(angle) - y * Math.sin(angle), y: pageHeight / 2 + geometry.shift.y + x * Math.sin(angle) + y * Math.cos(angle) };
  };
}

/**
 * Scans a sheet of paper, whose image covers the whole sheet at `paper.pixelsPerPoint`: the sheet seen through the
 * geometry, sampled at the scanner's resolution. The result's transform maps layout points to its pixels (through
 * the paper's own, which differs from plain scaling on a photocopy), so pen work can also be drawn after the fact.
 */
export function scanSheet(paper: Sheet, geometry: ScanGeometry, pixelsPerPoint: number): Sheet {
  const pageWidth = paper.image.width / paper.pixelsPerPoint;
  const pageHeight = paper.image.height / paper.pixelsPerPoint;
  const width = Math.round(pageWidth * pixelsPerPoint);
  const height = Math.round(pageHeight * pixelsPerPoint);
  const corners = [{ x: 0, y: 0 }, { x: pageWidth, y: 0 }, { x: pageWidth, y: pageHeight }, { x: 0, y: pageHeight }];
  const place = onGlass(geometry, pageWidth, pageHeight);
  const inset = geometry.keystone * pageWidth;
  const moved = corners.map((p, i) => {
    const at = place(p, i === 0 ? inset : i === 1 ? -inset : 0);
    return { x: at.x * pixelsPerPoint, y: at.y * pixelsPerPoint };
  });
  const onPaper = corners.map((p) => ({ x: p.x * paper.pixelsPerPoint, y: p.y * paper.pixelsPerPoint }));
  // warpClip walks the scan's pixels (one "point" each) and samples the paper where each one saw it.
  const image = warpClip(paper.image, homographyFromPoints(moved, onPaper), { x: 0, y: 0, w: width, h: height }, 1);
  const sheetToScan = homographyFromPoints(corners, moved);
  return { image, transform: compose(sheetToScan, compose(scaling(1 / paper.pixelsPerPoint), paper.transform)), pixelsPerPoint };
}

const scaling = (factor: number): Homography => [factor, 0, 0, 0, factor, 0, 0, 0, 1];

/** `a` after `b`. */
export function compose(a: Homography, b: Homography): Homography {
  const m: number[] = [];
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m.push(a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c]);
  return m.map((v) => v / m[8]);
}
