import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useTempDir } from '../support/tempDir.js';

const run = promisify(execFile);
const BIN = path.resolve('bin/phieu.js');
const tempDir = useTempDir();
const phieu = async (data: string, ...args: string[]) => JSON.parse((await run(process.execPath, [BIN, '--data', data, '--json', ...args])).stdout);

describe('phieu register / sample', () => {
  it('imports a demo register, draws, and prints the sample list and the personalised forms of an office; a refusal brings in a reserve member printed alone', async () => {
    const dir = tempDir();
    const data = path.join(dir, 'data');
    const register = path.join(dir, 'so.csv');
    await phieu(data, 'register', 'demo', '--out', register, '--seed', 'cli');
    expect((await phieu(data, 'register', 'import', register)).bad).toEqual([]);
    const draw = await phieu(data, 'sample', 'draw', '--seed', 'cli-draw');
    const office = draw.offices.find((o: { officeCode: string }) => o.officeCode === 'ubnd-xa-huong-phong');
    expect(office).toMatchObject({ cases: 240, required: 100, short: false });

    const listPdf = path.join(dir, 'list.pdf');
    await phieu(data, 'sample', 'list', '--office', office.officeCode, '--out', listPdf);
    const text = (await run('pdftotext', ['-layout', listPdf, '-'])).stdout;
    for (const words of ['DANH SÁCH MẪU', 'UBND xã Hương Phong', 'Mã hồ sơ', 'Số điện thoại', 'Ngày phát', 'Ngày thu', 'Ký nhận', 'cli-draw', office.official[0]]) expect(text).toContain(words);

    const forms = await phieu(data, 'sample', 'forms', '--office', office.officeCode, '--out', path.join(dir, 'forms.pdf'));
    expect(forms.copies).toBe(100);
    const pages = (await run('pdfinfo', [path.join(dir, 'forms.pdf')])).stdout;
    expect(pages).toMatch(/Pages:\s+200/);
    const refused = await phieu(data, 'sample', 'status', String(forms.serials[0]), 'refused');
    expect(refused.replacement).toBe(office.reserve[0]);
    const alone = await phieu(data, 'sample', 'forms', '--office', office.officeCode, '--case', refused.replacement, '--out', path.join(dir, 'replacement.pdf'));
    expect(alone.copies).toBe(1);
    expect((await run('pdftotext', [path.join(dir, 'replacement.pdf'), '-'])).stdout).toContain(office.reserve[0]);
  });

  it('fails with a message naming the file when the register has no recognisable header', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.csv');
    await import('node:fs').then((fs) => fs.writeFileSync(file, 'a,b,c\n1,2,3\n'));
    const error = (await run(process.execPath, [BIN, "--data", path.join(dir, "data"), "register", "import", file]).catch((e) => e)) as { code: number; stderr: string };
    expect(error.code).toBe(1);
    expect(error.stderr).toContain('x.csv: không tìm thấy dòng tiêu đề');
  });
});
