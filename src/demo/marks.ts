import type { Rect } from '../layout/types.js';
import { drawStroke, graphiteGrain, type Sheet } from './pen.js';

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
