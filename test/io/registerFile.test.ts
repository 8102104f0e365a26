import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import { writeXlsxStream } from 'hucre/xlsx';
import { describe, expect, it } from 'vitest';
import { demoExportRows } from '../../src/electronic/demoExport.js';
import { readExport } from '../../src/io/electronicExport.js';
import { readRegisterFile } from '../../src/io/registerFile.js';
import { generateDemoRegister, registerRows } from '../../src/sampling/demoRegister.js';
import { seededRandom } from '../../src/sampling/random.js';
import { useTempDir } from '../support/tempDir.js';
import { shippedMapping } from '../electronic/support.js';

const tempDir = useTempDir();

type Layout = 'shared strings' | 'formula strings' | 'inline strings';

/**
 * Writes rows of text as Excel does (shared strings), as exceljs's streaming writer does without a string table
 * (t="str"), and as exports written by streaming writers are (inline strings).
 */
async function writeXlsx(rows: string[][], layout: Layout): Promise<string> {
  const file = path.join(tempDir(), `${layout.replace(' ', '-')}.xlsx`);
  if (layout === 'inline strings') {
    await pipeline(Readable.fromWeb(writeXlsxStream(rows, { name: 'Sổ' }) as import('node:stream/web').ReadableStream), fs.createWriteStream(file));
    return file;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: layout === 'shared strings' });
  const sheet = workbook.addWorksheet('Sổ');
  for (const cells of rows) sheet.addRow(cells).commit();
  sheet.commit();
  await workbook.commit();
  return file;
}

/** Cells that did not come back as written, as "row:column written → read". */
function changedCells(written: string[][], read: unknown[][]): string[] {
  const changed: string[] = [];
  written.forEach((cells, r) =>
    cells.forEach((cell, c) => {
      const back = read[r]?.[c];
      const text = back === null || back === undefined ? '' : String(back);
      if (!Buffer.from(text).equals(Buffer.from(cell))) changed.push(`${r + 1}:${c + 1} ${cell} → ${text}`);
    }),
  );
  return changed;
}

// Vietnamese names, wards and offices over some megabytes of XML: its decompressed chunks (16 KiB and 64 KiB in
// the reader exceljs used) end inside a two- or three-byte character hundreds of times.
const cases = generateDemoRegister({ seed: 'multibyte', cases: 12_000 }).map((c, i) => ({
  ...c,
  address: `${c.address} — tổ dân phố ${i % 97}, khu vực Ngự Bình, Thừa Thiên Huế, Việt Nam`,
}));
const register = [...registerRows(cases)];

describe('reading an XLSX register', () => {
  it.each<Layout>(['shared strings', 'formula strings', 'inline strings'])(
    'gives back every cell byte for byte, Vietnamese characters split across the reader chunks included (%s)',
    async (layout) => {
      const file = await writeXlsx(register, layout);
      const { headers, rows } = await readRegisterFile(file);
      expect(rows).toHaveLength(cases.length);
      expect(changedCells(register, [headers, ...rows.map((r) => r.cells)])).toEqual([]);
    },
    60_000,
  );
});

describe('reading a Hue-S export saved as XLSX', () => {
  it.each<Layout>(['shared strings', 'inline strings'])(
    'gives back every mapped cell byte for byte, offices and answers spelled out in Vietnamese (%s)',
    async (layout) => {
      const { mapping } = shippedMapping('hue-s.json');
      const { header, rows } = demoExportRows(cases, mapping, { share: 0.5, random: seededRandom('hue-s') });
      const title = [['KẾT QUẢ ĐÁNH GIÁ SỰ HÀI LÒNG - ỨNG DỤNG HUE-S'], ['Từ ngày 01/01/2025 đến ngày 31/12/2025'], []];
      const file = await writeXlsx([...title, header, ...rows], layout);
      const read: string[][] = [];
      for await (const record of readExport(file, mapping)) read.push(header.map((column) => String(record.get(column) ?? '')));
      expect(read).toHaveLength(rows.length);
      expect(changedCells(rows, read)).toEqual([]);
    },
    60_000,
  );
});

describe('finding the register in a workbook of several sheets', () => {
  async function workbook(sheets: Record<string, string[][]>): Promise<string> {
    const file = path.join(tempDir(), 'so-ho-so.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
    for (const [name, rows] of Object.entries(sheets)) {
      const sheet = writer.addWorksheet(name);
      for (const cells of rows) sheet.addRow(cells).commit();
      sheet.commit();
    }
    await writer.commit();
    return file;
  }

  it('reads the register from the sheet that has its header, after a cover sheet', async () => {
    const file = await workbook({ 'Bìa': [['SỔ THEO DÕI HỒ SƠ NĂM 2025'], ['UBND phường Phú Hội']], 'Sổ': register.slice(0, 51) });
    const { headers, rows } = await readRegisterFile(file);
    expect(headers).toEqual(register[0]);
    expect(changedCells(register.slice(1, 51), rows.map((r) => r.cells))).toEqual([]);
  }, 60_000);

  it('names in Vietnamese the sheets it looked at when none has a register header', async () => {
    const file = await workbook({ 'Bìa': [['SỔ THEO DÕI HỒ SƠ NĂM 2025']], 'Ghi chú': [['Không có gì ở đây']] });
    await expect(readRegisterFile(file)).rejects.toThrow(/so-ho-so\.xlsx: không tìm thấy dòng tiêu đề ở trang tính nào \(các trang tính: "Bìa", "Ghi chú"/);
  }, 60_000);
});
