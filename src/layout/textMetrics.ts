import { registerFonts } from './fonts.js';
import { pdfkit } from '../runtime/lazyPackages.js';
import type { FontName } from './types.js';

/** Width in points of a string set in one of our fonts; the same metrics pdfkit uses when it prints. */
export type TextMeasurer = (text: string, font: FontName, size: number) => number;

let shared: TextMeasurer | undefined;

export function pdfTextMeasurer(): TextMeasurer {
  if (shared) return shared;
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ autoFirstPage: false });
  registerFonts(doc);
  const cache = new Map<string, number>();
  shared = (text, font, size) => {
    const key = `${font}\u0000${size}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      width = doc.font(font).fontSize(size).widthOfString(text);
      cache.set(key, width);
    }
    return width;
  };
  return shared;
}
