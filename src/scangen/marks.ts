import type { Rect } from '../layout/types.js';
import { applyHomography } from '../recognize/homography.js';
import { pixelAt, type GrayImage } from '../image/grayImage.js';
import type { PageEncoding } from './encode.js';
import { drawStroke, graphiteGrain, type Sheet } from './pen.js';
import type { PencilOnScan } from './respondent.js';

/**
 * What a hand does to a box: a cross, a tick, a box filled in to cancel it, a light pencil cross, a pen resting on the
 * paper (a dot), and a stroke that comes in from outside and stops on the printed border.
 */
export type MarkKind = 'x' | 'tick' | 'filled' | 'pencil' | 'dot' | 'borderStroke';

/**
 * Greys of a light pencil stroke on white paper, from the firmest hand to the lightest. The lead's grain darkens a pixel
 * by up to 1.2 times the stroke's grey, and by as little as 0.3 of it: a bilevel threshold keeps all, some or none.
 */
export const PENCIL_GREY = { firmest: 120, lightest: 210 };
const PENCIL_DARKEST_PIXEL = 255 - (255 - PENCIL_GREY.firmest) * 1.2;

/** Whether a file keeps a light pencil mark: greyscale always, bilevel never under its darkest pixel and maybe above it. */
export function pencilOnScan(encoding: PageEncoding): PencilOnScan {
  const threshold = bilevelThreshold(encoding);
  if (threshold === undefined) return 'kept';
  return threshold <= PENCIL_DARKEST_PIXEL ? 'lost' : 'maybe';
}

/** The grey under which a bilevel file (G4, or Flate one bit a pixel) turned a pixel black; undefined for a grey file. */
function bilevelThreshold(encoding: PageEncoding): number | undefined {
  if (encoding.kind === 'g4') return encoding.threshold;
  return encoding.kind === 'png' && encoding.flate?.colour === 'bilevel' ? encoding.flate.threshold : undefined;
}

/** Ink a person can tell from dust: a dot 0.36 mm across. */
const VISIBLE_MM2 = 0.1;

/**
 * What the scan left of a pencil mark, from the page before and after it was drawn (same geometry): in a bilevel file
 * the pixels it made darker than the threshold, in a grey one those it darkened by an eighth of white. None left is
 * `lost`; less than `VISIBLE_MM2`, which a person cannot tell from a speck, is `maybe`; more is `kept`.
 */
export function pencilLeft(before: GrayImage, after: Sheet, box: Rect, encoding: PageEncoding): PencilOnScan {
  const step = 1 / after.pixelsPerPoint;
  const threshold = bilevelThreshold(encoding);
  let left = 0;
  for (let v = box.y + step / 2; v < box.y + box.h; v += step) {
    for (let u = box.x + step / 2; u < box.x + box.w; u += step) {
      const at = applyHomography(after.transform, { x: u, y: v });
      const was = pixelAt(before, at.x, at.y);
      const is = pixelAt(after.image, at.x, at.y);
      if (threshold !== undefined ? is < threshold && was >= threshold : was - is >= 32) left++;
    }
  }
  const pixelMm2 = (25.4 / 72 / after.pixelsPerPoint) ** 2;
  return left === 0 ? 'lost' : left * pixelMm2 < VISIBLE_MM2 ? 'maybe' : 'kept';
}
const PEN_GREY = 30;

/** Draws one mark on a box (its printed square, in layout points), with the wobble of a real hand. */
export function drawMark(sheet: Sheet, box: Rect, kind: MarkKind, random: () => number): void {
  const { x, y, w, h } = box;
  const j = (amount: number) => (random() * 2 - 1) * amount;
  const pen = 0.8 + random() * 0.9; // 0.3–0.6 mm
  switch (kind) {
    case 'x':
      drawStroke(sheet, [{ x: x + 1 + j(1), y: y + 1 + j(1) }, { x: x + w / 2 + j(0.8), y: y + h / 2 + j(0.8) }, { x: x + w - 1 + j(1.5), y: y + h - 1 + j(1.5) }], pen, PEN_GREY);
      drawStroke(sheet, [{ x: x + w - 1 + j(1), y: y + 1 + j(1) }, { x: x + 1 + j(1.5), y: y + h - 1 + j(1.5) }], pen, PEN_GREY);
      break;
    case 'tick':
      drawStroke(sheet, [{ x: x + 2 + j(1), y: y + h * 0.5 + j(1) }, { x: x + w * 0.4 + j(0.8), y: y + h - 1.5 + j(0.8) }, { x: x + w + 3 + j(2), y: y - 3 + j(2) }], pen, PEN_GREY);
      break;
    case 'filled':
      for (let row = y + 1; row <= y + h - 1; row += 0.9) drawStroke(sheet, [{ x: x + 0.8 + j(0.3), y: row }, { x: x + w - 0.8 + j(0.3), y: row + j(0.3) }], 1.4, 25);
      break;
    case 'pencil': {
      const grey = PENCIL_GREY.firmest + random() * (PENCIL_GREY.lightest - PENCIL_GREY.firmest);
      const grain = graphiteGrain(Math.floor(random() * 2 ** 31));
      drawStroke(sheet, [{ x: x + 2 + j(1), y: y + 2 + j(1) }, { x: x + w - 2 + j(1), y: y + h - 2 + j(1) }], 0.7, grey, grain);
      drawStroke(sheet, [{ x: x + w - 2 + j(1), y: y + 2 + j(1) }, { x: x + 2 + j(1), y: y + h - 2 + j(1) }], 0.7, grey, grain);
      break;
    }
    case 'dot': {
      // A pen resting on the paper: 0.5–0.8 mm across.
      const at = { x: x + w / 2 + j(2), y: y + h / 2 + j(2) };
      drawStroke(sheet, [at, { x: at.x + 0.2, y: at.y + 0.2 }], 1.4 + random() * 0.9, 40);
      break;
    }
    case 'borderStroke':
      drawStroke(sheet, [{ x: x - 9 + j(1), y: y + h * 0.4 + j(1) }, { x: x + 0.3, y: y + h * 0.45 + j(0.5) }], pen, PEN_GREY);
      break;
  }
}
