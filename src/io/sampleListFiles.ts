import ExcelJS from 'exceljs';
import { SAMPLE_LIST_COLUMNS } from '../sampling/sampleListColumns.js';
import type { SampleListHeader, SampleListRow } from '../store/sampling.js';

const csvCell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** UTF-8 with BOM so Excel opens the Vietnamese text correctly. */
export function sampleListCsv(rows: SampleListRow[]): string {
  const lines = [SAMPLE_LIST_COLUMNS.map((c) => c.header), ...rows.map((r, i) => SAMPLE_LIST_COLUMNS.map((c) => c.value(r, i)))];
  return `\ufeff${lines.map((l) => l.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export async function sampleListXlsx(header: SampleListHeader, rows: SampleListRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Danh sách mẫu');
  sheet.addRow([`Danh sách mẫu — ${header.officeName}`]).font = { bold: true, size: 13 };
  sheet.addRow([`Hồ sơ trong kỳ: ${header.cases}; cỡ mẫu tối thiểu: ${header.required}; lần chọn mẫu ${header.drawId}, hạt giống "${header.seed}"${header.short ? '; THIẾU MẪU' : ''}`]);
  const head = sheet.addRow(SAMPLE_LIST_COLUMNS.map((c) => c.header));
  head.font = { bold: true };
  for (const [i, r] of rows.entries()) sheet.addRow(SAMPLE_LIST_COLUMNS.map((c) => c.value(r, i)));
  SAMPLE_LIST_COLUMNS.forEach((c, i) => (sheet.getColumn(i + 1).width = Math.round(c.width / 5)));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
