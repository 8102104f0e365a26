import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { DEFAULT_TIERS } from '../../src/sampling/tiers.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun } from '../../src/store/printRuns.js';
import { drawAndStore, drawRecheck, importRegister, markFieldStatus, officeSampleProgress, recordRecheckOutcome, sampleList } from '../../src/store/sampling.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const HEADER = ['Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ'];

function write(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function importFile(file: string) {
  const db = openDatabase(tempDir());
  const report = await importRegister(db, file, { actor: 'test' });
  const rows = db.prepare('SELECT case_code, office_code, returned_on, name, phone, address FROM register_cases ORDER BY case_code').all();
  db.close();
  return { report, rows };
}

const expectedRows = [
  { case_code: 'HS-1', office_code: 'ubnd-phuong-phu-hoi', returned_on: '2025-03-04', name: 'Lê Văn "Út", con', phone: '0905123456', address: 'Kiệt 12, đường Lê Lợi\nphường Phú Hội' },
  { case_code: 'HS-2', office_code: 'ubnd-phuong-phu-hoi', returned_on: '2025-01-05', name: 'Trần Thị Bình', phone: '0912345678', address: 'Huế' },
];

describe('importing a register', () => {
  const csvBody = (d: string) =>
    [HEADER.join(d), ['HS-1', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', '"Lê Văn ""Út"", con"', '+84905123456', '"Kiệt 12, đường Lê Lợi\nphường Phú Hội"'].join(d), ['HS-2', 'Chứng thực', 'UBND phường Phú Hội', '2025-01-05', 'Trần Thị Bình', '0912 345 678', 'Huế'].join(d)].join('\r\n');

  it('reads UTF-8 with a BOM and commas, quoted commas, quotes and newlines', async () => {
    expect((await importFile(write('a.csv', `\ufeff${csvBody(',')}`))).rows).toEqual(expectedRows);
  });

  it('reads UTF-16 with semicolons, and UTF-8 without a BOM with tabs', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csvBody(';'), 'utf16le')]);
    expect((await importFile(write('b.csv', utf16))).rows).toEqual(expectedRows);
    expect((await importFile(write('c.tsv', csvBody('\t')))).rows).toEqual(expectedRows);
  });

  it('reads XLSX with merged title rows above the header and dates as Excel serials', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sổ');
    sheet.addRow(['SỔ THEO DÕI HỒ SƠ ĐÃ GIẢI QUYẾT']);
    sheet.mergeCells('A1:G1');
    sheet.addRow(['Từ ngày 01/01/2025 đến ngày 31/03/2025']);
    sheet.mergeCells('A2:G2');
    sheet.addRow([]);
    sheet.addRow(HEADER);
    sheet.addRow(['HS-1', 'Khai sinh', 'UBND phường Phú Hội', 45720, 'Lê Văn "Út", con', '84905123456', 'Kiệt 12, đường Lê Lợi\nphường Phú Hội']);
    sheet.addRow(['HS-2', 'Chứng thực', 'UBND phường Phú Hội', new Date(Date.UTC(2025, 0, 5)), 'Trần Thị Bình', '0912345678', 'Huế']);
    const file = path.join(tempDir(), 'so.xlsx');
    await workbook.xlsx.writeFile(file);
    expect((await importFile(file)).rows).toEqual(expectedRows);
  });

  it('reports every bad row by row number, column and reason, and keeps the good rows', async () => {
    const lines = [
      HEADER.join(','),
      ['HS-1', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'A', '0905123456', 'Huế'].join(','),
      ['', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'B', '0905123457', 'Huế'].join(','),
      ['HS-1', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'C', '0905123458', 'Huế'].join(','),
      ['HS-3', 'Khai sinh', 'UBND phường Phú Hội', '32/13/2025', 'D', '0905123459', 'Huế'].join(','),
      ['HS-4', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'E', '12345', 'Huế'].join(','),
      ['HS-5', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'F', '', 'Huế'].join(','),
    ];
    const { report, rows } = await importFile(write('bad.csv', lines.join('\n')));
    expect(report.bad.map((e) => [e.row, e.column, e.reason.slice(0, 22)])).toEqual([
      [3, 'Mã hồ sơ', 'thiếu mã hồ sơ'],
      [4, 'Mã hồ sơ', 'mã hồ sơ HS-1 trùng vớ'],
      [5, 'Ngày trả kết quả', 'ngày không đọc được: "'],
      [6, 'Số điện thoại', '"12345" không phải số '],
    ]);
    expect(rows.map((r) => (r as { case_code: string }).case_code)).toEqual(['HS-1', 'HS-5']);
  });

  it('adds nothing when the same file is imported again, and only new cases from a later register', async () => {
    const db = openDatabase(tempDir());
    const cases = generateDemoRegister({ seed: 'x', offices: [{ name: 'UBND phường Phú Hội', cases: 50 }] });
    const first = write('q1.csv', registerCsv(cases.slice(0, 30)));
    expect((await importRegister(db, first, { actor: 't' })).kept).toBe(30);
    expect((await importRegister(db, first, { actor: 't' })).alreadyImported).toBe(true);
    const later = await importRegister(db, write('q1-q2.csv', registerCsv(cases)), { actor: 't' });
    expect([later.kept, later.alreadyKnown]).toEqual([20, 30]);
    expect(db.prepare('SELECT COUNT(*) AS n FROM register_cases').get()).toEqual({ n: 50 });
    db.close();
  });
});

