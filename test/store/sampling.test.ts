import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { DEFAULT_TIERS } from '../../src/sampling/tiers.js';
import { openDatabase } from '../../src/store/db.js';
import { createPrintRun } from '../../src/store/printRuns.js';
import { currentDrawOf, officeSampleProgress, recheckList, recordRecheckOutcome, recordSampleForms, sampleList } from '../../src/store/sampling.js';
import { drawAndStore, redrawOffice } from '../../src/planning/draw.js';
import { markFieldStatus } from '../../src/planning/fieldStatus.js';
import { drawRecheck } from '../../src/planning/recheck.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { loadSampleTiers, saveSampleTiers } from '../../src/planning/tiers.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const HEADER = ['Mã hồ sơ', 'Tên thủ tục', 'Cơ quan/Đơn vị', 'Ngày trả kết quả', 'Họ và tên', 'Số điện thoại', 'Địa chỉ'];

function write(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

async function importFile(file: string, acceptPartial = false) {
  const db = openDatabase(tempDir());
  const report = await importRegister(db, file, { actor: 'test', acceptPartial });
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

  it('reports every bad row by row number, column and reason, stores nothing unless a partial import is accepted, then only the good rows', async () => {
    const lines = [
      HEADER.join(','),
      ['HS-1', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'A', '0905123456', 'Huế'].join(','),
      ['', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'B', '0905123457', 'Huế'].join(','),
      ['HS-1', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'C', '0905123458', 'Huế'].join(','),
      ['HS-3', 'Khai sinh', 'UBND phường Phú Hội', '32/13/2025', 'D', '0905123459', 'Huế'].join(','),
      ['HS-4', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'E', '12345', 'Huế'].join(','),
      ['HS-5', 'Khai sinh', 'UBND phường Phú Hội', '04/03/2025', 'F', '', 'Huế'].join(','),
      ['HS-6', 'Khai sinh', 'UBND phường Vỹ Dạ'].join(','),
      ['HS-7', 'Khai sinh', 'UBND phường Vỹ Dạ', '01/01/1900', 'G', '', 'Huế'].join(','),
      ['HS-8', 'Khai sinh', 'UBND phường Phú Hội', '05/03/2025', 'H', '', 'Huế'].join(','),
    ];
    const file = write('bad.csv', lines.join('\n'));
    const db = openDatabase(tempDir());
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const refused = await importRegister(db, file, { actor: 'test' });
    expect(refused.bad.map((e) => [e.row, e.column, e.reason.slice(0, 22)])).toEqual([
      [3, 'Mã hồ sơ', 'thiếu mã hồ sơ'],
      [4, 'Mã hồ sơ', 'mã hồ sơ HS-1 trùng vớ'],
      [5, 'Ngày trả kết quả', 'ngày không đọc được: "'],
      [6, 'Số điện thoại', '"12345" không phải số '],
      [8, 'Ngày trả kết quả', 'dòng chỉ có 3 trên 7 c'],
      [9, 'Ngày trả kết quả', 'ngày 01/01/1900 trước '],
    ]);
    expect(refused).toMatchObject({ stored: false, goodRows: 3, kept: 0, offices: 0 });
    expect([count('register_cases'), count('offices'), count('register_imports')]).toEqual([0, 0, 0]);

    const partial = await importRegister(db, file, { actor: 'test', acceptPartial: true });
    expect(partial).toMatchObject({ stored: true, goodRows: 3, kept: 3, offices: 1 });
    expect(partial.bad).toEqual(refused.bad);
    expect((db.prepare('SELECT case_code FROM register_cases ORDER BY case_code').all() as { case_code: string }[]).map((r) => r.case_code)).toEqual(['HS-1', 'HS-5', 'HS-8']);
    expect(db.prepare('SELECT code FROM offices').all()).toEqual([{ code: 'ubnd-phuong-phu-hoi' }]);
    db.close();
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
    const list = sampleList(db, drawId!, office.officeCode);
    expect(list.rows.filter((r) => r.inSample)).toHaveLength(100);
    expect(list.rows.find((r) => r.caseCode === office.reserve[0])).toMatchObject({ inSample: true, replaces: office.official[3] });
    expect(officeSampleProgress(db)[0]).toMatchObject({ required: 100, inSample: 100, refusedOrUnreachable: 2, reserveLeft: 8 });
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

describe('the re-check', () => {
  it('calls one person once, however many of their forms came back', async () => {
    const rows = [
      ['HS-1', 'Khai sinh', 'UBND phường Vỹ Dạ', '04/03/2025', 'Trần Thị Hoà', '0905123456', 'Huế'],
      ['HS-2', 'Chứng thực', 'UBND phường Vỹ Dạ', '05/03/2025', 'Trần Thị Hòa', '0905 123 456', 'Huế'],
      ['HS-3', 'Khai sinh', 'UBND phường Vỹ Dạ', '06/03/2025', 'Lê Văn Tư', '0912345678', 'Huế'],
      ['HS-4', 'Khai tử', 'UBND phường Vỹ Dạ', '07/03/2025', 'Lê Văn Tư', '0912345678', 'Huế'],
    ];
    const db = openDatabase(tempDir());
    await importRegister(db, write('r.csv', [HEADER, ...rows].map((r) => r.join(',')).join('\n')), { actor: 't' });
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const { serials } = createPrintRun(db, { layoutHash: 'h', surveyId: 'sipas', kind: 'personalised', caseCodes: rows.map((r) => r[0]) });
    for (const serial of serials.slice(0, 3)) markFieldStatus(db, { serial, status: 'returned', actor: 't' });
    expect(drawRecheck(db, { share: 1, seed: 'r', actor: 't' }).map((d) => [d.serial, d.phone])).toEqual([[serials[0], '0905123456'], [serials[2], '0912345678']]);
    markFieldStatus(db, { serial: serials[3], status: 'returned', actor: 't' });
    expect(drawRecheck(db, { share: 1, seed: 'r2', actor: 't' })).toEqual([]);
    expect(recheckList(db).map((r) => r.phone)).toEqual(['0905123456', '0912345678']);
    db.close();
  });
});

describe('reading awkward register files as a stream', () => {
  it('reads a register of several thousand rows the same from UTF-8 and from UTF-16 (little and big endian), across every chunk boundary', async () => {
    const cases = generateDemoRegister({ seed: 'stream', cases: 3000 });
    const text = registerCsv(cases, ';');
    const utf8 = await importFile(write('r8.csv', text));
    const le = await importFile(write('r16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(1), 'utf16le')])));
    const be = await importFile(write('r16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text.slice(1), 'utf16le').swap16()])));
    expect(utf8.report).toMatchObject({ rowsRead: 3000, kept: 3000, bad: [] });
    expect(le.rows).toEqual(utf8.rows);
    expect(be.rows).toEqual(utf8.rows);
    expect(utf8.rows.slice(0, 1)).toEqual([expect.objectContaining({ name: cases[0].name, address: cases[0].address })]);
  });

  it('finds the header under title rows in a CSV and numbers bad rows as the planner sees them, a quoted newline keeping one row', async () => {
    const lines = [
      'SỔ THEO DÕI HỒ SƠ;;;;;;',
      'Từ ngày 01/01/2025 đến ngày 31/03/2025;;;;;;',
      HEADER.join(';'),
      ['HS-1', 'Khai sinh', 'UBND xã Hương Phong', '04/03/2025', 'A', '0905123456', '"Thôn 1\nxã Hương Phong"'].join(';'),
      ['HS-2', 'Khai sinh', 'UBND xã Hương Phong', 'mai', 'B', '0905123457', 'Huế'].join(';'),
    ];
    const { report, rows } = await importFile(write('title.csv', lines.join('\r\n')), true);
    expect(report.bad).toEqual([{ row: 5, column: 'Ngày trả kết quả', reason: 'ngày không đọc được: "mai" (dùng dd/mm/yyyy)' }]);
    expect(rows).toHaveLength(1);
  });

  it('refuses a file that is neither UTF-8 nor UTF-16, naming it', async () => {
    const legacy = Buffer.concat([Buffer.from('Mã hồ sơ,Cơ quan\n'.normalize('NFC'), 'latin1'), Buffer.from([0x4d, 0xe3, 0x20, 0xf0, 0x0a])]);
    await expect(importFile(write('tcvn3.csv', legacy))).rejects.toThrow('tcvn3.csv: không phải văn bản UTF-8 hay UTF-16');
  });

  it('reads columns with other headers through an explicit mapping, and says which columns it could not find without one', async () => {
    const file = write('other.csv', ['Số biên nhận,Nơi giải quyết,Người nộp', 'BN-1,UBND phường Vỹ Dạ,Lê Thị Hoa'].join('\n'));
    const db = openDatabase(tempDir());
    await expect(importRegister(db, file, { actor: 't', mapping: { caseCode: 'Số biên nhận' } })).rejects.toThrow('không thấy cột "Cơ quan/Đơn vị"');
    const report = await importRegister(db, file, { actor: 't', mapping: { caseCode: 'Số biên nhận', officeName: 'Nơi giải quyết', name: 'Người nộp' } });
    expect(report).toMatchObject({ kept: 1, bad: [] });
    expect(db.prepare('SELECT case_code, office_code, name FROM register_cases').get()).toEqual({ case_code: 'BN-1', office_code: 'ubnd-phuong-vy-da', name: 'Lê Thị Hoa' });
    expect(db.prepare('SELECT code, level FROM offices').get()).toEqual({ code: 'ubnd-phuong-vy-da', level: 'xã' });
    db.close();
  });

  it('keeps only the cases returned in the period asked for, and a later import of the same file for a wider period adds the rest', async () => {
    const db = openDatabase(tempDir());
    const cases = generateDemoRegister({ seed: 'period', offices: [{ name: 'UBND phường Phú Hội', cases: 200 }] });
    const file = write('year.csv', registerCsv(cases));
    const firstQuarter = cases.filter((c) => c.returnedOn! >= '2025-01-01' && c.returnedOn! <= '2025-03-31').length;
    const q1 = await importRegister(db, file, { actor: 't', periodFrom: '2025-01-01', periodTo: '2025-03-31' });
    expect([q1.kept, q1.outsidePeriod, q1.alreadyImported]).toEqual([firstQuarter, 200 - firstQuarter, false]);
    const year = await importRegister(db, file, { actor: 't' });
    expect([year.kept, year.alreadyKnown, year.alreadyImported]).toEqual([200 - firstQuarter, firstQuarter, false]);
    expect((await importRegister(db, file, { actor: 't' })).alreadyImported).toBe(true);
    expect(db.prepare('SELECT COUNT(*) AS n FROM register_cases').get()).toEqual({ n: 200 });
    expect(db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'register.import'`).get()).toEqual({ n: 3 });
    db.close();
  });
});

describe('the stored draw', () => {
  async function registerOf(cases: ReturnType<typeof generateDemoRegister>) {
    const db = openDatabase(tempDir());
    await importRegister(db, write('r.csv', registerCsv(cases)), { actor: 't' });
    return db;
  }

  it('uses the tiers setting, and stores the seed and parameters with the draw', async () => {
    const db = await registerOf(generateDemoRegister({ seed: 'tiers', offices: [{ name: 'UBND xã Hương Phong', cases: 300 }] }).map((c, i) => ({ ...c, phone: `09${String(i).padStart(8, '0')}` })));
    expect(loadSampleTiers(db)).toEqual(DEFAULT_TIERS);
    expect(() => saveSampleTiers(db, [{ below: 100, sample: 'all' }], 't')).toThrow();
    const tiers = saveSampleTiers(db, [{ below: 50, sample: 'all' }, { below: null, sample: 60 }], 't');
    const { drawId, offices } = drawAndStore(db, { seed: 'hạt giống', reserveShare: 0.5, actor: 't' });
    expect([offices[0].required, offices[0].official.length, offices[0].reserve.length]).toEqual([60, 60, 30]);
    expect(db.prepare('SELECT seed, params_json FROM draws WHERE id = ?').get(drawId)).toEqual({ seed: 'hạt giống', params_json: JSON.stringify({ reserveShare: 0.5, tiers }) });
    expect(redrawOffice(db, { officeCode: offices[0].officeCode, seed: 'hạt giống', reserveShare: 0.5, actor: 't' }).offices).toEqual(offices);
    expect(db.prepare(`SELECT action FROM audit_events WHERE action IN ('setting', 'sample.draw', 'sample.redraw') ORDER BY id`).all()).toEqual([
      { action: 'setting' }, { action: 'sample.draw' }, { action: 'sample.redraw' },
    ]);
    db.close();
  });

  it('records personalised forms in list order, one serial per member linked to its case, filled from the register', async () => {
    const cases = generateDemoRegister({ seed: 'forms', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 30 }] });
    const db = await registerOf(cases);
    const { drawId, offices } = drawAndStore(db, { seed: 'f', reserveShare: 0.2, actor: 't' });
    const office = offices[0];
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const copies = recordSampleForms(db, { drawId: drawId!, officeCode: office.officeCode, layoutHash: 'h', surveyId: 'sipas', actor: 't' });
    expect(copies.map((c) => c.values.caseCode)).toEqual(office.official);
    const first = cases.find((c) => c.caseCode === office.official[0])!;
    expect(copies[0].values).toEqual({ name: first.name, caseCode: first.caseCode, procedure: first.procedure, office: 'UBND phường Vỹ Dạ' });
    const forms = db.prepare('SELECT serial, case_code FROM forms ORDER BY serial').all() as { serial: number; case_code: string }[];
    expect(forms).toEqual(copies.map((c) => ({ serial: c.serial, case_code: c.values.caseCode })));
    expect(recordSampleForms(db, { drawId: drawId!, officeCode: office.officeCode, layoutHash: 'h', surveyId: 'sipas' })).toEqual([]);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'sample.forms'`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('keeps a scanned form scanned, says when no reserve is left, and refuses a serial that does not exist', async () => {
    const cases = generateDemoRegister({ seed: 'left', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 120 }] }).map((c, i) => ({ ...c, phone: `09${String(i).padStart(8, '0')}` }));
    const db = await registerOf(cases);
    const { drawId, offices } = drawAndStore(db, { seed: 'l', reserveShare: 0.01, actor: 't' });
    const office = offices[0];
    expect(office.reserve).toHaveLength(1);
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const copies = recordSampleForms(db, { drawId: drawId!, officeCode: office.officeCode, layoutHash: 'h', surveyId: 'sipas' });
    db.prepare(`UPDATE forms SET status = 'scanned' WHERE serial = ?`).run(copies[0].serial);
    expect(markFieldStatus(db, { serial: copies[0].serial, status: 'returned', actor: 't' })).toMatchObject({ caseCode: office.official[0], replacement: null });
    expect(db.prepare('SELECT status FROM forms WHERE serial = ?').get(copies[0].serial)).toEqual({ status: 'scanned' });
    expect(() => markFieldStatus(db, { serial: copies[0].serial, status: 'refused', actor: 't' })).toThrow('đã được quét');
    expect(markFieldStatus(db, { serial: copies[1].serial, status: 'unreachable', actor: 't' }).replacement).toBe(office.reserve[0]);
    expect(markFieldStatus(db, { caseCode: office.official[2], status: 'refused', actor: 't' })).toMatchObject({ replacement: null, drawId, officeCode: office.officeCode });
    expect(() => markFieldStatus(db, { serial: 999_999, status: 'returned', actor: 't' })).toThrow('Không có phiếu số 999999');
    const rows = sampleList(db, drawId!, office.officeCode).rows;
    expect(rows.find((r) => r.caseCode === office.official[1])).toMatchObject({ outcome: 'unreachable', replacedBy: office.reserve[0] });
    expect(officeSampleProgress(db)[0]).toMatchObject({ required: 100, inSample: 99, refusedOrUnreachable: 2, reserveLeft: 0, returned: 1 });
    db.close();
  });
});

describe('field status transitions', () => {
  async function printedOffice(seed: string) {
    const cases = generateDemoRegister({ seed, offices: [{ name: 'UBND phường Vỹ Dạ', cases: 120 }] }).map((c, i) => ({ ...c, phone: `09${String(i).padStart(8, '0')}` }));
    const db = openDatabase(tempDir());
    await importRegister(db, write('r.csv', registerCsv(cases)), { actor: 't' });
    const { drawId, offices } = drawAndStore(db, { seed, reserveShare: 0.1, actor: 't' });
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const copies = recordSampleForms(db, { drawId: drawId!, officeCode: offices[0].officeCode, layoutHash: 'h', surveyId: 'sipas' });
    return { db, drawId: drawId!, office: offices[0], copies };
  }

  it('refuses to mark a returned form unreachable, says why, and promotes nobody', async () => {
    const { db, drawId, office, copies } = await printedOffice('returned');
    markFieldStatus(db, { serial: copies[0].serial, status: 'handedOut', actor: 't' });
    markFieldStatus(db, { serial: copies[0].serial, status: 'returned', actor: 't' });
    expect(() => markFieldStatus(db, { serial: copies[0].serial, status: 'unreachable', actor: 't' })).toThrow(
      `Phiếu số ${copies[0].serial} đang ở trạng thái "Đã thu", không thể ghi "Không liên lạc được": phiếu đã thu về, người này đã trả lời.`,
    );
    expect(db.prepare('SELECT status FROM forms WHERE serial = ?').get(copies[0].serial)).toEqual({ status: 'returned' });
    const list = sampleList(db, drawId, office.officeCode).rows;
    expect(list.find((r) => r.caseCode === office.official[0])).toMatchObject({ inSample: true, outcome: null });
    expect(list.filter((r) => r.inSample)).toHaveLength(office.official.length);
    expect(officeSampleProgress(db, drawId)[0]).toMatchObject({ refusedOrUnreachable: 0, reserveLeft: office.reserve.length });
    db.close();
  });

  it('refuses to record a refusal twice or to hand out a form of someone who refused, so one refusal promotes one reserve member', async () => {
    const { db, office, copies } = await printedOffice('twice');
    expect(markFieldStatus(db, { serial: copies[1].serial, status: 'refused', actor: 't' }).replacement).toBe(office.reserve[0]);
    expect(() => markFieldStatus(db, { serial: copies[1].serial, status: 'unreachable', actor: 't' })).toThrow('đã ra khỏi mẫu');
    expect(() => markFieldStatus(db, { caseCode: office.official[1], status: 'handedOut', actor: 't' })).toThrow('đã ra khỏi mẫu');
    expect(() => markFieldStatus(db, { serial: copies[2].serial, status: 'returned', actor: 't' })).not.toThrow();
    expect(() => markFieldStatus(db, { serial: copies[2].serial, status: 'returned', actor: 't' })).toThrow('đã ghi trạng thái này rồi');
    expect(db.prepare(`SELECT COUNT(*) AS n FROM sample_members WHERE replaces IS NOT NULL`).get()).toEqual({ n: 1 });
    db.close();
  });
});

describe('drawing again', () => {
  const VY_DA = 'ubnd-phuong-vy-da';
  const HUONG_PHONG = 'ubnd-xa-huong-phong';
  const PHU_HOI = 'ubnd-phuong-phu-hoi';
  const withPhones = (cases: ReturnType<typeof generateDemoRegister>, from: number) => cases.map((c, i) => ({ ...c, phone: `09${String(from + i).padStart(8, '0')}` }));
  /** The office's list the enumerators work from: that of the latest draw that drew the office. */
  const currentList = (db: ReturnType<typeof openDatabase>, office: string) =>
    db.prepare(`SELECT list, case_code FROM sample_members WHERE office_code = ? AND draw_id = (SELECT MAX(draw_id) FROM draw_offices WHERE office_code = ?) ORDER BY list, position`).all(office, office);

  async function drawnTwoOffices() {
    const db = openDatabase(tempDir());
    const first = withPhones(generateDemoRegister({ seed: 'again', offices: [{ name: 'UBND phường Vỹ Dạ', cases: 120 }, { name: 'UBND xã Hương Phong', cases: 150 }] }), 0);
    await importRegister(db, write('q1.csv', registerCsv(first)), { actor: 't' });
    const draw = drawAndStore(db, { seed: 'lần 1', reserveShare: 0.2, actor: 't' });
    db.prepare(`INSERT INTO layouts (hash, survey_id, definition_json, layout_json) VALUES ('h', 'sipas', '{}', '{}')`).run();
    const copies = recordSampleForms(db, { drawId: draw.drawId!, officeCode: VY_DA, layoutHash: 'h', surveyId: 'sipas' });
    for (const copy of copies.slice(0, 30)) markFieldStatus(db, { serial: copy.serial, status: 'handedOut', actor: 't' });
    return { db, draw, copies };
  }

  it('keeps the lists of offices already handed out when drawing again, and draws only offices that have none', async () => {
    const { db, copies } = await drawnTwoOffices();
    const before = { vyDa: currentList(db, VY_DA), huongPhong: currentList(db, HUONG_PHONG) };
    const later = withPhones(generateDemoRegister({ seed: 'later', offices: [{ name: 'UBND phường Phú Hội', cases: 60 }] }), 5000);
    await importRegister(db, write('q1-late.csv', registerCsv(later)), { actor: 't' });

    const again = drawAndStore(db, { seed: 'lần 2', reserveShare: 0.2, actor: 't' });
    expect(again.offices.map((o) => o.officeCode)).toEqual([PHU_HOI]);
    expect(again.kept).toEqual([VY_DA, HUONG_PHONG]);
    expect(currentList(db, VY_DA)).toEqual(before.vyDa);
    expect(currentList(db, HUONG_PHONG)).toEqual(before.huongPhong);
    expect(sampleList(db, currentDrawOf(db, VY_DA), VY_DA).rows.filter((r) => r.serial !== null).map((r) => r.serial)).toEqual(copies.map((c) => c.serial));
    expect(officeSampleProgress(db).map((o) => [o.officeCode, o.printed, o.handedOut])).toEqual([[PHU_HOI, 0, 0], [VY_DA, 100, 30], [HUONG_PHONG, 0, 0]]);

    const nothingLeft = drawAndStore(db, { seed: 'lần 3', reserveShare: 0.2, actor: 't' });
    expect(nothingLeft).toEqual({ drawId: null, offices: [], kept: [PHU_HOI, VY_DA, HUONG_PHONG], skipped: [] });
    db.close();
  });

  it('draws an office again for another period, and keeps the lists of each period', async () => {
    const db = openDatabase(tempDir());
    await importRegister(db, write('year.csv', registerCsv(generateDemoRegister({ seed: 'periods', offices: [{ name: 'UBND xã Hương Phong', cases: 400 }] }))), { actor: 't' });
    const q1 = { periodFrom: '2025-01-01', periodTo: '2025-03-31' };
    const q2 = { periodFrom: '2025-04-01', periodTo: '2025-06-30' };
    const first = drawAndStore(db, { seed: 'q1', reserveShare: 0.2, actor: 't', ...q1 });
    const second = drawAndStore(db, { seed: 'q2', reserveShare: 0.2, actor: 't', ...q2 });
    expect(second.offices.map((o) => o.officeCode)).toEqual([HUONG_PHONG]);
    expect(second.kept).toEqual([]);
    expect(currentDrawOf(db, HUONG_PHONG)).toBe(second.drawId);
    expect(drawAndStore(db, { seed: 'q1 again', reserveShare: 0.2, actor: 't', ...q1 })).toEqual({ drawId: null, offices: [], kept: [HUONG_PHONG], skipped: [] });
    expect(sampleList(db, first.drawId!, HUONG_PHONG).rows.map((r) => r.caseCode)).toEqual(first.offices[0].official);
    db.close();
  });

  it('re-draws one office only when asked, and refuses once any of its forms was printed, naming them', async () => {
    const { db, copies } = await drawnTwoOffices();
    const before = currentList(db, HUONG_PHONG);
    const redrawn = redrawOffice(db, { officeCode: HUONG_PHONG, seed: 'lần 2', reserveShare: 0.2, actor: 't' });
    expect(redrawn.offices.map((o) => o.officeCode)).toEqual([HUONG_PHONG]);
    expect(currentList(db, HUONG_PHONG)).not.toEqual(before);
    expect(currentDrawOf(db, HUONG_PHONG)).toBe(redrawn.drawId);

    const handedOut = currentList(db, VY_DA);
    expect(() => redrawOffice(db, { officeCode: VY_DA, seed: 'lần 2', reserveShare: 0.2, actor: 't' })).toThrow(
      `Không chọn lại mẫu của UBND phường Vỹ Dạ: đã in hoặc phát 100 phiếu của danh sách này (số ${copies.slice(0, 20).map((c) => c.serial).join(', ')} và 80 phiếu khác).`,
    );
    expect(currentList(db, VY_DA)).toEqual(handedOut);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM audit_events WHERE action = 'sample.redraw'`).get()).toEqual({ n: 1 });
    db.close();
  });
});
