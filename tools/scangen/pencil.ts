import type { Rect } from '../../src/layout/types.js';
import { applyHomography } from '../../src/recognize/homography.js';
import { pixelAt, type GrayImage } from '../../src/image/grayImage.js';
import { PENCIL_GREY } from '../../src/demo/marks.js';
import type { Sheet } from '../../src/demo/pen.js';
import type { PencilOnScan } from '../../src/demo/respondent.js';
import type { PageEncoding } from './encode.js';

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
