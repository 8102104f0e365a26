import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/store/db.js';
import { staffList } from '../../src/store/results.js';
import { importElectronic } from '../../src/intake/electronicImport.js';
import { importStaff } from '../../src/intake/staffImport.js';
import { electronicResponses } from '../../src/report/resultsReport.js';
import { useTempDir } from '../support/tempDir.js';
import { HUE_S_OFFICES, registerOffices, sample, shippedMapping } from './support.js';

const tempDir = useTempDir();
/** A data folder whose register already has the offices the samples name. */
async function withOffices(): Promise<Db> {
  const db = openDatabase(tempDir());
  await registerOffices(db, tempDir(), HUE_S_OFFICES);
  return db;
}
const stored = (db: Db) => db.prepare('SELECT source, external_id, survey_id, office_code, case_code, phone, id_number, account, device, submitted_at, answers_json FROM electronic_responses ORDER BY source, external_id').all();

describe('importing electronic exports', () => {
  it('imports the Hue-S sample, reporting bad rows by row, column and reason', async () => {
    const db = await withOffices();
    const { mapping, survey } = shippedMapping('hue-s.json');
    const report = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    // Data rows are 5–14 (two title rows and a blank row sit above the header on row 4).
    expect(report).toMatchObject({ alreadyImported: false, rowsRead: 10, kept: 8, alreadyKnown: 0 });
    expect(report.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [8, 'Mong muốn cải thiện', 'warning'],
      [9, 'E1. Bố trí hình thức tiếp nhận góp ý', 'warning'],
      [10, 'Thời gian đánh giá', 'error'],
      [11, 'Mã hồ sơ', 'error'],
      [12, 'Số điện thoại', 'warning'],
    ]);
    expect(report.issues[2].reason).toBe('thời gian không đọc được: "32/03/2024 08:00" (dùng dd/mm/yyyy hh:mm hoặc ISO 8601)');
    const responses = electronicResponses(db, 'sipas');
    expect(responses.map((r) => r.key)).toEqual(['HS-2403-000101', 'HS-2403-000102', 'HS-2403-000103', 'HS-2403-000104', 'HS-2403-000105', 'HS-2403-000108', 'HS-2403-000109', 'HS-2403-000110'].map((id) => `hue-s:${id}`));
    const first = responses[0];
    expect(first).toMatchObject({ channel: 'electronic', officeCode: 'ubnd-phuong-phu-hoi', caseCode: 'H57.21-240301-0001', phones: ['0905123456'], idNumber: '046090001234', account: 'nguyenvana', answeredOn: '2024-03-05T08:15:00' });
    expect(first.answers).toMatchObject({ a1: ['5'], b1: ['4'], e1: ['3'], overall: ['5'], comment: 'Cán bộ nhiệt tình' });
    expect(responses[4].answers.e1).toEqual(['Rất tốt']);
    expect(responses[5].phones).toEqual([]);
    expect(responses[7]).toMatchObject({ answeredOn: '2024-03-09T09:30:00' });
    expect(responses[7].answers).toMatchObject({ e1: [], e2: [], e3: [] });
  });

  it('reads the wishes (up to three, by the words Hue-S exports), the procedure and its field; four wishes are kept but warned about', async () => {
    const db = await withOffices();
    const { mapping, survey } = shippedMapping('hue-s.json');
    const report = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    expect(report.issues.find((i) => i.row === 8)?.reason).toBe('chọn 4 phương án, câu "expectations" chỉ cho chọn tối đa 3; tính là câu trả lời không hợp lệ');
    // The sample's rows as written: "Thông tin; Thời gian" is options 1 and 4 of the form, "Thái độ; Thời gian; Chi phí" 3, 4 and 5.
    expect(electronicResponses(db, 'sipas').map((r) => [r.key, r.procedure, r.field, r.answers.expectations])).toEqual([
      ['hue-s:HS-2403-000101', 'Đăng ký khai sinh', 'Hộ tịch', ['1', '4']],
      ['hue-s:HS-2403-000102', 'Chứng thực bản sao từ bản chính', 'Chứng thực', ['2']],
      ['hue-s:HS-2403-000103', 'Đăng ký khai sinh', 'Hộ tịch', ['3', '4', '5']],
      ['hue-s:HS-2403-000104', 'Chứng thực bản sao từ bản chính', 'Chứng thực', ['1', '2', '4', '6']],
      ['hue-s:HS-2403-000105', 'Cấp phiếu lý lịch tư pháp', 'Lý lịch tư pháp', []],
      ['hue-s:HS-2403-000108', 'Đăng ký kết hôn', 'Hộ tịch', ['2', '4']],
      ['hue-s:HS-2403-000109', 'Đăng ký kết hôn', null, ['5']],
      ['hue-s:HS-2403-000110', 'Chứng thực chữ ký', 'Chứng thực', ['3']],
    ]);
  });

  it('changes nothing when the same file is imported again', async () => {
    const db = await withOffices();
    const { mapping, survey } = shippedMapping('hue-s.json');
    await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    const before = stored(db);
    const again = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    expect(again).toMatchObject({ alreadyImported: true, kept: 0 });
    expect(stored(db)).toEqual(before);
  });

  it('reads the same export saved as XLSX, with real date cells, to the same responses; a later export adds only what is new', async () => {
    const { mapping, survey } = shippedMapping('hue-s.json');
    const rows = parse(fs.readFileSync(sample('hue-s-export.csv'), 'utf8'), { bom: true, relax_column_count: true }) as string[][];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Kết quả');
    rows.forEach((cells, i) => {
      const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(cells[2] ?? '');
      const date = m && new Date(Date.UTC(+m[3], +m[2] - 1, +m[1], +m[4], +m[5]));
      // A row of the sheet in place of the CSV's: the time as an Excel date where it is a real date (not 32/03).
      sheet.getRow(i + 1).values = date && date.getUTCDate() === +m[1] ? [...cells.slice(0, 2), date, ...cells.slice(3)] : cells;
    });
    sheet.getColumn(3).numFmt = 'dd/mm/yyyy hh:mm';
    const xlsx = path.join(tempDir(), 'hue-s.xlsx');
    await workbook.xlsx.writeFile(xlsx);

    const fromCsv = await withOffices();
    await importElectronic(fromCsv, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    const fromXlsx = await withOffices();
    const report = await importElectronic(fromXlsx, xlsx, mapping, survey, { actor: 'test', acceptPartial: true });
    expect(report).toMatchObject({ rowsRead: 10, kept: 8 });
    expect(stored(fromXlsx)).toEqual(stored(fromCsv));

    const overlapping = await importElectronic(fromCsv, xlsx, mapping, survey, { actor: 'test', acceptPartial: true });
    expect(overlapping).toMatchObject({ alreadyImported: false, kept: 0, alreadyKnown: 8 });
    expect(stored(fromCsv)).toEqual(stored(fromXlsx));
  });

  it('imports the kiosk JSON export from its nested list', async () => {
    const db = await withOffices();
    const { mapping, survey } = shippedMapping('kiosk.json');
    const report = await importElectronic(db, sample('kiosk-export.json'), mapping, survey, { actor: 'test', acceptPartial: true });
    expect(report).toMatchObject({ rowsRead: 6, kept: 4 });
    expect(report.issues.map((i) => [i.row, i.column, i.severity])).toEqual([
      [4, 'caseCode', 'error'],
      [5, 'answers.processingTime', 'warning'],
      [6, 'createdAt', 'error'],
    ]);
    const responses = electronicResponses(db, 'quick');
    expect(responses.map((r) => [r.key, r.officeCode, r.device, r.answeredOn, r.answers.q1, r.answers.q2])).toEqual([
      ['kiosk-export:KQ-000451', 'ubnd-phuong-phu-hoi', 'KIOSK-PH-01', '2024-03-04T08:05:12', ['2'], ['0']],
      ['kiosk-export:KQ-000452', 'ubnd-phuong-phu-hoi', 'KIOSK-PH-01', '2024-03-04T09:41:50', ['1'], ['1']],
      ['kiosk-export:KQ-000453', 'ubnd-phuong-phu-hoi', 'KIOSK-PH-01', '2024-03-05T10:02:03', ['3'], ['2']],
      ['kiosk-export:KQ-000455', 'ubnd-phuong-thuan-hoa', 'KIOSK-TH-02', '2024-03-06T15:12:44', ['UNKNOWN'], ['1']],
    ]);
  });

  it('stops with the missing columns named when the mapping does not fit the file', async () => {
    const db = openDatabase(tempDir());
    const { mapping, survey } = shippedMapping('hue-s.json');
    const file = path.join(tempDir(), 'other.csv');
    fs.writeFileSync(file, fs.readFileSync(sample('hue-s-export.csv'), 'utf8').replace('Số định danh', 'CCCD'));
    await expect(importElectronic(db, file, mapping, survey, { actor: 'test' })).rejects.toMatchObject({ code: 'tableMissingColumns', message: 'other.csv: không thấy cột "Số định danh" ở dòng tiêu đề 4.' });
    const json = path.join(tempDir(), 'k.json');
    fs.writeFileSync(json, JSON.stringify({ data: { items: [{ id: 'x', createdAt: '2024-03-01', caseCode: '1' }] } }));
    const kiosk = shippedMapping('kiosk.json');
    await expect(importElectronic(db, json, kiosk.mapping, kiosk.survey, { actor: 'test' })).rejects.toThrow(/không bản ghi nào có "deviceId", "unit.name", "answers.processingTime", "answers.contactTimes"/);
    expect(db.prepare('SELECT COUNT(*) AS n FROM electronic_imports').get()).toEqual({ n: 0 });
  });

  it('stores nothing from an export with bad rows or unknown offices, listing the unknown codes and creating no office; accepted as partial, only the good rows', async () => {
    const db = openDatabase(tempDir());
    await registerOffices(db, tempDir(), HUE_S_OFFICES.slice(0, 2));
    const { mapping, survey } = shippedMapping('hue-s.json');
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    const refused = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test' });
    expect(refused).toMatchObject({ stored: false, kept: 0, goodRows: 4 });
    expect(refused.unknownOffices).toEqual([
      { code: 'so-tu-phap-tinh-thua-thien-hue', name: 'Sở Tư pháp tỉnh Thừa Thiên Huế' },
      { code: 'ubnd-phuong-vy-da', name: 'UBND phường Vỹ Dạ' },
      { code: 'ubnd-xa-huong-phong', name: 'UBND xã Hương Phong' },
    ]);
    expect(refused.issues.filter((i) => i.severity === 'error').map((i) => [i.row, i.column])).toEqual([[9, 'Đơn vị'], [10, 'Thời gian đánh giá'], [11, 'Mã hồ sơ'], [12, 'Đơn vị'], [13, 'Đơn vị'], [14, 'Đơn vị']]);
    expect(refused.issues.find((i) => i.severity === 'error')?.reason).toBe('cơ quan "Sở Tư pháp tỉnh Thừa Thiên Huế" (so-tu-phap-tinh-thua-thien-hue) chưa có trong danh sách cơ quan: nhập sổ hồ sơ có cơ quan này trước');
    expect([count('electronic_responses'), count('electronic_imports'), count('offices')]).toEqual([0, 0, 2]);

    const partial = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    expect(partial).toMatchObject({ stored: true, kept: 4, goodRows: 4 });
    expect([count('electronic_responses'), count('offices')]).toEqual([4, 2]);

    // Once the register has the offices, the same file brings in their responses.
    await registerOffices(db, tempDir(), HUE_S_OFFICES);
    const later = await importElectronic(db, sample('hue-s-export.csv'), mapping, survey, { actor: 'test', acceptPartial: true });
    expect(later).toMatchObject({ stored: true, kept: 4, alreadyKnown: 4, unknownOffices: [] });
  });

  it('refuses a response id repeated within one file', async () => {
    const db = await withOffices();
    const { mapping, survey } = shippedMapping('hue-s.json');
    const file = path.join(tempDir(), 'twice.csv');
    const text = fs.readFileSync(sample('hue-s-export.csv'), 'utf8');
    fs.writeFileSync(file, text.replace('HS-2403-000102', 'HS-2403-000101'));
    const report = await importElectronic(db, file, mapping, survey, { actor: 'test', acceptPartial: true });
    expect(report.kept).toBe(7);
    expect(report.issues).toContainEqual({ row: 6, column: 'Mã đánh giá', reason: 'trùng với phản hồi ở dòng 5', severity: 'error' });
  });
});

