import { createRequire } from 'node:module';
import type * as CsvParse from 'csv-parse';
import type ExcelJS from 'exceljs';
import type PDFDocument from 'pdfkit';
import type * as Saxes from 'saxes';

const require = createRequire(import.meta.url);

/**
 * Packages loaded on first use instead of with the modules that use them. phieu runs as one bundle whose static
 * imports all load at start, and printing and spreadsheets take about 45 MB that `phieu scan` never uses.
 */
function lazy<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(name) as T);
}

export const pdfkit = lazy<typeof PDFDocument>('pdfkit');
export const exceljs = lazy<typeof ExcelJS>('exceljs');
export const csvParse = lazy<typeof CsvParse>('csv-parse');
export const saxes = lazy<typeof Saxes>('saxes');
// ESM only, so imported rather than required (an import() is lazy by itself).
export const hucre = () => import('hucre');
