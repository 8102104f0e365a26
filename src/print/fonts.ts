import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const fontPackage = path.dirname(require.resolve('@expo-google-fonts/be-vietnam-pro/package.json'));

/** Whole TTF files (not unicode-range subsets, which pdfkit's subsetter cannot embed) drawn for Vietnamese. */
export const FONT_REGULAR = path.join(fontPackage, '400Regular', 'BeVietnamPro_400Regular.ttf');
export const FONT_BOLD = path.join(fontPackage, '700Bold', 'BeVietnamPro_700Bold.ttf');
export const FONT_ITALIC = path.join(fontPackage, '400Regular_Italic', 'BeVietnamPro_400Regular_Italic.ttf');

/** Registers the fonts on a pdfkit document under the names 'regular', 'bold' and 'italic'. */
export function registerFonts(doc: PDFKit.PDFDocument): void {
  doc.registerFont('regular', FONT_REGULAR);
  doc.registerFont('bold', FONT_BOLD);
  doc.registerFont('italic', FONT_ITALIC);
}
