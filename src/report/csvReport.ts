import { inertText } from '../io/spreadsheetText.js';
import type { CellValue, ReportTable } from './tables.js';

/** Text that would start a formula in a spreadsheet keeps a leading apostrophe (see inertText). */
function csvField(value: CellValue): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : inertText(value);
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
