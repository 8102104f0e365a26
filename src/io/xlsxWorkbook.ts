import fs from 'node:fs';
import path from 'node:path/posix';
import { createInflateRaw } from 'node:zlib';
import type { SaxesParser, SaxesTagPlain } from 'saxes';
import { hucre, saxes } from '../runtime/lazyPackages.js';
import { isPhieuError, PhieuError } from '../errors/errorTable.js';

export type XlsxCell = string | number | Date | null;

export interface XlsxRow {
  /** 0-based row index as the sheet numbers it. */
  index: number;
  values: XlsxCell[];
}

export interface XlsxSheet {
  name: string;
  part: string;
}

/** A workbook opened for reading sheets one row at a time. */
export interface XlsxWorkbook {
  sheets: XlsxSheet[];
  /** The sheet's rows as they are read; `onBytes` is told the compressed bytes read, for a progress bar. */
  rows(sheet: XlsxSheet, onBytes?: (bytes: number) => void): AsyncGenerator<XlsxRow>;
}

/** Damage or a feature phieu does not read; the message is in Vietnamese, for the file's name to be put before it. */

// Excel stops at column XFD.
const MAX_COLUMNS = 16_384;
// Text of all shared strings together: a register of 200,000 rows holds some tens of megabytes.
const MAX_SHARED_TEXT = 512 * 1024 * 1024;
// Number formats Excel builds in for dates and times (ECMA-376 18.8.30), besides those whose code reads as a date.
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface ZipEntry {
  method: number;
  compressedSize: number;
  localHeader: number;
}

/**
 * Opens an XLSX file by its zip directory, so the shared strings can be read before a sheet whatever order the
 * writer put them in, and each part is inflated as a stream: a 200,000-row register is never in memory as XML.
 * Shared strings are kept in a few large strings with offsets, not as one JS string (and object) each.
 */
export async function openXlsxWorkbook(file: string): Promise<XlsxWorkbook> {
  const entries = await zipDirectory(file);
  const part = (name: string) => readPart(file, entries, name);
  const rootRels = relationships(await part('_rels/.rels'), '');
  const workbookPart = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
  const workbookRels = relationships(await part(relsOf(workbookPart)), path.dirname(workbookPart));
  const workbook = await part(workbookPart);
  if (workbook === undefined) throw new PhieuError('xlsxDamaged', { reason: 'không có bảng tính (workbook) trong tệp' });
  const sheets: XlsxSheet[] = [];
  let date1904 = false;
  parseWhole(workbook, (tag) => {
    if (tag.name === 'sheet') {
      const id = Object.entries(tag.attributes).find(([key]) => key === 'r:id' || key.endsWith(':id'))?.[1];
      const target = workbookRels.find((r) => r.id === id)?.target;
      if (target && entries.has(target)) sheets.push({ name: String(tag.attributes.name ?? ''), part: target });
    } else if (tag.name === 'workbookPr') date1904 = ['1', 'true'].includes(String(tag.attributes.date1904));
  });
  if (!sheets.length) throw new PhieuError('xlsxDamaged', { reason: 'không có trang tính nào' });
  const target = (type: string) => workbookRels.find((r) => r.type.endsWith(`/${type}`))?.target;
  const { isDateFormat, serialToDate } = await hucre();
  const dateStyles = readDateStyles(target('styles') ? await part(target('styles')!) : undefined, isDateFormat);
  let shared: SharedStrings | undefined;
  return {
    sheets,
    rows: async function* (sheet, onBytes) {
      const sharedPart = target('sharedStrings');
      shared ??= sharedPart && entries.has(sharedPart) ? await readSharedStrings(inflated(file, entries.get(sharedPart)!)) : new SharedStrings();
      yield* sheetRows(inflated(file, entries.get(sheet.part)!, onBytes), shared, (serial) => serialToDate(serial, date1904), dateStyles);
    },
  };
}

