import { inertText } from './spreadsheetText.js';

export type CsvCell = string | number | null;

export interface CsvOptions {
  /**
   * `comma` (the default) writes 0,875 as a Vietnamese Excel shows and reads it, the field quoted so it stays one;
   * `point` writes 0.875 for a statistics package that reads the file with its own syntax.
   */
  decimal?: 'comma' | 'point';
  /** The UTF-8 BOM, so Excel shows the diacritics (default); a file read by syntax that names its encoding needs none. */
  bom?: boolean;
}

/** Text that would start a formula in a spreadsheet keeps a leading apostrophe (see inertText). */
function csvField(value: CsvCell, decimal: 'comma' | 'point'): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (decimal === 'comma' ? String(value).replace('.', ',') : String(value)) : inertText(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One table as CSV: for people by default (BOM, decimal comma); shares stay fractions (0,7333), not percent text. */
export function* tableCsv(header: string[], rows: Iterable<CsvCell[]>, options: CsvOptions = {}): Generator<string> {
  const decimal = options.decimal ?? 'comma';
  const line = (cells: CsvCell[]) => `${cells.map((c) => csvField(c, decimal)).join(',')}\r\n`;
  yield `${options.bom === false ? '' : '\uFEFF'}${line(header)}`;
  for (const row of rows) yield line(row);
}
