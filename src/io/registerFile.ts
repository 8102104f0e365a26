import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { isPhieuError, PhieuError } from '../errors/errorTable.js';
import { csvParse } from '../runtime/lazyPackages.js';
import { headerScore, type Cell } from '../sampling/registerRow.js';
import { openXlsxWorkbook, type XlsxSheet, type XlsxWorkbook } from './xlsxWorkbook.js';

export interface RegisterRecord {
  /** Row number as the planner sees it in the file (1-based, the header and title rows count). */
  row: number;
  cells: Cell[];
}

/**
 * A register file opened for reading: the header is found, the data rows are read as they are consumed, so a
 * 200,000-row register never sits in memory as text or as parsed records.
 */
export interface RegisterTable {
  headers: string[];
  headerRow: number;
  /**
   * Cells sit in their columns by address (XLSX), so a row cannot lose or gain columns; a CSV row that does has lost
   * or gained a delimiter, which callers check against the header.
   */
  positional: boolean;
  rows: AsyncIterable<RegisterRecord>;
  /** Bytes of the file read so far and in all, for a progress bar. */
  progress: () => { bytes: number; totalBytes: number };
  /** Stops reading before the last row (reading every row closes the file by itself). */
  close: () => Promise<void>;
}

// Title rows ("SỔ THEO DÕI HỒ SƠ …", the office, the period) often sit above the header.
const HEADER_SEARCH_ROWS = 30;
const DELIMITERS = [',', ';', '\t'] as const;
// Enough text to hold the title rows and the header, where the delimiter is decided.
const DELIMITER_SAMPLE_CHARS = 64 * 1024;

/**
 * `extraHeaders`: the headers an explicit column mapping names, so a register with other headers is found too. In a
 * workbook the register is on the first sheet that has its header row.
 */
export async function openRegisterTable(file: string, extraHeaders: string[] = []): Promise<RegisterTable> {
  const name = path.basename(file);
  const totalBytes = fs.statSync(file).size;
  let bytes = 0;
  if (await startsLikeZip(file)) {
    const workbook = await openXlsxWorkbook(file).catch((error: Error) => {
      throw isPhieuError(error, 'xlsxDamaged') ? new PhieuError('tableBroken', { file: name, format: 'XLSX', reason: error.params.reason }) : error;
    });
    for (const sheet of workbook.sheets) {
      const table = await withHeader(xlsxRecords(workbook, sheet, name, (read) => (bytes = read)), extraHeaders);
      if (table) return { ...table, positional: true, progress: () => ({ bytes, totalBytes }) };
    }
    throw new PhieuError('tableNoHeaderInSheets', { file: name, sheets: workbook.sheets.map((s) => s.name) });
  }
  const stream = fs.createReadStream(file);
  const counted = Readable.from(
    (async function* () {
      for await (const chunk of stream) {
        bytes += (chunk as Buffer).length;
        yield chunk as Buffer;
      }
    })(),
    { objectMode: false },
  );
  const table = await withHeader(csvRecords(counted, name), extraHeaders, () => stream.destroy());
  if (!table) throw new PhieuError('tableNoHeader', { file: name });
  return { ...table, positional: false, progress: () => ({ bytes, totalBytes }) };
}

/** The table under the first row that reads as a register's header, or undefined (the records closed) when none does. */
async function withHeader(records: AsyncGenerator<RegisterRecord>, extraHeaders: string[], stop = () => {}): Promise<Omit<RegisterTable, 'positional' | 'progress'> | undefined> {
  const close = async () => {
    stop();
    await records.return(undefined);
  };
  for (;;) {
    const next = await records.next().catch(async (error) => {
      await close();
      throw error;
    });
    if (next.done || next.value.row > HEADER_SEARCH_ROWS) {
      await close();
      return undefined;
    }
    const { row, cells } = next.value;
    if (headerScore(cells.map((c) => String(c ?? '')), extraHeaders) < 2) continue;
    return { headers: cells.map((c) => String(c ?? '').trim()), headerRow: row, rows: dataRows(records, close), close };
  }
}