async function zipDirectory(file: string): Promise<Map<string, ZipEntry>> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    const tailSize = Math.min(size, 22 + 65_535);
    const tail = Buffer.alloc(tailSize);
    await handle.read(tail, 0, tailSize, size - tailSize);
    const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (end < 0 || end + 22 > tail.length) throw new PhieuError('xlsxDamaged', { reason: 'không phải tệp XLSX hoàn chỉnh (thiếu mục lục của tệp nén; tệp bị cắt cụt?)' });
    const count = tail.readUInt16LE(end + 10);
    const directorySize = tail.readUInt32LE(end + 12);
    const directoryOffset = tail.readUInt32LE(end + 16);
    if (directoryOffset === 0xffffffff || count === 0xffff) throw new PhieuError('xlsxDamaged', { reason: 'tệp nén dạng ZIP64 (trên 4 GB) chưa đọc được; hãy chia sổ thành nhiều tệp' });
    if (directoryOffset + directorySize > size) throw new PhieuError('xlsxDamaged', { reason: 'mục lục của tệp nén trỏ ra ngoài tệp (tệp bị cắt cụt hoặc hỏng)' });
    const directory = Buffer.alloc(directorySize);
    await handle.read(directory, 0, directorySize, directoryOffset);
    const entries = new Map<string, ZipEntry>();
    for (let at = 0, i = 0; i < count; i++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw new PhieuError('xlsxDamaged', { reason: 'mục lục của tệp nén bị hỏng' });
      const nameLength = directory.readUInt16LE(at + 28);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      const entry = { method: directory.readUInt16LE(at + 10), compressedSize: directory.readUInt32LE(at + 20), localHeader: directory.readUInt32LE(at + 42) };
      if (entry.localHeader + 30 + entry.compressedSize > size) throw new PhieuError('xlsxDamaged', { reason: `phần ${name} trỏ ra ngoài tệp (tệp bị cắt cụt hoặc hỏng)` });
      entries.set(name.replace(/^\//, ''), entry);
      at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** A part's bytes, inflated as they are read from the file. */
async function* inflated(file: string, entry: ZipEntry, onBytes?: (bytes: number) => void): AsyncGenerator<Buffer> {
  if (entry.method !== 0 && entry.method !== 8) throw new PhieuError('xlsxDamaged', { reason: `kiểu nén ${entry.method} không đọc được (chỉ đọc được tệp XLSX thường)` });
  const handle = await fs.promises.open(file, 'r');
  const header = Buffer.alloc(30);
  try {
    await handle.read(header, 0, 30, entry.localHeader);
  } finally {
    await handle.close();
  }
  if (header.readUInt32LE(0) !== 0x04034b50) throw new PhieuError('xlsxDamaged', { reason: 'một phần của tệp nén bị hỏng' });
  const start = entry.localHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  const raw = fs.createReadStream(file, { start, end: start + entry.compressedSize - 1 });
  let read = 0;
  raw.on('data', (chunk) => onBytes?.((read += chunk.length)));
  const source = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
  raw.on('error', (error) => source.destroy(error));
  try {
    for await (const chunk of source) yield chunk as Buffer;
  } catch (error) {
    if (isPhieuError(error, 'xlsxDamaged')) throw error;
    throw new PhieuError('xlsxDamaged', { reason: `dữ liệu nén bị hỏng (${(error as Error).message})` });
  } finally {
    raw.destroy();
    source.destroy();
  }
}

/** A small part (relationships, workbook, styles) as text; undefined when the file has no such part. */
async function readPart(file: string, entries: Map<string, ZipEntry>, name: string): Promise<string | undefined> {
  const entry = entries.get(name);
  if (!entry) return undefined;
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of inflated(file, entry)) {
    chunks.push(chunk);
    if ((length += chunk.length) > 64 * 1024 * 1024) throw new PhieuError('xlsxDamaged', { reason: `phần ${name} lớn bất thường` });
  }
  return new TextDecoder('utf-8').decode(Buffer.concat(chunks));
}

function relsOf(part: string): string {
  return path.join(path.dirname(part), '_rels', `${path.basename(part)}.rels`);
}

function relationships(xml: string | undefined, base: string): { id: string; type: string; target: string }[] {
  const found: { id: string; type: string; target: string }[] = [];
  if (xml === undefined) return found;
  parseWhole(xml, (tag) => {
    if (tag.name !== 'Relationship' || tag.attributes.TargetMode === 'External') return;
    const target = String(tag.attributes.Target ?? '');
    found.push({ id: String(tag.attributes.Id ?? ''), type: String(tag.attributes.Type ?? ''), target: target.startsWith('/') ? target.slice(1) : path.join(base, target) });
  });
  return found;
}

function parser(onTag: (tag: SaxesTagPlain) => void, onText?: (text: string) => void, onClose?: (tag: SaxesTagPlain) => void): SaxesParser {
  const sax = new (saxes().SaxesParser)();
  sax.on('opentag', onTag);
  if (onText) {
    sax.on('text', onText);
    sax.on('cdata', onText);
  }
  if (onClose) sax.on('closetag', onClose);
  return sax;
}

function parseWhole(xml: string, onTag: (tag: SaxesTagPlain) => void): void {
  try {
    parser(onTag).write(xml).close();
  } catch (error) {
    throw new PhieuError('xlsxDamaged', { reason: `XML hỏng (${(error as Error).message})` });
  }
}

/** Feeds a part's bytes to a SAX parser, decoded as one UTF-8 stream so characters split between chunks stay whole. */
async function* fed(sax: SaxesParser, bytes: AsyncIterable<Buffer>): AsyncGenerator<void> {
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of bytes) {
      sax.write(decoder.decode(chunk, { stream: true }));
      yield;
    }
    sax.write(decoder.decode()).close();
  } catch (error) {
    if (isPhieuError(error, 'xlsxDamaged')) throw error;
    throw new PhieuError('xlsxDamaged', { reason: `XML hỏng (${(error as Error).message})` });
  }
}

