import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildReport, mergeResults } from '../../src/results/buildReport.js';
import { writeReportPdf } from '../../src/report/pdfReport.js';
import { openDatabase } from '../../src/store/db.js';
import { reportTemplate, saveReportTemplate } from '../../src/store/reportTemplate.js';
import { fixtureInput } from '../results/fixture.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const report = buildReport(fixtureInput, {}, mergeResults(fixtureInput));

interface Item {
  text: string;
  x: number;
  y: number;
}

async function pdfItems(write: (out: PassThrough) => Promise<void>): Promise<{ pages: Item[][]; width: number }> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (c: Buffer) => chunks.push(c));
  await write(out);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(Buffer.concat(chunks)), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: Item[][] = [];
  let width = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    width = page.getViewport({ scale: 1 }).width;
    const items = (await page.getTextContent()).items.flatMap((item) => ('str' in item && item.str.trim() ? [{ text: item.str, x: item.transform[4], y: item.transform[5] }] : []));
    pages.push(items);
  }
  await doc.destroy();
  return { pages, width };
}

/** Where each expected line is in the page's text, in drawing order; -1 when missing. */
function positions(items: Item[], lines: string[]): number[] {
  const text = items.map((i) => i.text).join('\n');
  return lines.map((line) => text.indexOf(line));
}
const itemOf = (items: Item[], text: string) => items.find((i) => i.text.includes(text))!;

const edited = {
  parentAgency: 'UBND TỈNH QUẢNG TRỊ',
  agency: 'SỞ NỘI VỤ TỈNH QUẢNG TRỊ',
  number: '27',
  symbol: 'BC-SNV',
  place: 'Quảng Trị',
  title: 'BÁO CÁO',
  summary: 'Kết quả đo lường sự hài lòng năm 2026',
  recipients: ['Bộ Nội vụ (để báo cáo)', 'Thường trực Tỉnh uỷ', 'Lưu: VT, CCHC'],
  signer: { authority: 'KT. GIÁM ĐỐC', position: 'PHÓ GIÁM ĐỐC', name: 'Trần Thị Mai' },
};