describe('field work on a drawn sample', () => {
  it('promotes the next reserve member when a member refuses or cannot be reached, and tracks progress against the minimum', async () => {
    const db = openDatabase(tempDir());
    const cases = generateDemoRegister({ seed: 'y', offices: [{ name: 'UBND xã Hương Phong', cases: 150 }] }).map((c, i) => ({ ...c, phone: `09${String(i).padStart(8, '0')}` }));
    await importRegister(db, write('r.csv', registerCsv(cases)), { actor: 't' });
    const { drawId, offices } = drawAndStore(db, { seed: 's', reserveShare: 0.1, tiers: DEFAULT_TIERS, actor: 't' });
    const office = offices[0];
    expect([office.required, office.official.length, office.reserve.length]).toEqual([100, 100, 10]);
    const first = markFieldStatus(db, { caseCode: office.official[3], status: 'refused', actor: 't' });
    const second = markFieldStatus(db, { caseCode: office.official[7], status: 'unreachable', actor: 't' });
    expect([first.replacement, second.replacement]).toEqual([office.reserve[0], office.reserve[1]]);
    const list = sampleList(db, drawId, office.officeCode);
    expect(list.rows.filter((r) => r.inSample)).toHaveLength(100);
    expect(list.rows.find((r) => r.caseCode === office.reserve[0])).toMatchObject({ inSample: true, replaces: office.official[3] });
    expect(officeSampleProgress(db, drawId)[0]).toMatchObject({ required: 100, inSample: 100, refusedOrUnreachable: 2, reserveLeft: 8 });
    db.close();
  });

  it('draws a re-check among returned forms with phones, and records a denial', async () => {
    const db = openDatabase(tempDir());
    const cases = generateDemoRegister({ seed: 'z', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 40 }] });
    await importRegister(db, write('r.csv', registerCsv(cases)), { actor: 't' });
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const { serials } = createPrintRun(db, { layoutHash: 'h', surveyId: 'sipas', kind: 'personalised', caseCodes: cases.slice(0, 20).map((c) => c.caseCode) });
    for (const serial of serials.slice(0, 10)) markFieldStatus(db, { serial, status: 'returned', actor: 't' });
    const drawn = drawRecheck(db, { share: 0.3, seed: 'r', actor: 't' });
    expect(drawn).toHaveLength(3);
    expect(drawn.every((d) => serials.slice(0, 10).includes(d.serial) && /^0\d{9}$/.test(d.phone))).toBe(true);
    expect(drawRecheck(db, { share: 1, seed: 'r', actor: 't' }).map((d) => d.serial)).not.toContain(drawn[0].serial);
    recordRecheckOutcome(db, { serial: drawn[0].serial, outcome: 'denied', actor: 't' });
    expect(db.prepare('SELECT outcome FROM rechecks WHERE serial = ?').get(drawn[0].serial)).toEqual({ outcome: 'denied' });
    db.close();
  });
});