/** Excel's escape for characters XML cannot hold (_x000D_ and so on). */
function unescapeOoxml(text: string): string {
  return text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** The style indexes (cellXfs) whose number format shows a date. */
function readDateStyles(xml: string | undefined, isDateFormat: (code: string) => boolean): Set<number> {
  const styles = new Set<number>();
  if (xml === undefined) return styles;
  const custom = new Map<number, string>();
  let inCellXfs = false;
  let xf = 0;
  const sax = parser(
    (tag) => {
      if (tag.name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), String(tag.attributes.formatCode ?? ''));
      else if (tag.name === 'cellXfs') inCellXfs = true;
      else if (tag.name === 'xf' && inCellXfs) {
        const id = Number(tag.attributes.numFmtId ?? 0);
        if (custom.has(id) ? isDateFormat(custom.get(id)!) : BUILT_IN_DATE_FORMATS.has(id)) styles.add(xf);
        xf++;
      }
    },
    undefined,
    (tag) => {
      if (tag.name === 'cellXfs') inCellXfs = false;
    },
  );
  try {
    sax.write(xml).close();
  } catch (error) {
    throw new PhieuError('xlsxDamaged', { reason: `XML hỏng (${(error as Error).message})` });
  }
  return styles;
}

const STRINGS_PER_BLOCK = 4_096;

/** The workbook's shared strings, a block of them joined in one string with their offsets beside it. */
class SharedStrings {
  private blocks: { text: string; ends: Uint32Array }[] = [];
  private pending: string[] = [];
  private size = 0;
  count = 0;

  add(text: string): void {
    if ((this.size += text.length) > MAX_SHARED_TEXT) throw new PhieuError('xlsxDamaged', { reason: 'bảng chuỗi dùng chung lớn bất thường' });
    this.pending.push(text);
    this.count++;
    if (this.pending.length === STRINGS_PER_BLOCK) this.seal();
  }

  seal(): void {
    if (!this.pending.length) return;
    const ends = new Uint32Array(this.pending.length);
    let end = 0;
    this.pending.forEach((s, i) => (ends[i] = end += s.length));
    this.blocks.push({ text: this.pending.join(''), ends });
    this.pending = [];
  }

  get(index: number): string | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) return null;
    const block = this.blocks[Math.floor(index / STRINGS_PER_BLOCK)];
    const i = index % STRINGS_PER_BLOCK;
    return block.text.slice(i ? block.ends[i - 1] : 0, block.ends[i]);
  }
}

