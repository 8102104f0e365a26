import { PassThrough } from 'node:stream';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildReport, type ResultsInput } from '../../src/results/buildReport.js';
import type { ResponseAnswer, ResponseRecord } from '../../src/results/types.js';
import { reportTableCsv } from '../../src/report/csvReport.js';
import { writeReportPdf } from '../../src/report/pdfReport.js';
import { reportTables } from '../../src/report/tables.js';
import { writeReportXlsx } from '../../src/report/xlsxReport.js';
import { surveyDefinitionSchema } from '../../src/survey/schema.js';
import { pdfPagesText } from '../support/pdfText.js';
import { wilson } from '../support/wilson.js';

/**
 * Seven forms, one criterion (so the index is the criterion's satisfied share) and one "choose at most two" wish
 * question. Every expected figure below is worked out by hand from this table.
 */
const survey = surveyDefinitionSchema.parse({
  id: 'wish',
  name: 'Khảo sát mong muốn',
  title: 'PHIẾU THỬ',
  instructions: 'Đánh dấu X.',
  sections: [
    {
      questions: [
        { id: 'a1', kind: 'scale', element: 'A', criterion: 'A1', text: 'Biển hiệu rõ ràng' },
        { id: 'wish', kind: 'multiple', maxChoices: 2, text: 'Cần cải thiện', options: [
          { code: '1', label: 'Thông tin' }, { code: '2', label: 'Thủ tục' }, { code: '3', label: 'Thái độ' }, { code: '4', label: 'Thời gian' } ] },
      ],
    },
  ],
});

const form = (n: number, officeCode: string, procedure: string | null, field: string | null, a1: string, wish: ResponseAnswer): ResponseRecord => ({
  key: `paper:${n}`, channel: 'paper', source: 'paper', surveyId: 'wish', officeCode, caseCode: `C${n}`, phones: [], idNumber: null, name: null, address: null,
  ownPhone: null, account: null, device: null, answeredOn: '2025-03-01', procedure, field, answers: { a1: [a1], wish }, pending: null, recheck: null,
});

const input: ResultsInput = {
  survey,
  responses: [
    form(1, 'o1', 'Đăng ký khai sinh', 'Hộ tịch', '5', ['1', '2']),
    form(2, 'o1', 'Đăng ký khai sinh', 'Hộ tịch', '4', ['1']),
    // Spelt otherwise, no field: the same procedure, whose field the procedure list gives. Three wishes: invalid.
    form(3, 'o1', 'đăng ký  khai sinh', null, '2', ['1', '2', '3']),
    form(4, 'o1', 'Chứng thực chữ ký', null, '5', []),
    form(5, 'o2', 'Chứng thực chữ ký', 'Chứng thực', '3', ['3']),
    // No procedure at all; a wish the question has no option for: invalid.
    form(6, 'o2', null, null, '4', ['2', 'X']),
    form(7, 'o2', 'Đăng ký kết hôn', 'Hộ tịch', '1', ['4']),
  ],
  staff: { phones: new Set(), accounts: new Set(), devices: new Set() },
  offices: [{ code: 'o1', name: 'UBND phường Một', level: 'xã' }, { code: 'o2', name: 'UBND phường Hai', level: 'xã' }],
  cases: [],
  procedures: [{ name: 'Đăng ký khai sinh', field: 'Hộ tịch' }, { name: 'Chứng thực chữ ký', field: 'Chứng thực' }],
};
const report = buildReport(input);

// a1 answers: khai sinh 5, 4, 2 → 2 of 3 satisfied; chứng thực chữ ký 5, 3 → 1 of 2; kết hôn 1 → 0 of 1; unknown 4 → 1 of 1.
const PROCEDURES: [string, number, number][] = [
  ['Chứng thực chữ ký', 2, 1],
  ['Đăng ký kết hôn', 1, 0],
  ['Đăng ký khai sinh', 3, 2],
  ['(không rõ thủ tục)', 1, 1],
];
// Hộ tịch: forms 1, 2, 3, 7 (5, 4, 2, 1) → 2 of 4; Chứng thực: forms 4, 5 (5, 3) → 1 of 2; unknown: form 6 → 1 of 1.
const FIELDS: [string, number, number][] = [
  ['Chứng thực', 2, 1],
  ['Hộ tịch', 4, 2],
  ['(không rõ lĩnh vực)', 1, 1],
];

