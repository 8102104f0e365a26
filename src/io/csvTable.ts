import { inertText } from './spreadsheetText.js';

export type CsvCell = string | number | null;

/** Text that would start a formula in a spreadsheet keeps a leading apostrophe (see inertText). */
function csvField(value: CsvCell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : inertText(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV (UTF-8 with BOM, so Excel shows the diacritics); shares as fractions with a decimal point. */
export function* tableCsv(header: string[], rows: Iterable<CsvCell[]>): Generator<string> {
  yield `\uFEFF${header.map(csvField).join(',')}\r\n`;
  for (const row of rows) yield `${row.map(csvField).join(',')}\r\n`;
}
