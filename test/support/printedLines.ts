import { PassThrough } from 'node:stream';
import PDFDocument from 'pdfkit';
import { openScan } from '../../src/ingest/decode.js';
import type { FontName } from '../../src/layout/types.js';
import { registerFonts } from '../../src/layout/fonts.js';
import { crop, type GrayImage } from '../../src/image/grayImage.js';

const LINE_PITCH = 28;
const MARGIN = 20;

/**
 * Vietnamese lines printed as personalised copies print their values (by default), rendered back at 300 dpi by the
 * scan reader's own PDF path (pdfjs), each cut out as its own clip with a little paper around it.
 */
export async function printedLines(lines: string[], size = 9.5, font: FontName = 'value'): Promise<GrayImage[]> {
  const width = 520;
  const doc = new PDFDocument({ size: [width, 2 * MARGIN + lines.length * LINE_PITCH], margin: 0 });
  registerFonts(doc);
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise((resolve) => sink.on('end', resolve));
  doc.pipe(sink);
  doc.font(font).fontSize(size).fillColor('#000');
  lines.forEach((line, i) => doc.text(line, MARGIN, MARGIN + i * LINE_PITCH + (LINE_PITCH - size * 1.3) / 2, { lineBreak: false }));
  doc.end();
  await done;
  const scan = await openScan(Buffer.concat(chunks));
  const { image, pixelsPerPoint = 300 / 72 } = await scan.decodePage(0);
  return lines.map((_, i) => crop(image, (MARGIN - 8) * pixelsPerPoint, (MARGIN + i * LINE_PITCH) * pixelsPerPoint, (width - 2 * MARGIN + 16) * pixelsPerPoint, LINE_PITCH * pixelsPerPoint));
}

/** Character edits (insert, delete, replace) from `expected` to `actual`, per character of `expected`. */
export function characterErrorRate(expected: string, actual: string): number {
  const a = [...expected];
  const b = [...actual];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length] / Math.max(1, a.length);
}
