import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { answerTableHeader, answerTableRows } from '../../src/results/answerTable.js';
import { buildReport, mergeResults } from '../../src/results/buildReport.js';
import { reportTableCsv } from '../../src/report/csvReport.js';
import { writeReportPdf } from '../../src/report/pdfReport.js';
import { indicesTable, reportTables } from '../../src/report/tables.js';
import { EXCLUSION_REASONS } from '../../src/results/reasons.js';
import { DEFAULT_RESULT_SETTINGS } from '../../src/results/settings.js';
import { writeReportXlsx } from '../../src/report/xlsxReport.js';
import { fixtureInput } from '../results/fixture.js';
import { renderPdfPage } from '../support/pdfRender.js';
import { pdfPagesText } from '../support/pdfText.js';

const outcomes = mergeResults(fixtureInput);
// A threshold of 5 counted forms splits the fixture's offices: Phú Vang (5) and Sở Tư pháp (7) are ranked, Phú Hội (4)
// and the unknown office (1) are "ít mẫu".
const report = buildReport(fixtureInput, { settings: { ...DEFAULT_RESULT_SETTINGS, smallSampleBelow: 5 } }, outcomes);

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}

describe('the XLSX workbook', () => {
  it('reopens with every sheet, the fixture figures as numbers, and the effective answers without names or phones', async () => {
    const xlsx = await collect((out) => writeReportXlsx(report, { header: answerTableHeader(fixtureInput.survey), rows: answerTableRows(fixtureInput, outcomes) }, out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      'Tổng hợp', 'Yếu tố', 'Tiêu chí', 'Cơ quan', 'Cấp', 'Thủ tục', 'Lĩnh vực', 'Kênh', 'Nguồn', 'Tháng', 'Năm', 'Đủ mẫu', 'Lý do không tính', 'Phiếu không tính', 'Phân bố câu trả lời', 'Chỉ số theo nhóm', 'Câu trả lời',
    ]);
    const criteria = workbook.getWorksheet('Tiêu chí')!;
    expect(criteria.getRow(2).values).toEqual([undefined, 'A', 'A1', 'Biển hiệu, hướng dẫn rõ ràng', 15, 1, 1, 11, 11 / 15, expect.closeTo(0.4805, 4), expect.closeTo(0.891, 4), 1, 1 / 15, expect.closeTo(0.0119, 4), expect.closeTo(0.2982, 4)]);
    expect(criteria.getCell('H2').numFmt).toBe('0.0%');
    const elements = workbook.getWorksheet('Yếu tố')!;
    expect(elements.getRow(4).values).toEqual([undefined, undefined, 'Chỉ số chung (trung bình các yếu tố)', 2, undefined, 0.6625, expect.closeTo(77 / 480, 12)]);
    const offices = workbook.getWorksheet('Cơ quan')!;
    // Phú Vang (A = 0.5, B = 0.8: 0.65) above Sở Tư pháp (0.5417); the two small samples follow by name, unranked.
    expect([2, 3, 4, 5].map((r) => [offices.getRow(r).getCell(1).value, offices.getRow(r).getCell(2).value, offices.getRow(r).getCell(offices.columnCount).value])).toEqual([
      [1, 'UBND huyện Phú Vang', null],
      [2, 'Sở Tư pháp', null],
      [null, '(không rõ cơ quan)', 'ít mẫu'],
      [null, 'UBND phường Phú Hội', 'ít mẫu'],
    ]);
    const adequacy = workbook.getWorksheet('Đủ mẫu')!;
    expect(adequacy.getRow(2).values).toEqual([undefined, 'Sở Tư pháp', 'sở/ngành', undefined, 150, 100, 3, 4, 7, 93]);
    expect(adequacy.getRow(4).values).toEqual([undefined, 'UBND phường Phú Hội', 'xã', undefined, 3, 3, 3, 1, 4, 0, 'ít mẫu']);
    const exclusions = workbook.getWorksheet('Phiếu không tính')!;
    expect(exclusions.actualRowCount).toBe(14);
    // The earliest exclusion first: P3's fourth form, with the three that counted instead.
    expect(exclusions.getRow(2).values).toEqual([undefined, 'paper:6', 'Phiếu giấy', 'Phiếu giấy', 'UBND huyện Phú Vang', 'C10', '2024-01-25', 'Người trả lời đã đủ số phiếu được tính trong năm', 'hue-s:R3, hue-s:R4, paper:5']);
    const answers = workbook.getWorksheet('Câu trả lời')!;
    expect(answers.getRow(1).values).toEqual([undefined, 'Mã phiếu', 'Kênh', 'Nguồn', 'Cơ quan', 'Mã hồ sơ', 'Ngày trả lời', 'Được tính', 'Lý do không tính', 'a1', 'a2', 'b1', 'ov']);
    expect(answers.actualRowCount).toBe(31);
    expect(answers.getRow(2).values).toEqual([undefined, 'paper:1', 'Phiếu giấy', 'Phiếu giấy', 'Sở Tư pháp', 'C01', '2024-01-05', 'có', undefined, '5', '4', '3', '4']);
    // Every fixture form carries a comment naming "Lan" and a phone number: neither may leave phieu.
    workbook.eachSheet((sheet) => sheet.eachRow((row) => expect(JSON.stringify(row.values)).not.toMatch(/0912345678|Tên tôi là Lan/)));
  });
});

