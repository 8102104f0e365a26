import type { CellValue, ReportColumn, ReportTable } from './tables.js';
import { formatShare } from './tables.js';

export const MARGIN = 42;
const PAD = 3;
const INK = '#1a1a1a';
const RULE = '#8c8c8c';
const BAR = '#2f6690';

type Doc = PDFKit.PDFDocument;

const contentWidth = (doc: Doc) => doc.page.width - 2 * MARGIN;
const bottom = (doc: Doc) => doc.page.height - MARGIN - 14;

/** Starts a new page when less than `height` is left on this one. */
export function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) {
    doc.addPage();
    doc.y = MARGIN;
  }
}

/** A section title, kept with at least the start of what follows (a caption, a table header and a row). */
export function heading(doc: Doc, title: string): void {
  ensureRoom(doc, 110);
  doc.moveDown(0.6);
  doc.font('bold').fontSize(12).fillColor(INK).text(title, MARGIN, doc.y, { width: contentWidth(doc) });
  doc.moveDown(0.3);
}

/** `keepWithNext`: room to leave below, so a caption is not left alone at the foot of a page. */
export function paragraph(doc: Doc, text: string, options: { italic?: boolean; size?: number; keepWithNext?: number } = {}): void {
  doc.font(options.italic ? 'italic' : 'regular').fontSize(options.size ?? 9).fillColor(INK);
  ensureRoom(doc, doc.heightOfString(text, { width: contentWidth(doc) }) + (options.keepWithNext ?? 0));
  doc.text(text, MARGIN, doc.y, { width: contentWidth(doc) });
}

export function formatCell(value: CellValue, column: ReportColumn): string {
  if (value === null) return column.kind === 'text' ? '' : '–';
  if (column.kind === 'share') return formatShare(value as number);
  return typeof value === 'number' ? value.toLocaleString('vi-VN') : value;
}

/** A table with ruled cells; the header row is repeated at the top of every page it runs onto. */
export function table(doc: Doc, source: ReportTable, columnIndexes = source.columns.map((_, i) => i)): void {
  const columns = columnIndexes.map((i) => source.columns[i]);
  const scale = contentWidth(doc) / columns.reduce((w, c) => w + c.width, 0);
  const widths = columns.map((c) => c.width * scale);
  const measure = (cells: string[], header: boolean) => {
    doc.font(header ? 'bold' : 'regular').fontSize(7.5);
    return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * PAD }))) + 2 * PAD;
  };
  const drawRow = (cells: string[], header: boolean) => {
    const height = measure(cells, header);
    const top = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      if (header) doc.rect(x, top, widths[i], height).fill('#e8edf2');
      doc.rect(x, top, widths[i], height).lineWidth(0.4).strokeColor(RULE).stroke();
      const align = header || columns[i].kind === 'text' ? 'left' : 'right';
      doc.fillColor(INK).text(cell, x + PAD, top + PAD, { width: widths[i] - 2 * PAD, align });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = top + height;
  };
  const headerCells = columns.map((c) => c.header);
  ensureRoom(doc, measure(headerCells, true) + 16);
  drawRow(headerCells, true);
  for (const row of source.rows) {
    const cells = columnIndexes.map((i, j) => formatCell(row[i], columns[j]));
    if (doc.y + measure(cells, false) > bottom(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      drawRow(headerCells, true);
    }
    drawRow(cells, false);
  }
  doc.moveDown(0.5);
}

export interface Bar {
  label: string;
  value: number | null;
  /** The interval drawn as a whisker over the bar. */
  low?: number | null;
  high?: number | null;
  /** A second share shown beside the value (the dissatisfied share). */
  second?: number | null;
}

/** Horizontal bars from 0 to 100 %, with a gridline every 20 %, labels on the left and values on the right. */
export function barChart(doc: Doc, bars: Bar[], options: { labelWidth?: number } = {}): void {
  const width = contentWidth(doc);
  const labelWidth = options.labelWidth ?? width * 0.38;
  const valueWidth = 92;
  const barWidth = width - labelWidth - valueWidth - 8;
  const x0 = MARGIN + labelWidth + 4;
  doc.font('regular').fontSize(7.5);
  const axis = () => {
    ensureRoom(doc, 24);
    const y = doc.y;
    doc.font('regular').fontSize(7).fillColor('#555555');
    for (let p = 0; p <= 100; p += 20) doc.text(`${p} %`, x0 + (barWidth * p) / 100 - 12, y, { width: 24, align: 'center', lineBreak: false });
    doc.y = y + 10;
  };
  axis();
  for (const bar of bars) {
    doc.font('regular').fontSize(7.5);
    const labelHeight = doc.heightOfString(bar.label, { width: labelWidth });
    const height = Math.max(12, labelHeight + 2);
    if (doc.y + height > bottom(doc)) {
      doc.addPage();
      doc.y = MARGIN;
      axis();
    }
    const top = doc.y;
    doc.fillColor(INK).text(bar.label, MARGIN, top + 1, { width: labelWidth });
    for (let p = 0; p <= 100; p += 20) {
      doc.moveTo(x0 + (barWidth * p) / 100, top).lineTo(x0 + (barWidth * p) / 100, top + height).lineWidth(0.3).strokeColor('#cccccc').stroke();
    }
    const mid = top + height / 2;
    if (bar.value !== null) {
      doc.rect(x0, mid - 4, barWidth * bar.value, 8).fill(BAR);
      if (bar.low !== null && bar.low !== undefined && bar.high !== null && bar.high !== undefined) {
        const [a, b] = [x0 + barWidth * bar.low, x0 + barWidth * bar.high];
        doc.moveTo(a, mid).lineTo(b, mid).moveTo(a, mid - 3).lineTo(a, mid + 3).moveTo(b, mid - 3).lineTo(b, mid + 3).lineWidth(0.8).strokeColor(INK).stroke();
      }
    }
    const value = `${formatShare(bar.value)}${bar.second !== undefined ? `  (KHL ${formatShare(bar.second ?? null)})` : ''}`;
    doc.font('regular').fontSize(7.5).fillColor(INK).text(value, x0 + barWidth + 4, mid - 4, { width: valueWidth + 4, lineBreak: false });
    doc.x = MARGIN;
    doc.y = top + height + 2;
  }
  doc.moveDown(0.5);
}

/** "Trang x/y" at the foot of every page, once all pages exist. */
export function pageNumbers(doc: Doc, footer: string): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Below the bottom margin pdfkit would start a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font('regular').fontSize(7).fillColor('#555555');
    doc.text(`${footer} · Trang ${i + 1}/${range.count}`, MARGIN, doc.page.height - MARGIN + 6, { width: contentWidth(doc), align: 'center', lineBreak: false });
  }
}
