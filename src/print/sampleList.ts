import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { pdfkit } from '../runtime/lazyPackages.js';
import { SAMPLE_LIST_COLUMNS, sampleListSections, type SampleListSection } from '../sampling/sampleListColumns.js';
import type { SampleListHeader, SampleListRow } from '../sampling/sampleList.js';
import { registerFonts } from '../layout/fonts.js';

const MARGIN = 28;
const ROW_PAD = 3;
const A4_LANDSCAPE_WIDTH = 841.89;

export interface SampleListPrintOptions {
  /** One list per enumerator route (ward or commune), each starting on a new page. */
  byRoute?: boolean;
  printedAt?: Date;
}

/** The printed list an enumerator carries: landscape A4, the office, counts and seed repeated on every page. */
export async function printSampleList(header: SampleListHeader, rows: SampleListRow[], out: Writable, options: SampleListPrintOptions = {}): Promise<void> {
  const PDFDocument = pdfkit();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, autoFirstPage: false, info: { Title: `Danh sách mẫu — ${header.officeName}`, Creator: 'phieu' } });
  registerFonts(doc);
  doc.pipe(out);
  const done = once(out, 'finish');
  const printedAt = (options.printedAt ?? new Date()).toLocaleDateString('vi-VN');
  const width = A4_LANDSCAPE_WIDTH - 2 * MARGIN;
  const scale = width / SAMPLE_LIST_COLUMNS.reduce((w, c) => w + c.width, 0);
  const widths = SAMPLE_LIST_COLUMNS.map((c) => c.width * scale);

  // `shaded`: a header, or a member who left the sample (refused, unreachable) and must not be visited again.
  const drawRow = (cells: string[], bold: boolean, section: SampleListSection, shaded = bold) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * ROW_PAD }))) + 2 * ROW_PAD;
    if (!bold && doc.y + height > doc.page.height - MARGIN) newPage(section);
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      if (shaded) doc.rect(x, y, widths[i], height).fill('#e6e6e6');
      doc.rect(x, y, widths[i], height).lineWidth(0.5).stroke('#555555');
      doc.fillColor('#000000').text(cell, x + ROW_PAD, y + ROW_PAD, { width: widths[i] - 2 * ROW_PAD });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  const newPage = (section: SampleListSection) => {
    doc.addPage();
    doc.font('bold').fontSize(13).text('DANH SÁCH MẪU KHẢO SÁT SỰ HÀI LÒNG (SIPAS)', MARGIN, MARGIN, { width, align: 'center' });
    doc.font('regular').fontSize(9);
    const counts = `Hồ sơ trong kỳ: ${header.cases}   ·   Cỡ mẫu tối thiểu: ${header.required}   ·   Trong danh sách: ${rows.length}${header.short ? '   ·   THIẾU MẪU (lấy toàn bộ)' : ''}`;
    doc.text(`Cơ quan: ${header.officeName}   ·   ${counts}`, { width, align: 'center' });
    if (section.route) doc.font('bold').text(`Tuyến: ${section.route} (${section.rows.length} người)`, { width, align: 'center' }).font('regular');
    doc.text(`Lần chọn mẫu số ${header.drawId}, hạt giống "${header.seed}", chọn lúc ${header.drawnAt.slice(0, 10)}   ·   In ngày ${printedAt}`, { width, align: 'center' });
    doc.moveDown(0.5);
    drawRow(SAMPLE_LIST_COLUMNS.map((c) => c.header), true, section);
  };
  for (const section of sampleListSections(rows, options.byRoute)) {
    newPage(section);
    section.rows.forEach((row, i) => drawRow(SAMPLE_LIST_COLUMNS.map((c) => c.value(row, i)), false, section, row.outcome !== null));
  }
  doc.end();
  await done;
}
