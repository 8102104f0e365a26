import { MM, type Rect } from './types.js';

// The page's fixed geometry lives apart from the layout engine: readers of scans need it, but not pdfkit, which the
// layout engine loads to measure text (about 17 MB in every page worker).

/** A4 portrait in points. */
export const PAGE = { width: 595.28, height: 841.89 };

/** Geometry every form shares; chosen for ordinary office printers and pens (see README "Form geometry"). */
export const GEOMETRY = {
  edge: 10 * MM, // nothing is printed closer to the paper's edge
  markSize: 5 * MM,
  contentX: 15 * MM,
  contentTop: 17 * MM,
  qrSize: 20 * MM,
  /** White modules around the QR symbol inside its area; the rest of the quiet zone is kept clear by the layout. */
  qrQuietModules: 2,
  checkbox: 4.6 * MM,
  digitCell: { w: 7 * MM, h: 9 * MM, gap: 1.5 * MM },
  writingLineHeight: 8 * MM,
  /** Free space kept around every box and cell, wider than a mark usually strays. */
  boxClearance: 2 * MM,
  lineHeight: 1.28,
};

export function cornerMarks(): [Rect, Rect, Rect, Rect] {
  const { edge, markSize } = GEOMETRY;
  const farX = PAGE.width - edge - markSize;
  const farY = PAGE.height - edge - markSize;
  return [
    { x: edge, y: edge, w: markSize, h: markSize },
    { x: farX, y: edge, w: markSize, h: markSize },
    { x: edge, y: farY, w: markSize, h: markSize },
    { x: farX, y: farY, w: markSize, h: markSize },
  ];
}

/** Bottom right, beside the bottom-right mark: an upside-down page shows it top left. */
export function qrRect(): Rect {
  const { edge, markSize, qrSize } = GEOMETRY;
  return { x: PAGE.width - edge - markSize - 3 * MM - qrSize, y: PAGE.height - edge - qrSize, w: qrSize, h: qrSize };
}