async function readSharedStrings(bytes: AsyncIterable<Buffer>): Promise<SharedStrings> {
  const strings = new SharedStrings();
  let text: string[] | undefined;
  let inText = false;
  // Phonetic guides (rPh) are furigana over the text, not part of it.
  let inPhonetic = false;
  const sax = parser(
    (tag) => {
      if (tag.name === 'si') text = [];
      else if (tag.name === 'rPh') inPhonetic = true;
      else if (tag.name === 't' && !inPhonetic) inText = true;
    },
    (t) => {
      if (inText) text?.push(t);
    },
    (tag) => {
      if (tag.name === 't') inText = false;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'si' && text) {
        strings.add(unescapeOoxml(text.join('')));
        text = undefined;
      }
    },
  );
  for await (const _ of fed(sax, bytes));
  strings.seal();
  return strings;
}

/** "BC12" → 54 (0-based column). */
function columnOf(ref: string): number | undefined {
  let column = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const code = ref.charCodeAt(i);
    if (code < 65 || code > 90) break;
    column = column * 26 + code - 64;
  }
  return i > 0 ? column - 1 : undefined;
}

async function* sheetRows(bytes: AsyncIterable<Buffer>, shared: SharedStrings, toDate: (serial: number) => Date, dateStyles: Set<number>): AsyncGenerator<XlsxRow> {
  const ready: XlsxRow[] = [];
  let row: XlsxRow | undefined;
  let rowIndex = -1;
  let cell: { column: number; type: string; style: number; text: string[] } | undefined;
  let inValue = false;
  let inInline = 0;
  let inPhonetic = false;
  let nextColumn = 0;
  const sax = parser(
    (tag) => {
      const a = tag.attributes;
      if (tag.name === 'row') {
        rowIndex = a.r !== undefined ? Number(a.r) - 1 : rowIndex + 1;
        if (!Number.isInteger(rowIndex) || rowIndex < 0) throw new PhieuError('xlsxDamaged', { reason: `số dòng "${a.r}" không hợp lệ` });
        row = { index: rowIndex, values: [] };
        nextColumn = 0;
      } else if (tag.name === 'c' && row) {
        const column = a.r !== undefined ? columnOf(String(a.r)) : nextColumn;
        if (column === undefined || column >= MAX_COLUMNS) throw new PhieuError('xlsxDamaged', { reason: `ô "${a.r}" nằm ngoài trang tính` });
        cell = { column, type: String(a.t ?? 'n'), style: Number(a.s ?? -1), text: [] };
        nextColumn = column + 1;
      } else if (cell && tag.name === 'v') inValue = true;
      else if (cell && tag.name === 'is') inInline++;
      else if (inInline && tag.name === 'rPh') inPhonetic = true;
      else if (inInline && tag.name === 't' && !inPhonetic) inInline++;
    },
    (text) => {
      if (cell && (inValue || inInline > 1)) cell.text.push(text);
    },
    (tag) => {
      if (tag.name === 'v') inValue = false;
      else if (tag.name === 't' && inInline > 1) inInline--;
      else if (tag.name === 'rPh') inPhonetic = false;
      else if (tag.name === 'is') inInline = 0;
      else if (tag.name === 'c' && row && cell) {
        const value = cellValue(cell.type, cell.text.join(''), shared, dateStyles.has(cell.style) ? toDate : undefined);
        while (row.values.length < cell.column) row.values.push(null);
        row.values[cell.column] = value;
        cell = undefined;
      } else if (tag.name === 'row' && row) {
        ready.push(row);
        row = undefined;
      }
    },
  );
  for await (const _ of fed(sax, bytes)) yield* ready.splice(0);
  yield* ready.splice(0);
}

/** `toDate` when the cell's style shows a date. */
function cellValue(type: string, text: string, shared: SharedStrings, toDate?: (serial: number) => Date): XlsxCell {
  switch (type) {
    case 's':
      return text === '' ? null : shared.get(Number(text));
    case 'str':
    case 'inlineStr':
      return unescapeOoxml(text);
    case 'b':
      return text === '1' || text.toLowerCase() === 'true' ? 'true' : 'false';
    case 'e':
      return text;
    default: {
      if (text === '') return null;
      const number = Number(text);
      if (Number.isNaN(number)) return text;
      return toDate ? toDate(number) : number;
    }
  }
}