describe('the staff list', () => {
  it('imports officials by phone, account and device; bad rows reported; a second import adds nothing', async () => {
    const db = openDatabase(tempDir());
    const file = path.join(tempDir(), 'can-bo.csv');
    fs.writeFileSync(
      file,
      [
        'DANH SÁCH CÁN BỘ BỘ PHẬN MỘT CỬA',
        'Họ và tên,Cơ quan,Số điện thoại,Tài khoản,Thiết bị',
        'Trần Thị Lan,UBND phường Phú Hội,0905 000 111,CB.Lan,',
        'Lê Văn Hùng,UBND phường Thuận Hóa,,motcua.thuanhoa,tablet-motcua-02',
        'Ngô Văn Tư,UBND phường Vỹ Dạ,12345,,',
        'Phạm Thị Mai,UBND phường Vỹ Dạ,,,',
      ].join('\n'),
    );
    const report = await importStaff(db, file, { actor: 'test' });
    expect(report).toMatchObject({ rowsRead: 4, kept: 2, alreadyKnown: 0 });
    expect(report.bad.map((b) => [b.row, b.column])).toEqual([
      [5, 'Số điện thoại'],
      [6, 'Số điện thoại/Tài khoản/Thiết bị'],
    ]);
    const list = staffList(db);
    expect([...list.phones]).toEqual(['0905000111']);
    expect([...list.accounts].sort()).toEqual(['cb.lan', 'motcua.thuanhoa']);
    expect([...list.devices]).toEqual(['tablet-motcua-02']);
    expect(await importStaff(db, file, { actor: 'test' })).toMatchObject({ alreadyImported: true });
    const edited = path.join(tempDir(), 'can-bo-2.csv');
    fs.writeFileSync(edited, `${fs.readFileSync(file, 'utf8')}\nVõ Thị Hoa,Sở Tư pháp,0935 222 333,,`);
    expect(await importStaff(db, edited, { actor: 'test' })).toMatchObject({ kept: 1, alreadyKnown: 2 });
  });

  it('adds an official written again in NFD, with a doubled space, the other tone placement or another case of account once', async () => {
    const db = openDatabase(tempDir());
    const first = path.join(tempDir(), 'can-bo-1.csv');
    fs.writeFileSync(first, ['Họ và tên,Số điện thoại,Tài khoản', 'Nguyễn Thị Thuý,0905 000 111,CB.Thuy', 'Lê Văn Hoà,,motcua.hoa'].join('\n'));
    expect(await importStaff(db, first, { actor: 'test' })).toMatchObject({ kept: 2 });
    const again = path.join(tempDir(), 'can-bo-2.csv');
    fs.writeFileSync(again, ['Họ và tên,Số điện thoại,Tài khoản', `${'Nguyễn  Thị Thúy'.normalize('NFD')},0905000111,cb.thuy`, 'LÊ VĂN HÒA,,Motcua.Hoa', 'Lê Văn Hoa,,motcua.hoa'].join('\n'));
    expect(await importStaff(db, again, { actor: 'test' })).toMatchObject({ kept: 1, alreadyKnown: 2 });
    expect(db.prepare('SELECT name FROM staff_members ORDER BY id').all()).toEqual([{ name: 'Nguyễn Thị Thuý' }, { name: 'Lê Văn Hoà' }, { name: 'Lê Văn Hoa' }]);
  });
});
