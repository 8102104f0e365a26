import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { importRegister } from '../../src/planning/registerImport.js';
import { paperResponses } from '../../src/report/resultsReport.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';
import { wilson } from '../support/wilson.js';
import { printedForms, scannedPage } from './paperForms.js';

const tempDir = useTempDir();

const number = (cell: string) => Number(cell.replace(',', '.'));

describe('paper forms by procedure and field, and their wishes', () => {
  it('takes the procedure and field from the register, the missing field from an imported procedure list, and reports them with the wishes', async () => {
    const data = tempDir();
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(
      register,
      [
        'Mã hồ sơ,Cơ quan/Đơn vị,Tên thủ tục,Lĩnh vực',
        'K1,UBND phường Phú Hội,Đăng ký khai sinh,Hộ tịch',
        'K2,UBND phường Phú Hội,Đăng ký khai sinh,',
        'K3,UBND phường Phú Hội,chứng thực  chữ ký,',
      ].join('\n'),
    );
    const db = openDatabase(data);
    await importRegister(db, register, { actor: 'test' });
    const sipas = printedForms(db, 'sipas', { officeCode: 'ubnd-phuong-phu-hoi', caseCodes: ['K1', 'K2', 'K3'] });
    const scan = (serial: number, a1: string, wishes: string[]) => {
      const form = (page: number) => ({ surveyId: 'sipas', layoutHash: sipas.layoutHash, serial, page, pageCount: sipas.pageCount });
      scannedPage(db, form(1), { a1: [a1] });
      scannedPage(db, form(2), { expectations: wishes });
    };
    const [k1, k2, k3] = sipas.serials;
    scan(k1, '5', ['1', '4']);
    scan(k2, '2', ['4']);
    scan(k3, '4', []);
    expect(paperResponses(db, sipas.survey).map((r) => [r.caseCode, r.procedure, r.field])).toEqual([
      ['K1', 'Đăng ký khai sinh', 'Hộ tịch'],
      ['K2', 'Đăng ký khai sinh', null],
      ['K3', 'chứng thực  chữ ký', null],
    ]);
    db.close();

    const list = path.join(tempDir(), 'thu-tuc.csv');
    fs.writeFileSync(list, ['Tên thủ tục,Lĩnh vực', 'Đăng ký khai sinh,Hộ tịch', 'Chứng thực chữ ký,Chứng thực', 'Cấp bản sao trích lục,'].join('\n'));
    const imported = await runPhieu(['--data', data, 'import-procedures', list]);
    expect(imported.stdout).toContain('lưu 2 thủ tục với lĩnh vực, 1 dòng lỗi');
    expect(imported.stdout).toContain('dòng 4, cột "Lĩnh vực": thủ tục "Cấp bản sao trích lục" chưa ghi lĩnh vực');

    // The register's spelling of K3's procedure is the list's, folded; the list names it.
    // a1 is the only criterion answered, so the index is its satisfied share: K1 5 and K2 2 (Hộ tịch, 1 of 2), K3 4.
    const table = async (id: string) => parse((await runPhieu(['--data', data, 'report', '--format', 'csv', '--table', id])).stdout, { bom: true }) as string[][];
    const fields = await table('field');
    expect(fields.slice(1).map((r) => [r[0], number(r[1]), number(r[2]), number(r[3]), number(r[4])])).toEqual([
      ['Chứng thực', 1, 1, expect.closeTo(wilson(1, 1)[0], 4), expect.closeTo(wilson(1, 1)[1], 4)],
      ['Hộ tịch', 2, 0.5, expect.closeTo(wilson(1, 2)[0], 4), expect.closeTo(wilson(1, 2)[1], 4)],
    ]);
    const procedures = await table('procedure');
    expect(procedures.slice(1).map((r) => [r[0], number(r[1]), number(r[2])])).toEqual([
      ['Chứng thực chữ ký', 1, 1],
      ['Đăng ký khai sinh', 2, 0.5],
    ]);
    // Wishes: K1 chose 1 and 4, K2 chose 4, K3 left it blank; two valid answers.
    const choices = await table('choices');
    const overall = choices.filter((r) => r[0] === 'Tất cả cơ quan').map((r) => [r[3].split('.')[0], number(r[4]), r[5] === '' ? null : number(r[5]), number(r[6])]);
    expect(overall).toEqual([['1', 1, 0.5, 2], ['2', 0, 0, 2], ['3', 0, 0, 2], ['4', 2, 1, 2], ['5', 0, 0, 2], ['6', 0, 0, 2], ['Bỏ trống', 1, null, 2], ['Không hợp lệ (chọn quá 3)', 0, null, 2]]);
    expect(choices.filter((r) => r[0] === 'UBND phường Phú Hội').map((r) => number(r[4]))).toEqual([1, 0, 0, 2, 0, 0, 1, 0]);
  }, 120_000);
});
