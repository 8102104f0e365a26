import sharp, { type Sharp } from 'sharp';
import type { FormLayout, Rect } from '../../src/layout/types.js';
import type { GrayImage } from '../../src/image/grayImage.js';

export type MarkKind = 'x' | 'tick' | 'filled' | 'borderStroke' | 'pencil';
export interface Mark {
  questionId: string;
  code: string;
  kind: MarkKind;
}

const DPI = 300;
const px = (pt: number) => (pt * DPI) / 72;
const pen = (mm: number) => (mm * DPI) / 25.4;

function svgFor(rect: Rect, kind: MarkKind): string {
  const { x, y, w, h } = { x: px(rect.x), y: px(rect.y), w: px(rect.w), h: px(rect.h) };
  switch (kind) {
    case 'x':
      return `<path d="M${x + 3},${y + 4} L${x + w - 2},${y + h - 3} M${x + w - 3},${y + 2} L${x + 4},${y + h - 2}" stroke="#1a1a40" stroke-width="${pen(0.5)}" stroke-linecap="round"/>`;
    case 'tick':
      return `<path d="M${x + 5},${y + h * 0.55} L${x + w * 0.4},${y + h - 6} L${x + w + 8},${y - 10}" fill="none" stroke="#1a1a40" stroke-width="${pen(0.45)}" stroke-linecap="round"/>`;
    case 'filled':
      return `<rect x="${x + 1}" y="${y + 1}" width="${w - 2}" height="${h - 2}" fill="#101030"/>`;
    case 'pencil':
      return `<path d="M${x + 6},${y + 6} L${x + w - 6},${y + h - 6} M${x + w - 6},${y + 6} L${x + 6},${y + h - 6}" stroke="#8a8a8a" stroke-width="${pen(0.3)}"/>`;
    case 'borderStroke':
      // A stroke from outside that ends on the box's printed border, as a sloppy mark in the next box might.
      return `<path d="M${x - 40},${y + h * 0.3} L${x + 2},${y + h * 0.35}" stroke="#1a1a40" stroke-width="${pen(0.5)}"/>`;
  }
}

/** Draws pen marks on a page rendered at 300 dpi, at the boxes the layout gives. */
export async function drawMarks(page: Buffer, layout: FormLayout, marks: Mark[]): Promise<Buffer> {
  const meta = await sharp(page).metadata();
  const shapes = marks.map((m) => {
    const field = layout.fields.find((f) => f.questionId === m.questionId);
    if (!field || !('options' in field)) throw new Error(`no box question ${m.questionId}`);
    const option = field.options.find((o) => o.code === m.code);
    if (!option) throw new Error(`no option ${m.code} in ${m.questionId}`);
    return svgFor(option.rect, m.kind);
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${meta.width}" height="${meta.height}">${shapes.join('')}</svg>`;
  return sharp(page).composite([{ input: Buffer.from(svg) }]).png().toBuffer();
}

export async function toGray(image: Buffer | Sharp): Promise<GrayImage> {
  const { data, info } = await (Buffer.isBuffer(image) ? sharp(image) : image).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}