describe('the report PDF as an administrative document (Decree 30/2020/NĐ-CP)', () => {
  it("prints heading, agency, number and symbol, place and date, title, body, signature and recipients in order, from the office's template", async () => {
    const db = openDatabase(tempDir());
    const defaults = reportTemplate(db);
    const saved = saveReportTemplate(db, edited, 'planner');
    expect(reportTemplate(db)).toEqual(saved);
    // A date in February before the 10th: day and month written with a leading zero, as the decree asks.
    const { pages, width } = await pdfItems((out) => writeReportPdf(report, out, new Date('2026-02-04T20:00:00Z'), saved));
    const first = pages[0];
    const last = pages[pages.length - 1];
    const head = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'UBND TỈNH QUẢNG TRỊ', 'SỞ NỘI VỤ TỈNH QUẢNG TRỊ', 'Số: 27/BC-SNV', 'Quảng Trị, ngày 05 tháng 02 năm 2026', 'BÁO CÁO', 'Kết quả đo lường sự hài lòng năm 2026', 'Chỉ số hài lòng chung'];
    const at = positions(first, head);
    expect(at.every((p) => p >= 0), JSON.stringify(Object.fromEntries(head.map((h, i) => [h, at[i]])))).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The agency on the left, the national heading on the right, both at the top; the date under the heading.
    const mid = width / 2;
    expect(itemOf(first, 'SỞ NỘI VỤ TỈNH').x).toBeLessThan(mid);
    expect(itemOf(first, 'CỘNG HÒA').x).toBeGreaterThan(mid - 40);
    expect(Math.abs(itemOf(first, 'UBND TỈNH QUẢNG TRỊ').y - itemOf(first, 'CỘNG HÒA').y)).toBeLessThan(4);
    expect(itemOf(first, 'Quảng Trị, ngày').x).toBeGreaterThan(mid - 40);

    const foot = ['KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC', 'Trần Thị Mai', 'Nơi nhận:', '- Bộ Nội vụ (để báo cáo);', '- Thường trực Tỉnh uỷ;', '- Lưu: VT, CCHC.'];
    const end = positions(last, foot);
    expect(end.every((p) => p >= 0), JSON.stringify(Object.fromEntries(foot.map((h, i) => [h, end[i]])))).toBe(true);
    expect([...end].sort((a, b) => a - b)).toEqual(end);
    // The body ends before the signature block; recipients on the left, the signer on the right, side by side.
    expect(positions(last, ['Phiếu không được tính'])[0]).toBeLessThan(end[0]);
    expect(itemOf(last, 'Nơi nhận').x).toBeLessThan(mid);
    expect(itemOf(last, 'PHÓ GIÁM ĐỐC').x).toBeGreaterThan(mid - 40);
    expect(Math.abs(itemOf(last, 'Nơi nhận').y - itemOf(last, 'KT. GIÁM ĐỐC').y)).toBeLessThan(4);

    // The template as shipped prints its own values: editing the template is what changed them.
    const plain = await pdfItems((out) => writeReportPdf(report, out, new Date('2026-06-20T03:00:00Z'), defaults));
    const plainText = plain.pages.flat().map((i) => i.text).join('\n');
    expect(plainText).toContain(`${defaults.agency}`);
    expect(plainText).toContain(`${defaults.place}, ngày 20 tháng 6 năm 2026`);
    for (const value of ['QUẢNG TRỊ', 'Số: 27/', 'Trần Thị Mai', 'Thường trực Tỉnh uỷ']) expect(plainText).not.toContain(value);
  });

  it('refuses a template with a wrong field, saying which in Vietnamese, and keeps the one in force', () => {
    const db = openDatabase(tempDir());
    saveReportTemplate(db, edited, 'planner');
    expect(() => saveReportTemplate(db, { ...edited, recipients: 'Bộ Nội vụ' }, 'planner')).toThrow(/Mẫu văn bản báo cáo không hợp lệ.*recipients/);
    expect(reportTemplate(db).place).toBe('Quảng Trị');
  });
});

describe('phieu report-template', () => {
  it('sets the template from a JSON file and the next PDF report prints it; a wrong file is refused in Vietnamese', async () => {
    const data = tempDir();
    const file = path.join(tempDir(), 'mau.json');
    fs.writeFileSync(file, JSON.stringify({ agency: 'SỞ NỘI VỤ TỈNH QUẢNG TRỊ', number: '27', place: 'Quảng Trị' }));
    const set = await runPhieu(['--data', data, 'report-template', '--set', file, '--actor', 'lan']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({ agency: 'SỞ NỘI VỤ TỈNH QUẢNG TRỊ', number: '27', place: 'Quảng Trị', title: 'BÁO CÁO' });
    const pdf = path.join(tempDir(), 'bao-cao.pdf');
    expect((await runPhieu(['--data', data, 'report', '--format', 'pdf', '--out', pdf])).code).toBe(0);
    const { pages } = await pdfItems(async (out) => void out.end(fs.readFileSync(pdf)));
    const text = pages[0].map((i) => i.text).join('\n');
    expect(text).toContain('SỞ NỘI VỤ TỈNH QUẢNG TRỊ');
    expect(text).toContain('Số: 27/BC-SNV');
    expect(text).toMatch(/Quảng Trị, ngày \d{2} tháng \d{1,2} năm \d{4}/);

    fs.writeFileSync(file, JSON.stringify({ recipients: 'Bộ Nội vụ', colour: 'đỏ' }));
    const refused = await runPhieu(['--data', data, 'report-template', '--set', file]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Mẫu văn bản báo cáo không hợp lệ');
    const kept = JSON.parse((await runPhieu(['--data', data, 'report-template'])).stdout);
    expect(kept.place).toBe('Quảng Trị');
  }, 120_000);
});
