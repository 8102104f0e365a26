import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { HUE_S_OFFICES } from '../electronic/support.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const phieu = (data: string, args: string[]) => runPhieu(['--data', data, ...args]);

describe('phieu import-electronic, import-staff and report', () => {
  it('imports the shipped samples once, leaves out staff answers, and writes every format', async () => {
    const data = tempDir();
    // The offices come from the register; an export naming others stores nothing and names them.
    const refused = await phieu(data, ['import-electronic', 'mappings/samples/hue-s-export.csv', '--mapping', 'hue-s']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('10 dòng, 10 dòng lỗi — chưa lưu gì');
    expect(refused.stdout).toContain('ubnd-phuong-phu-hoi (UBND phường Phú Hội), ubnd-phuong-thuan-hoa (UBND phường Thuận Hóa), so-tu-phap-tinh-thua-thien-hue');
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(register, ['Mã hồ sơ,Cơ quan/Đơn vị', ...HUE_S_OFFICES.map((o, i) => `HS-${i},${o}`)].join('\n'));
    expect((await phieu(data, ['register', 'import', register])).code).toBe(0);
    const refusedRows = await phieu(data, ['--json', 'import-electronic', 'mappings/samples/hue-s-export.csv', '--mapping', 'hue-s']);
    expect([refusedRows.code, JSON.parse(refusedRows.stdout).stored]).toEqual([1, false]);
    const first = await phieu(data, ['--json', 'import-electronic', 'mappings/samples/hue-s-export.csv', '--mapping', 'hue-s', '--accept-partial']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ rowsRead: 10, kept: 8, stored: true, unknownOffices: [] });
    expect((await phieu(data, ['import-electronic', 'mappings/samples/hue-s-export.csv', '--mapping', 'mappings/hue-s.json', '--accept-partial'])).stdout).toContain('đã được nhập với ánh xạ "hue-s"; không thêm gì');

    const staff = path.join(tempDir(), 'can-bo.csv');
    fs.writeFileSync(staff, 'Họ và tên,Cơ quan,Tài khoản\nLê Văn Hùng,UBND phường Thuận Hóa,motcua.thuanhoa\n');
    expect((await phieu(data, ['import-staff', staff])).stdout).toContain('thêm 1 cán bộ');

    const json = await phieu(data, ['report', '--format', 'json']);
    const report = JSON.parse(json.stdout);
    expect(report.totals).toMatchObject({ returned: 8, counted: 7, excluded: 1 });
    expect(report.exclusions).toEqual([expect.objectContaining({ key: 'hue-s:HS-2403-000104', reason: 'staffAccount' })]);
    // JSON keeps plain numbers; the CSV for people writes the same share with a decimal comma, one field.
    const share = report.indices.overall.satisfiedShare as number;
    expect(share % 1).not.toBe(0);
    expect(json.stdout).toContain(`"satisfiedShare": ${share},`);
    const indices = parse((await phieu(data, ['report', '--format', 'csv', '--table', 'indices'])).stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(indices.find((r) => r['Nhóm'] === 'Toàn bộ' && r['Cấp chỉ số'] === 'chung')!['Tỷ lệ hài lòng']).toBe(String(share).replace('.', ','));

    const ward = JSON.parse((await phieu(data, ['report', '--format', 'json', '--office', 'ubnd-phuong-phu-hoi', '--from', '05/03/2024', '--to', '2024-03-05'])).stdout);
    expect(ward.totals).toMatchObject({ returned: 2, counted: 2 });

    const csv = await phieu(data, ['report', '--format', 'csv', '--table', 'exclusions']);
    expect(csv.stdout.split('\r\n')[1]).toContain('hue-s:HS-2403-000104');

    const xlsx = path.join(tempDir(), 'bao-cao.xlsx');
    const written = await phieu(data, ['report', '--format', 'xlsx', '--out', xlsx]);
    expect(written.stdout).toContain('7 phiếu được tính / 8 phiếu đã nhận');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(xlsx);
    expect(workbook.getWorksheet('Câu trả lời')!.actualRowCount).toBe(9);

    const pdf = path.join(tempDir(), 'bao-cao.pdf');
    expect((await phieu(data, ['report', '--format', 'pdf', '--out', pdf, '--survey', 'sipas'])).code).toBe(0);
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    // A dozen CLI processes, each starting Node: slow on a busy machine.
  }, 180_000);

  it('fails with a clear message on a wrong format, table, date or mapping', async () => {
    const data = tempDir();
    expect(await phieu(data, ['report', '--format', 'docx'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--format "docx": cần một trong xlsx, pdf, csv, json') });
    expect(await phieu(data, ['report', '--format', 'pdf'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--format pdf cần --out') });
    expect(await phieu(data, ['report', '--format', 'csv', '--table', 'nope'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--table nope: không có bảng này') });
    expect(await phieu(data, ['report', '--format', 'json', '--from', '31/02/2024'])).toMatchObject({ code: 1, stderr: expect.stringContaining('--from 31/02/2024') });
    expect(await phieu(data, ['import-electronic', 'x.csv', '--mapping', 'hue'])).toMatchObject({ code: 1, stderr: expect.stringContaining('có sẵn: hue-s, kiosk') });
  });
});
