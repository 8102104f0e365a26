import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { headerScore, type Cell } from '../sampling/registerRow.js';

export interface RegisterTable {
  headers: string[];
  /** Row number of the header in the file (1-based), so data rows are reported by the number the planner sees. */
  headerRow: number;
  rows: { row: number; cells: Cell[] }[];
}

export class RegisterFileError extends Error {}

// Title rows ("SỔ THEO DÕI HỒ SƠ …", the office, the period) often sit above the header.
const HEADER_SEARCH_ROWS = 30;

/** `extraHeaders`: the headers an explicit column mapping names, so a register with other headers is found too. */
export async function readRegisterFile(file: string, extraHeaders: string[] = []): Promise<RegisterTable> {
  const bytes = fs.readFileSync(file);
  const name = path.basename(file);
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(file, name, extraHeaders);
  return readCsv(decodeText(bytes, name), name, extraHeaders);
}

function decodeText(bytes: Buffer, name: string): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    throw new RegisterFileError(`${name}: không phải văn bản UTF-8 hay UTF-16 (hãy lưu lại dạng "CSV UTF-8" hoặc dùng tệp XLSX)`);
  }
}

function readCsv(text: string, name: string, extraHeaders: string[]): RegisterTable {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || text.length);
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  let records: string[][];
  try {
    records = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: false, bom: true }) as string[][];
  } catch (error) {
    throw new RegisterFileError(`${name}: tệp CSV hỏng — ${(error as Error).message}`);
  }
  return tableFrom(records, name, extraHeaders);
}

async function readXlsx(file: string, name: string, extraHeaders: string[]): Promise<RegisterTable> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.readFile(file);
  } catch (error) {
    throw new RegisterFileError(`${name}: tệp XLSX hỏng — ${(error as Error).message}`);
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0);
  if (!sheet) throw new RegisterFileError(`${name}: không có trang tính nào có dữ liệu`);
  const records: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values = (row.values as unknown[]).slice(1).map(cellValue);
    records[rowNumber - 1] = values;
  });
  for (let i = 0; i < records.length; i++) records[i] ??= [];
  return tableFrom(records, name, extraHeaders);
}

function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (value instanceof Date || typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'object') {
    const v = value as { text?: string; result?: unknown; richText?: { text: string }[] };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if (v.result !== undefined) return cellValue(v.result);
    if (v.text !== undefined) return v.text;
  }
  return String(value);
}

function tableFrom(records: Cell[][], name: string, extraHeaders: string[]): RegisterTable {
  const index = records.slice(0, HEADER_SEARCH_ROWS).findIndex((r) => headerScore(r.map((c) => String(c ?? '')), extraHeaders) >= 2);
  if (index < 0) throw new RegisterFileError(`${name}: không tìm thấy dòng tiêu đề (cần các cột như "Mã hồ sơ", "Cơ quan/Đơn vị"); dùng --map để chỉ rõ cột`);
  const headers = records[index].map((c) => String(c ?? '').trim());
  const rows: RegisterTable['rows'] = [];
  for (let i = index + 1; i < records.length; i++) {
    const cells = records[i];
    if (cells.every((c) => c === null || c === undefined || String(c).trim() === '')) continue;
    rows.push({ row: i + 1, cells });
  }
  return { headers, headerRow: index + 1, rows };
}