describe('the CSV', () => {
  it('writes every index of every group in one long table that parses back', () => {
    const csv = reportTableCsv(indicesTable(report));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    const a1 = rows.find((r) => r['Nhóm'] === 'Toàn bộ' && r['Mã'] === 'A1')!;
    expect(Number(a1['Tỷ lệ hài lòng'].replace(',', '.'))).toBeCloseTo(11 / 15, 12);
    expect(a1['Hợp lệ (n)']).toBe('15');
    const ward = rows.find((r) => r['Nhóm'] === 'Theo cơ quan' && r['Giá trị'] === 'UBND phường Phú Hội' && r['Cấp chỉ số'] === 'chung')!;
    expect(Number(ward['Tỷ lệ hài lòng'].replace(',', '.'))).toBe(0.875);
    expect(ward['Ghi chú']).toBe('ít mẫu');
    const court = rows.find((r) => r['Nhóm'] === 'Theo cơ quan' && r['Giá trị'] === 'Sở Tư pháp' && r['Cấp chỉ số'] === 'chung')!;
    expect(court['Ghi chú']).toBe('');
  });

  it('leaves an office with a small sample out of the ranking and says "ít mẫu" in the office table', () => {
    const csv = reportTableCsv(reportTables(report).find((t) => t.id === 'office')!);
    const rows = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r['Hạng'], r['Cơ quan'], r['Phiếu được tính'], r['Ghi chú']])).toEqual([
      ['1', 'UBND huyện Phú Vang', '5', ''],
      ['2', 'Sở Tư pháp', '7', ''],
      ['', '(không rõ cơ quan)', '1', 'ít mẫu'],
      ['', 'UBND phường Phú Hội', '4', 'ít mẫu'],
    ]);
  });
});

describe('the PDF report', () => {
  it('prints the figures in Vietnamese, and its pages render to images with ink on them', async () => {
    const pdf = await collect((out) => writeReportPdf(report, out, new Date('2024-06-20T03:00:00Z')));
    const pages = await pdfPagesText(pdf);
    const all = pages.join(' ').replace(/\s+/g, ' ');
    for (const expected of [
      'BÁO CÁO Kết quả khảo sát sự hài lòng của người dân, tổ chức',
      'Chỉ số hài lòng chung: 66,25 %',
      'Tỷ lệ không hài lòng chung 16,04 %',
      'A. Tiếp cận dịch vụ hành chính công của cơ quan hành chính nhà nước',
      '1. UBND huyện Phú Vang (5 phiếu)',
      '2. Sở Tư pháp (7 phiếu)',
      'UBND phường Phú Hội (4 phiếu, ít mẫu)',
      '2 cơ quan chưa đủ số phiếu hợp lệ tối thiểu: Sở Tư pháp (thiếu 93); UBND huyện Phú Vang (thiếu 35).',
      'Người dân cho biết không trả lời phiếu này khi phúc tra',
    ]) {
      expect(all).toContain(expected);
    }
    expect(all).not.toMatch(/\d\. UBND phường Phú Hội/);
    expect(pages.at(-1)).toContain(`Trang ${pages.length}/${pages.length}`);
    const { rgba } = await renderPdfPage(pdf, 1, 50);
    // A blank page would be 255 everywhere; bars, tables and text bring the darkest pixels close to black.
    let darkest = 255;
    for (let i = 0; i < rgba.length; i += 4) darkest = Math.min(darkest, rgba[i]);
    expect(darkest).toBeLessThan(60);
  });
});

describe('the words of every report format', () => {
  // Codes the program keys its figures by; a person reading a report meets their Vietnamese names instead.
  const CODES = [...Object.keys(EXCLUSION_REASONS), 'overall', 'paper', 'electronic', 'kiosk', 'hue-s'];
  const codeWord = new RegExp(`(^|[^\\w:-])(${CODES.join('|')})(?![\\w:-])`);

  it('prints no internal code in the PDF, and no workbook or CSV cell is one', async () => {
    const pdf = await collect((out) => writeReportPdf(report, out, new Date('2024-06-20T03:00:00Z')));
    const text = (await pdfPagesText(pdf)).join('\n');
    expect(text).toContain('Phiếu giấy còn câu chờ duyệt');
    expect(text.match(new RegExp(codeWord, 'g')) ?? []).toEqual([]);

    const xlsx = await collect((out) => writeReportXlsx(report, { header: answerTableHeader(fixtureInput.survey), rows: answerTableRows(fixtureInput, outcomes, {}) }, out));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void cells.push(`${sheet.name}: ${String(cell.value)}`))));
    for (const table of reportTables(report)) for (const row of parse(reportTableCsv(table).replace(/^\uFEFF/, '')) as string[][]) cells.push(...row.map((c) => `${table.id}.csv: ${c}`));
    expect(cells.filter((c) => CODES.includes(c.split(': ')[1]))).toEqual([]);
  });
});