/** The whole table at once, for files small enough to hold (electronic exports, staff lists). */
export async function readRegisterFile(file: string, extraHeaders: string[] = []): Promise<{ headers: string[]; headerRow: number; rows: RegisterRecord[] }> {
  const table = await openRegisterTable(file, extraHeaders);
  const rows: RegisterRecord[] = [];
  for await (const record of table.rows) rows.push(record);
  return { headers: table.headers, headerRow: table.headerRow, rows };
}

async function* dataRows(iterator: AsyncIterator<RegisterRecord>, close: () => Promise<void>): AsyncGenerator<RegisterRecord> {
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      if (next.value.cells.some((c) => c !== null && c !== undefined && String(c).trim() !== '')) yield next.value;
    }
  } finally {
    await close();
  }
}

async function startsLikeZip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4), 0, 4, 0);
    return bytesRead === 4 && buffer.equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    await handle.close();
  }
}

/** UTF-8 (with or without BOM) or UTF-16 (by its BOM), decoded chunk by chunk; the BOM is dropped. */
async function* decodedText(bytes: AsyncIterable<Buffer>, name: string): AsyncGenerator<string> {
  let decoder: TextDecoder | undefined;
  for await (const chunk of bytes) {
    decoder ??= new TextDecoder(chunk[0] === 0xff && chunk[1] === 0xfe ? 'utf-16le' : chunk[0] === 0xfe && chunk[1] === 0xff ? 'utf-16be' : 'utf-8', { fatal: true });
    yield decode(decoder, chunk, name, true);
  }
  if (decoder) yield decode(decoder, undefined, name, false);
}

function decode(decoder: TextDecoder, chunk: Buffer | undefined, name: string, stream: boolean): string {
  try {
    return decoder.decode(chunk, { stream });
  } catch {
    throw new PhieuError('tableNotText', { file: name });
  }
}

/** The delimiter that splits some line of the sample (title rows have none) into the most cells. */
function guessDelimiter(sample: string): string {
  const lines = sample.split('\n').slice(0, HEADER_SEARCH_ROWS + 1);
  const widest = (d: string) => Math.max(...lines.map((l) => l.split(d).length));
  return DELIMITERS.map((d) => [d, widest(d)] as const).sort((a, b) => b[1] - a[1])[0][0];
}

async function* csvRecords(bytes: Readable, name: string): AsyncGenerator<RegisterRecord> {
  const text = decodedText(bytes, name)[Symbol.asyncIterator]();
  let sample = '';
  let ended = false;
  while (sample.length < DELIMITER_SAMPLE_CHARS && !ended) {
    const next = await text.next();
    if (next.done) ended = true;
    else sample += next.value;
  }
  const parser = csvParse().parse({ delimiter: guessDelimiter(sample), relax_column_count: true, skip_empty_lines: false });
  const source = Readable.from(
    (async function* () {
      yield sample;
      if (!ended) for (let next = await text.next(); !next.done; next = await text.next()) yield next.value;
    })(),
  );
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++row, cells };
  } catch (error) {
    if (error instanceof PhieuError) throw error;
    throw new PhieuError('tableBroken', { file: name, format: 'CSV', reason: (error as Error).message });
  } finally {
    source.destroy();
  }
}

/** A sheet's rows, its values as the register reads them (true and false as text). */
async function* xlsxRecords(workbook: XlsxWorkbook, sheet: XlsxSheet, name: string, onBytes: (bytes: number) => void): AsyncGenerator<RegisterRecord> {
  try {
    for await (const row of workbook.rows(sheet, onBytes)) yield { row: row.index + 1, cells: row.values };
  } catch (error) {
    if (isPhieuError(error, 'xlsxDamaged')) throw new PhieuError('tableBroken', { file: name, format: 'XLSX', reason: `trang tính "${sheet.name}": ${error.params.reason}` });
    throw error;
  }
}
