import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { runPhieu } from '../support/cli.js';
import { pdfPagesText } from '../support/pdfText.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();
const phieu = (data: string, args: string[]) => runPhieu(['--data', data, ...args]);

const WARD = 'UBND phường Phú Hội';
const DEPARTMENT = 'Sở Tư pháp';

/** A register with two offices and cases HS-1 … HS-6 (HS-9 is rated on the portal but not registered). */
async function withRegister(): Promise<string> {
  const data = tempDir();
  const register = path.join(tempDir(), 'so.csv');
  const cases = [1, 2, 3, 4].map((i) => `HS-${i},${WARD}`).concat([5, 6].map((i) => `HS-${i},${DEPARTMENT}`));
  fs.writeFileSync(register, ['Mã hồ sơ,Cơ quan/Đơn vị', ...cases].join('\n'));
  expect((await phieu(data, ['register', 'import', register])).code).toBe(0);
  return data;
}

/** Wilson score interval written out from the formula, independently of phieu's own function. */
function wilson(x: number, n: number, z = 1.96): [number, number] {
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

describe('phieu portal import and the portal table of the report', () => {
  it('refuses a file with bad rows naming file, row and column, stores it only when told, and counts a re-import once', async () => {
    const data = await withRegister();
    const file = path.join(tempDir(), 'danh-gia.csv');
    fs.writeFileSync(
      file,
      [
        'Mã hồ sơ,Cơ quan,Ngày đánh giá,Mức độ hài lòng',
        `HS-1,${WARD},01/03/2026,Rất hài lòng`,
        `HS-2,${WARD},02/03/2026,Hài lòng`,
        `HS-3,${WARD},31/02/2026,Hài lòng`,
        `HS-4,${WARD},03/03/2026,Tạm được`,
        `,${WARD},03/03/2026,Hài lòng`,
        `HS-7,UBND xã Không Có,03/03/2026,Hài lòng`,
        `HS-5,${DEPARTMENT},04/03/2026,1`,
      ].join('\n'),
    );
    const refused = await phieu(data, ['portal', 'import', file]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('danh-gia.csv: 7 dòng, 4 dòng lỗi — chưa lưu gì');
    expect(refused.stdout).toContain('danh-gia.csv, dòng 4, cột "Ngày đánh giá": ngày đánh giá không đọc được: "31/02/2026"');
    expect(refused.stdout).toContain('danh-gia.csv, dòng 5, cột "Mức độ hài lòng": mức độ hài lòng "Tạm được" không hợp lệ');
    expect(refused.stdout).toContain('danh-gia.csv, dòng 6, cột "Mã hồ sơ": thiếu mã hồ sơ');
    expect(refused.stdout).toContain('danh-gia.csv, dòng 7, cột "Cơ quan/Đơn vị": cơ quan "UBND xã Không Có"');
    expect(refused.stdout).toContain('Cơ quan chưa có trong danh sách: ubnd-xa-khong-co ("UBND xã Không Có"). Các mã cơ quan đã có: so-tu-phap, ubnd-phuong-phu-hoi.');
    const nothing = JSON.parse((await phieu(data, ['report', '--format', 'json'])).stdout);
    expect(nothing.portal.overall.ratings).toBe(0);

    const partial = JSON.parse((await phieu(data, ['portal', 'import', file, '--accept-partial', '--json'])).stdout);
    expect(partial).toMatchObject({ rowsRead: 7, goodRows: 3, stored: true, kept: 3, alreadyKnown: 0 });
    const again = JSON.parse((await phieu(data, ['portal', 'import', file, '--accept-partial', '--json'])).stdout);
    expect(again).toMatchObject({ stored: true, kept: 0, replaced: 0, alreadyKnown: 3 });
    const report = JSON.parse((await phieu(data, ['report', '--format', 'json'])).stdout);
    expect(report.portal.overall).toMatchObject({ ratings: 3, verySatisfied: 1, satisfied: 1, dissatisfied: 1 });
  }, 180_000);

  it('reads an XLSX export with an "Đơn vị" column, keeps the latest rating of a case, and reports the Decision 766 ratio with its Wilson interval', async () => {
    const data = await withRegister();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Đánh giá');
    sheet.addRow(['KẾT QUẢ ĐÁNH GIÁ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH']);
    sheet.addRow(['Mã hồ sơ', 'Đơn vị', 'Ngày đánh giá', 'Mức độ hài lòng']);
    const rows: [string, string, string, string | number][] = [
      ['HS-1', WARD, '01/03/2026', 'Rất hài lòng'],
      ['HS-2', WARD, '02/03/2026', 'Hài lòng'],
      ['HS-3', WARD, '02/03/2026', 'Không hài lòng'],
      ['HS-4', WARD, '02/03/2026', 3],
      // The same case rated again later: only this rating counts.
      ['HS-3', WARD, '05/03/2026', 'Tốt'],
      ['HS-5', DEPARTMENT, '03/03/2026', 'Kém'],
      ['HS-9', DEPARTMENT, '03/03/2026', 'Hài lòng'],
    ];
    for (const row of rows) sheet.addRow(row);
    const file = path.join(tempDir(), 'danh-gia.xlsx');
    await workbook.xlsx.writeFile(file);

    const imported = JSON.parse((await phieu(data, ['portal', 'import', file, '--json'])).stdout);
    expect(imported).toMatchObject({ rowsRead: 7, goodRows: 6, repeatedInFile: 1, stored: true, kept: 6, notInRegister: ['HS-9'] });
    expect((await phieu(data, ['portal', 'import', file])).stdout).toContain('0 hồ sơ mới được đánh giá, 0 đánh giá thay bằng đánh giá mới hơn, 6 đã có từ trước');

    // Expected figures from the rows above: ward 4 of 4 satisfied (HS-3's later rating), department 1 of 2, all 5 of 6.
    const expected = [
      { name: WARD, x: 4, n: 4 },
      { name: DEPARTMENT, x: 1, n: 2 },
      { name: 'Tất cả cơ quan', x: 5, n: 6 },
    ];
    const report = JSON.parse((await phieu(data, ['report', '--format', 'json'])).stdout);
    const portalRows = [...report.portal.offices, report.portal.overall];
    for (const { name, x, n } of expected) {
      const row = portalRows.find((r: { officeName: string }) => r.officeName === name);
      const [low, high] = wilson(x, n);
      expect(row.ratings).toBe(n);
      expect(row.satisfiedShare.value).toBeCloseTo(x / n, 10);
      expect(row.satisfiedShare.low).toBeCloseTo(low, 10);
      expect(row.satisfiedShare.high).toBeCloseTo(high, 10);
    }
    expect(report.portal.overall.notInRegister).toBe(1);

    const [header, ...csvRows] = parse((await phieu(data, ['report', '--format', 'csv', '--table', 'portal'])).stdout, { bom: true }) as string[][];
    expect(header[6]).toBe('Tỷ lệ hài lòng (QĐ 766)');
    expect(csvRows.map((cells) => [cells[0], cells[2]]).sort()).toEqual(expected.map(({ name, n }) => [name, String(n)]).sort());
    const department = csvRows.find((cells) => cells[0] === DEPARTMENT)!;
    const [csvShare, csvLow, csvHigh] = department.slice(6, 9).map((cell) => Number(cell.replace(',', '.')));
    const [low, high] = wilson(1, 2);
    expect([csvShare, csvLow, csvHigh].map((v) => v.toFixed(3))).toEqual([0.5, low, high].map((v) => v.toFixed(3)));
  }, 180_000);

  it('prints the portal table in the report PDF: per office the Decision 766 ratio with n and its interval, a small office flagged "ít mẫu"', async () => {
    const data = await withRegister();
    const file = path.join(tempDir(), 'danh-gia.csv');
    // The ward: 3 of 4 rated (very) satisfied; the department: 1 of 2. Both below the small-sample threshold (30).
    const rows: [string, string, string][] = [
      ['HS-1', WARD, 'Rất hài lòng'],
      ['HS-2', WARD, 'Hài lòng'],
      ['HS-3', WARD, 'Hài lòng'],
      ['HS-4', WARD, 'Không hài lòng'],
      ['HS-5', DEPARTMENT, 'Rất hài lòng'],
      ['HS-6', DEPARTMENT, 'Không hài lòng'],
    ];
    fs.writeFileSync(file, ['Mã hồ sơ,Cơ quan,Ngày đánh giá,Mức độ hài lòng', ...rows.map(([c, o, l]) => `${c},${o},02/03/2026,${l}`)].join('\n'));
    expect((await phieu(data, ['portal', 'import', file])).code).toBe(0);
    const out = path.join(tempDir(), 'bao-cao.pdf');
    expect((await phieu(data, ['report', '--format', 'pdf', '--out', out])).code).toBe(0);
    const text = (await pdfPagesText(fs.readFileSync(out))).join('\n');

    const percent = (v: number) => `${(v * 100).toFixed(1).replace('.', ',')} %`;
    expect(text).toContain('Đánh giá trên Cổng dịch vụ công (QĐ 766)');
    for (const name of [WARD, DEPARTMENT, 'Tất cả cơ quan']) {
      const of = rows.filter(([, office]) => name === 'Tất cả cơ quan' || office === name);
      const x = of.filter(([, , level]) => level !== 'Không hài lòng').length;
      const [low, high] = wilson(x, of.length);
      const row = text.slice(text.indexOf(name, text.indexOf('Đánh giá trên Cổng dịch vụ công')));
      // Name, n, the ratio with its interval, the SIPAS index and forms beside it, then the note: in the row's order.
      const flag = name === 'Tất cả cơ quan' ? '' : ' +ít mẫu';
      expect(row).toMatch(new RegExp(`^${name}.*? ${of.length} .*?${percent(x / of.length)} +${percent(low)} +${percent(high)} +\\S+ +\\d+${flag}`, 's'));
    }
  }, 180_000);
});
