import type { CellValue, ReportTable } from './tables.js';

/** Fields that would start a formula in a spreadsheet are quoted with a leading apostrophe (CSV injection). */
function csvField(value: CellValue): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV (UTF-8 with BOM, so Excel shows the diacritics); shares as fractions with a decimal point. */
export function* tableCsv(header: string[], rows: Iterable<CellValue[]>): Generator<string> {
  yield `\uFEFF${header.map(csvField).join(',')}\r\n`;
  for (const row of rows) yield `${row.map(csvField).join(',')}\r\n`;
}

export function reportTableCsv(table: ReportTable): string {
  return [...tableCsv(table.columns.map((c) => c.header), table.rows)].join('');
}
