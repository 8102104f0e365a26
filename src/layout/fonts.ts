import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontPackage = path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));
const valueFontPackage = path.dirname(require.resolve('dejavu-fonts-ttf/package.json'));

/** Whole TTF files (not unicode-range subsets, which pdfkit's subsetter cannot embed) drawn for Vietnamese. */
export const FONT_REGULAR = path.join(fontPackage, '400Regular', 'BeVietnamPro_400Regular.ttf');
export const FONT_BOLD = path.join(fontPackage, '700Bold', 'BeVietnamPro_700Bold.ttf');
export const FONT_ITALIC = path.join(fontPackage, '400Regular_Italic', 'BeVietnamPro_400Regular_Italic.ttf');
/**
 * What a personalised copy prints for its person (name, case code, procedure) is read back by OCR, and must come back
 * exactly. Be Vietnam Pro's single-storey "a" is read as "o" or "ơ" (ă → ó, â → ô: half the procedure names of
 * bench/handwriting came back wrong); DejaVu Sans, with a double-storey "a", came back exactly on every line, clean
 * and degraded. (Noto Sans read as well, but pdfkit maps its "i" to "ị" in the PDF's text layer.)
 */
export const FONT_VALUE = path.join(valueFontPackage, 'ttf', 'DejaVuSans-Bold.ttf');

/** Registers the fonts on a pdfkit document under the names 'regular', 'bold', 'italic' and 'value'. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('italic', FONT_ITALIC);
  doc.registerFont('value', FONT_VALUE);
}