describe('results by procedure and by field', () => {
  it('gives each procedure and field its n, index and Wilson interval, spelling variants and the procedure list folded in', () => {
    for (const [breakdown, expected] of [['procedure', PROCEDURES], ['field', FIELDS]] as const) {
      const groups = report.breakdowns[breakdown];
      expect(groups.map((g) => [g.label, g.indices.forms, g.indices.overall.satisfiedShare])).toEqual(expected.map(([label, n, x]) => [label, n, x / n]));
      groups.forEach((g, i) => {
        const [low, high] = wilson(expected[i][2], expected[i][1]);
        expect(g.interval!.low).toBeCloseTo(low, 10);
        expect(g.interval!.high).toBeCloseTo(high, 10);
      });
    }
  });

  it('writes the procedure and field tables to CSV, JSON, XLSX and the PDF', async () => {
    const tables = reportTables(report);
    for (const [id, expected] of [['procedure', PROCEDURES], ['field', FIELDS]] as const) {
      const rows = parse(reportTableCsv(tables.find((t) => t.id === id)!), { bom: true }) as string[][];
      expect(rows[0].slice(0, 5)).toEqual([id === 'procedure' ? 'Thủ tục hành chính' : 'Lĩnh vực', 'Phiếu được tính (n)', 'Hài lòng chung', 'Cận dưới 95 %', 'Cận trên 95 %']);
      expect(rows.slice(1).map((r) => [r[0], Number(r[1]), Number(r[2].replace(',', '.')), Number(r[3].replace(',', '.')), Number(r[4].replace(',', '.'))])).toEqual(
        expected.map(([label, n, x]) => [label, n, expect.closeTo(x / n, 4), expect.closeTo(wilson(x, n)[0], 4), expect.closeTo(wilson(x, n)[1], 4)]),
      );
    }

    const json = JSON.parse(JSON.stringify(report));
    expect(json.breakdowns.field.map((g: { label: string; indices: { forms: number }; interval: { low: number } }) => [g.label, g.indices.forms, g.interval.low])).toEqual(
      FIELDS.map(([label, n, x]) => [label, n, expect.closeTo(wilson(x, n)[0], 10)]),
    );

    const chunks: Buffer[] = [];
    const out = new PassThrough().on('data', (c: Buffer) => chunks.push(c));
    await writeReportXlsx(report, { header: ['Mã phiếu'], rows: [] }, out);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Thủ tục')!;
    const [label, n, x] = PROCEDURES[2];
    expect((sheet.getRow(4).values as unknown[]).slice(1, 6)).toEqual([label, n, expect.closeTo(x / n, 10), expect.closeTo(wilson(x, n)[0], 10), expect.closeTo(wilson(x, n)[1], 10)]);
    expect(workbook.getWorksheet('Lĩnh vực')!.getCell('A3').value).toBe('Hộ tịch');

    const pdf: Buffer[] = [];
    const pdfOut = new PassThrough().on('data', (c: Buffer) => pdf.push(c));
    await writeReportPdf(report, pdfOut);
    const text = (await pdfPagesText(Buffer.concat(pdf))).join('\n');
    expect(text).toContain('Theo thủ tục hành chính và lĩnh vực');
    const percent = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;
    // "Đăng ký khai sinh", n = 3, 66,7 % and its interval, in that order on one table row.
    expect(text).toMatch(new RegExp(`Đăng ký khai sinh\\s+3\\s+${percent(2 / 3)}\\s+${percent(wilson(2, 3)[0])}\\s+${percent(wilson(2, 3)[1])}`));
    expect(text).toMatch(new RegExp(`Hộ tịch\\s+4\\s+${percent(0.5)}\\s+${percent(wilson(2, 4)[0])}`));
  });
});

describe('the choices table (mong đợi)', () => {
  // Valid answers (one or two known options): forms 1, 2, 5, 7. Blank: form 4. Invalid: form 3 (three), form 6 (unknown).
  it('counts each option once per respondent choosing it, with its share of the valid answers, overall and by office', () => {
    const { overall, offices } = report.choices;
    const counts = (g: typeof overall) => g.questions.map((q) => [q.questionId, q.valid, q.blank, q.invalid, q.options.map((o) => [o.code, o.count, o.share])]);
    expect(counts(overall)).toEqual([['wish', 4, 1, 2, [['1', 2, 2 / 4], ['2', 1, 1 / 4], ['3', 1, 1 / 4], ['4', 1, 1 / 4]]]]);
    expect(offices.map((g) => [g.key, g.forms])).toEqual([['o2', 3], ['o1', 4]]); // by name: "Hai" before "Một"
    expect(counts(offices[1])).toEqual([['wish', 2, 1, 1, [['1', 2, 1], ['2', 1, 0.5], ['3', 0, 0], ['4', 0, 0]]]]);
    expect(counts(offices[0])).toEqual([['wish', 2, 0, 1, [['1', 0, 0], ['2', 0, 0], ['3', 1, 0.5], ['4', 1, 0.5]]]]);
  });

  it('writes the choices table as CSV rows per office, question and option, blank and invalid included', () => {
    const table = reportTables(report).find((t) => t.id === 'choices')!;
    const rows = parse(reportTableCsv(table), { bom: true }) as string[][];
    expect(rows[0]).toEqual(['Cơ quan', 'Câu', 'Nội dung', 'Phương án', 'Số người chọn', 'Tỷ lệ (trên số trả lời hợp lệ)', 'Trả lời hợp lệ (n)']);
    const pick = (office: string) => rows.filter((r) => r[0] === office).map((r) => [r[3], Number(r[4]), r[5] === '' ? null : Number(r[5].replace(',', '.'))]);
    expect(pick('Tất cả cơ quan')).toEqual([['1. Thông tin', 2, 0.5], ['2. Thủ tục', 1, 0.25], ['3. Thái độ', 1, 0.25], ['4. Thời gian', 1, 0.25], ['Bỏ trống', 1, null], ['Không hợp lệ (chọn quá 2)', 2, null]]);
    expect(pick('UBND phường Hai')).toEqual([['1. Thông tin', 0, 0], ['2. Thủ tục', 0, 0], ['3. Thái độ', 1, 0.5], ['4. Thời gian', 1, 0.5], ['Bỏ trống', 0, null], ['Không hợp lệ (chọn quá 2)', 1, null]]);
  });
});
