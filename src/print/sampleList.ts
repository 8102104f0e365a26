import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { SAMPLE_LIST_COLUMNS } from '../sampling/sampleListColumns.js';
import type { SampleListHeader, SampleListRow } from '../store/sampling.js';
import { registerFonts } from './fonts.js';

const MARGIN = 28;
const ROW_PAD = 3;

/** The printed list an enumerator carries: landscape A4, the header repeated on every page. */
export async function printSampleList(header: SampleListHeader, rows: SampleListRow[], out: Writable, printedAt = new Date()): Promise<void> {
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: MARGIN, info: { Title: `Danh sách mẫu — ${header.officeName}`, Creator: 'phieu' } });
  registerFonts(doc);
  doc.pipe(out);
  const done = once(out, 'finish');
  const width = doc.page.width - 2 * MARGIN;
  const scale = width / SAMPLE_LIST_COLUMNS.reduce((w, c) => w + c.width, 0);
  const widths = SAMPLE_LIST_COLUMNS.map((c) => c.width * scale);

  const title = () => {
    doc.font('bold').fontSize(13).text('DANH SÁCH MẪU KHẢO SÁT SỰ HÀI LÒNG (SIPAS)', MARGIN, MARGIN, { width, align: 'center' });
    doc.font('regular').fontSize(9);
    doc.text(`Cơ quan: ${header.officeName}   ·   Hồ sơ trong kỳ: ${header.cases}   ·   Cỡ mẫu tối thiểu: ${header.required}   ·   Trong danh sách: ${rows.length}${header.short ? '   ·   THIẾU MẪU (lấy toàn bộ)' : ''}`, { width, align: 'center' });
    doc.text(`Lần chọn mẫu số ${header.drawId}, hạt giống "${header.seed}", chọn lúc ${header.drawnAt.slice(0, 10)}   ·   In ngày ${printedAt.toLocaleDateString('vi-VN')}`, { width, align: 'center' });
    doc.moveDown(0.5);
    drawRow(SAMPLE_LIST_COLUMNS.map((c) => c.header), true);
  };
  const drawRow = (cells: string[], bold = false) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(8);
    const height = Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: widths[i] - 2 * ROW_PAD }))) + 2 * ROW_PAD;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      title();
    }
    const y = doc.y;
    let x = MARGIN;
    cells.forEach((cell, i) => {
      doc.rect(x, y, widths[i], height).lineWidth(0.5).stroke('#555555');
      doc.fillColor('#000000').text(cell, x + ROW_PAD, y + ROW_PAD, { width: widths[i] - 2 * ROW_PAD });
      x += widths[i];
    });
    doc.x = MARGIN;
    doc.y = y + height;
  };
  title();
  rows.forEach((row, i) => drawRow(SAMPLE_LIST_COLUMNS.map((c) => c.value(row, i))));
  doc.end();
  await done;
}
