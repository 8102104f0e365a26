import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { sampleListCsv, sampleListXlsx } from '../../src/io/sampleListFiles.js';
import { printSampleList } from '../../src/print/sampleList.js';
import type { SampleListHeader, SampleListRow } from '../../src/sampling/sampleList.js';
import { sampleListRow } from '../support/sampleListRows.js';
import { pdfPagesText } from '../support/pdfText.js';

const header: SampleListHeader = { drawId: 3, officeCode: 'ubnd-xa-huong-phong', officeName: 'UBND xã Hương Phong', seed: 'quý 1/2025', drawnAt: '2025-04-02T08:00:00.000Z', cases: 240, required: 100, short: false };

const member = (i: number, address: string, extra: Partial<SampleListRow> = {}) =>
  sampleListRow(i, {
    caseCode: `000${i}.25.11`,
    name: `Nguyễn Thị Ánh ${i}`,
    phone: `09050000${String(i).padStart(2, '0')}`,
    address,
    procedure: 'Cấp giấy chứng nhận quyền sử dụng đất',
    ...extra,
  });

const rows = [
  member(1, 'Thôn 1, xã Hương Phong'),
  member(2, 'Thôn 2, xã Hương Vinh', { outcome: 'refused', inSample: false, replacedBy: '0009.25.11' }),
  member(3, 'Thôn 3, xã Hương Phong', { serial: 1201 }),
  member(9, 'Thôn 4, xã Hương Vinh', { list: 'reserve', position: 1, replaces: '0002.25.11' }),
];

const squash = (s: string) => s.replace(/\s+/g, '');

async function pdfOf(byRoute: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await printSampleList(header, rows, new PassThrough().on('data', (c: Buffer) => chunks.push(c)), { byRoute, printedAt: new Date(Date.UTC(2025, 3, 5)) });
  return Buffer.concat(chunks);
}

describe('sample lists', () => {
  it('prints a PDF with the Vietnamese column headers, the office, counts, seed and dates, and every member', async () => {
    const [page, ...more] = await pdfPagesText(await pdfOf(false));
    expect(more).toEqual([]);
    // Headers and notes may wrap inside their cell: compare them without white space.
    const squashed = squash(page);
    for (const words of ['DANH SÁCH MẪU', 'STT', 'Mã hồ sơ', 'Họ tên', 'Số điện thoại', 'Địa chỉ', 'Thủ tục', 'Ngày trả kết quả', 'Số phiếu', 'Ngày phát', 'Ngày thu', 'Ký nhận', 'Ghi chú']) expect(squashed).toContain(squash(words));
    for (const words of ['Từ chối; thay bằng 0009.25.11', 'Dự phòng, thay cho 0002.25.11']) expect(squashed).toContain(squash(words));
    // Values fit their cells unbroken.
    for (const words of ['UBND xã Hương Phong', 'Hồ sơ trong kỳ: 240', 'Cỡ mẫu tối thiểu: 100', 'quý 1/2025', '2025-04-02', '5/4/2025', 'Nguyễn Thị Ánh 3', '0003.25.11', '0905000003', '04/03/2025', '1201']) expect(page).toContain(words);
  });

  it('prints one list per route, each on its own page and numbered from 1', async () => {
    const pages = await pdfPagesText(await pdfOf(true));
    expect(pages).toHaveLength(2);
    expect(pages[0]).toContain('Tuyến: xã Hương Phong (2 người)');
    expect(pages[1]).toContain('Tuyến: xã Hương Vinh (2 người)');
    expect(pages[1]).toContain('Nguyễn Thị Ánh 9');
    expect(pages[1]).not.toContain('Nguyễn Thị Ánh 3');
  });

  it('writes the same columns to CSV (UTF-8 with BOM) and XLSX, with the route as a first CSV column when asked', async () => {
    const csv = sampleListCsv(rows);
    expect(csv.startsWith('\ufeffSTT,Mã hồ sơ,Họ tên,Số điện thoại,Địa chỉ,Thủ tục,Ngày trả kết quả,Số phiếu,Ngày phát,Ngày thu,Ký nhận,Ghi chú\r\n')).toBe(true);
    const records = parse(csv, { bom: true }) as string[][];
    expect(records[3]).toEqual(['3', '0003.25.11', 'Nguyễn Thị Ánh 3', '0905000003', 'Thôn 3, xã Hương Phong', 'Cấp giấy chứng nhận quyền sử dụng đất', '04/03/2025', '1201', '', '', '', '']);
    const byRoute = parse(sampleListCsv(rows, { byRoute: true }), { bom: true }) as string[][];
    expect(byRoute.slice(1).map((r) => [r[0], r[1]])).toEqual([['xã Hương Phong', '1'], ['xã Hương Phong', '2'], ['xã Hương Vinh', '1'], ['xã Hương Vinh', '2']]);

    const workbook = new ExcelJS.Workbook();
    const xlsx = await sampleListXlsx(header, rows, { byRoute: true });
    await workbook.xlsx.load(new Uint8Array(xlsx).buffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['xã Hương Phong', 'xã Hương Vinh']);
    const sheet = workbook.worksheets[1];
    expect((sheet.getRow(3).values as unknown[]).slice(1)).toEqual(['STT', 'Mã hồ sơ', 'Họ tên', 'Số điện thoại', 'Địa chỉ', 'Thủ tục', 'Ngày trả kết quả', 'Số phiếu', 'Ngày phát', 'Ngày thu', 'Ký nhận', 'Ghi chú']);
    expect(sheet.getRow(5).getCell(2).value).toBe('0009.25.11');
  });

  it('keeps a register value that looks like a formula as text in the CSV', () => {
    const records = parse(sampleListCsv([member(1, '=HYPERLINK("http://x")', { name: '+Lê Văn' })]), { bom: true }) as string[][];
    expect([records[1][2], records[1][4]]).toEqual(["'+Lê Văn", '\'=HYPERLINK("http://x")']);
  });
});
