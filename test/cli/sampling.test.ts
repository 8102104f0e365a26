import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { pdfPagesText } from '../support/pdfText.js';
import { useTempDir } from '../support/tempDir.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();
const phieu = async (data: string, ...args: string[]) => JSON.parse((await run(process.execPath, [BIN, '--data', data, '--json', ...args])).stdout);
const failure = async (data: string, ...args: string[]) => (await run(process.execPath, [BIN, '--data', data, ...args]).catch((e) => e)) as { code: number; stderr: string };
const squash = (s: string) => s.replace(/\s+/g, '');

interface DrawnOffice {
  officeCode: string;
  cases: number;
  required: number;
  official: string[];
  reserve: string[];
}

describe('phieu register / sample / recheck', () => {
  it('imports a demo register, draws, writes the lists, prints an office’s forms, replaces a refusal with its form alone, and runs a re-check', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const register = path.join(dir, 'so.csv');
    expect(await phieu(data, 'register', 'demo', '--out', register, '--seed', 'cli', '--cases', '600')).toMatchObject({ cases: 600 });
    expect(await phieu(data, 'register', 'import', register)).toMatchObject({ rowsRead: 600, kept: 600, bad: [] });
    expect((await failure(data, 'register', 'import', register, '--period-from', '31/02/2025')).stderr).toContain('--period-from 31/02/2025: ngày không đọc được');
    expect(await phieu(data, 'sample', 'tiers')).toEqual([{ below: 100, sample: 'all' }, { below: 1000, sample: 100 }, { below: 5000, sample: 200 }, { below: null, sample: 500 }]);

    const draw = await phieu(data, 'sample', 'draw', '--seed', 'cli-draw', '--reserve-share', '0.2');
    const small = draw.offices.find((o: DrawnOffice) => o.officeCode === 'ubnd-phuong-thuan-hoa') as DrawnOffice;
    const city = draw.offices.find((o: DrawnOffice) => o.officeCode === 'bo-phan-mot-cua-ubnd-thanh-pho-hue') as DrawnOffice;
    expect(small.cases).toBeLessThan(100);
    expect([city.required, city.official.length, city.reserve.length]).toEqual([100, 100, 20]);

    const listPdf = path.join(dir, 'list.pdf');
    await phieu(data, 'sample', 'list', '--office', small.officeCode, '--out', listPdf);
    const listText = squash((await pdfPagesText(fs.readFileSync(listPdf))).join(' '));
    for (const words of ['DANH SÁCH MẪU', 'UBND phường Thuận Hóa', 'STT', 'Mã hồ sơ', 'Họ tên', 'Số điện thoại', 'Địa chỉ', 'Thủ tục', 'Ngày trả kết quả', 'Ngày phát', 'Ngày thu', 'Ký nhận', 'cli-draw', small.official[0]]) {
      expect(listText).toContain(squash(words));
    }
    const listXlsx = path.join(dir, 'list.xlsx');
    await phieu(data, 'sample', 'list', '--office', city.officeCode, '--out', listXlsx, '--by-route');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(listXlsx);
    expect(workbook.worksheets.length).toBeGreaterThan(1);
    expect(workbook.worksheets.every((s) => s.name.startsWith('phường '))).toBe(true);

    const formsPdf = path.join(dir, 'forms.pdf');
    const forms = await phieu(data, 'sample', 'print-forms', '--office', small.officeCode, '--survey', 'sipas', '--out', formsPdf);
    expect(forms.copies).toBe(small.official.length);
    const formPages = await pdfPagesText(fs.readFileSync(formsPdf));
    expect(formPages.length % forms.copies).toBe(0);
    const pagesPerForm = formPages.length / forms.copies;
    expect(squash(formPages[pagesPerForm * 2])).toContain(small.official[2]);
    expect((await phieu(data, 'sample', 'print-forms', '--office', small.officeCode, '--out', path.join(dir, 'again.pdf'))).copies).toBe(0);

    const replacementPdf = path.join(dir, 'replacement.pdf');
    const refused = await phieu(data, 'sample', 'status', city.official[0], 'refused', '--print-replacement', replacementPdf);
    expect(refused).toMatchObject({ caseCode: city.official[0], replacement: city.reserve[0], printed: { file: replacementPdf } });
    const replacementPages = await pdfPagesText(fs.readFileSync(replacementPdf));
    expect(replacementPages).toHaveLength(pagesPerForm);
    expect(squash(replacementPages[0])).toContain(city.reserve[0]);

    await phieu(data, 'sample', 'status', String(forms.serials[0]), 'handedOut');
    await phieu(data, 'sample', 'status', String(forms.serials[0]), 'returned');
    const progress = await phieu(data, 'sample', 'progress');
    expect(progress.find((p: { officeCode: string }) => p.officeCode === small.officeCode)).toMatchObject({ printed: small.official.length, handedOut: 1, returned: 1 });
    expect(progress.find((p: { officeCode: string }) => p.officeCode === city.officeCode)).toMatchObject({ inSample: 100, printed: 1, refusedOrUnreachable: 1, reserveLeft: 19 });
    expect((await failure(data, 'sample', 'status', String(forms.serials[0]), 'unreachable')).stderr).toContain(`Phiếu số ${forms.serials[0]} đang ở trạng thái "Đã thu", không thể ghi "Không liên lạc được"`);

    expect(await phieu(data, 'sample', 'draw', '--seed', 'cli-draw-2')).toMatchObject({ drawId: null, offices: [], kept: expect.arrayContaining([small.officeCode, city.officeCode]) });
    expect((await failure(data, 'sample', 'draw', '--redraw', small.officeCode)).stderr).toContain(`Không chọn lại mẫu của UBND phường Thuận Hóa: đã in hoặc phát ${small.official.length} phiếu của danh sách này (số ${forms.serials.slice(0, 20).join(', ')}`);
    expect((await phieu(data, 'sample', 'draw', '--redraw', 'ubnd-phuong-vy-da', '--seed', 'cli-draw-2')).offices.map((o: DrawnOffice) => o.officeCode)).toEqual(['ubnd-phuong-vy-da']);

    expect(await phieu(data, 'recheck', 'draw', '--share', '1', '--seed', 'r')).toEqual([expect.objectContaining({ serial: forms.serials[0] })]);
    const recheckCsv = path.join(dir, 'phuc-tra.csv');
    await phieu(data, 'recheck', 'export', '--out', recheckCsv);
    expect(fs.readFileSync(recheckCsv, 'utf8')).toMatch(new RegExp(`^\ufeffSố phiếu,Số điện thoại,Mã hồ sơ,Họ tên,Cơ quan,Kết quả\r\n${forms.serials[0]},0\\d{9},${small.official[0]},`));
    expect(await phieu(data, 'recheck', 'record', String(forms.serials[0]), 'denied')).toEqual({ serial: forms.serials[0], outcome: 'denied' });
    expect((await failure(data, 'recheck', 'record', String(forms.serials[1]), 'denied')).stderr).toContain(`Phiếu số ${forms.serials[1]} không có trong danh sách phúc tra`);
    // About twenty CLI processes, each starting Node: slow on a busy machine.
  }, 240_000);

  it('stores nothing from a register with bad rows until --accept-partial, then only the good rows', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const file = path.join(dir, 'so.csv');
    fs.writeFileSync(
      file,
      [
        'Mã hồ sơ,Cơ quan/Đơn vị,Ngày tiếp nhận,Ngày trả kết quả',
        'HS-1,UBND phường Phú Hội,02/01/2025,05/01/2025',
        'HS-2,UBND phường Phú Hội,05/01/2025,03/01/2025',
        'HS-3,UBND phường Vỹ Dạ',
        'HS-4,UBND phường Vỹ Dạ,01/01/1900,03/01/2025',
      ].join('\n'),
    );
    const refused = (await run(process.execPath, [BIN, '--data', data, 'register', 'import', file]).catch((e) => e)) as { code: number; stdout: string };
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('so.csv: 4 dòng, 3 lỗi — chưa lưu gì');
    expect(refused.stdout).toContain('dòng 3, cột "Ngày trả kết quả": ngày trả kết quả 03/01/2025 trước ngày tiếp nhận 05/01/2025');
    expect(refused.stdout).toContain('dòng 4, cột "Ngày tiếp nhận": dòng chỉ có 2 trên 4 cột');
    expect(refused.stdout).toContain('dòng 5, cột "Ngày tiếp nhận": ngày 01/01/1900 trước năm 2000');
    const stored = () => {
      const db = openDatabase(data);
      const cases = db.prepare('SELECT case_code FROM register_cases').all();
      db.close();
      return cases;
    };
    expect(stored()).toEqual([]);
    expect(await phieu(data, 'register', 'import', file, '--accept-partial')).toMatchObject({ stored: true, kept: 1, goodRows: 1, offices: 1 });
    expect(stored()).toEqual([{ case_code: 'HS-1' }]);
  });

  it('fails with a message naming the file when the register has no recognisable header', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    fs.writeFileSync(file, 'a,b,c\n1,2,3\n');
    const error = await failure(path.join(dir, 'data'), 'register', 'import', file);
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('x.csv: không tìm thấy dòng tiêu đề');
  });
});
