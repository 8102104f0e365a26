import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfPagesText } from '../support/pdfText.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const phieu = runPhieu;

describe('phieu CLI: layout and print', () => {
  it('prints the layout of a survey as JSON', async () => {
    const { code, stdout } = await phieu(['--data', tempDir(), '--json', 'layout', '--survey', 'one-stop']);
    expect(code).toBe(0);
    const layout = JSON.parse(stdout);
    expect(layout.surveyId).toBe('one-stop');
    expect(layout.fields.find((f: { questionId: string }) => f.questionId === 'phone').cells).toHaveLength(10);
  });

  it('prints blank copies whose serials continue across runs, in the PHIEU_DATA folder', async () => {
    const data = tempDir();
    const first = await phieu(['--json', 'print', '--survey', 'quick', '--blank', '3', '--office', 'PH', '--office-name', 'Phường Hương', '--out', path.join(data, 'a.pdf')], { PHIEU_DATA: data });
    const second = await phieu(['--json', 'print', '--survey', 'quick', '--blank', '2', '--out', path.join(data, 'b.pdf')], { PHIEU_DATA: data });
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ copies: 3, firstSerial: 1, lastSerial: 3, pages: 3 });
    expect(JSON.parse(second.stdout)).toMatchObject({ firstSerial: 4, lastSerial: 5 });
    expect(fs.readFileSync(path.join(data, 'a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.existsSync(path.join(data, 'phieu.sqlite'))).toBe(true);
  });

  it('fails with a clear message and a non-zero exit for an unknown survey', async () => {
    const { code, stderr } = await phieu(['--data', tempDir(), 'print', '--survey', 'nope', '--blank', '1', '--out', path.join(tempDir(), 'x.pdf')]);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(/Không có mẫu phiếu "nope".*các mẫu phiếu dùng được: one-stop, quick, sipas/);
  });

  it('warns about a broken definition file by name and reason, and every other survey still lists, lays out and prints', async () => {
    const forms = tempDir();
    for (const name of ['quick.json', 'sipas.json']) fs.copyFileSync(path.join('forms', name), path.join(forms, name));
    fs.writeFileSync(path.join(forms, 'hong.json'), '{ "id": "hong", "sections": [');
    const env = { PHIEU_FORMS: forms };
    const listed = await phieu(['--data', tempDir(), '--json', 'surveys'], env);
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout).map((s: { id: string }) => s.id)).toEqual(['quick', 'sipas']);
    expect(listed.stderr).toMatch(/Cảnh báo: bỏ qua tệp định nghĩa phiếu .*hong\.json \(không phải JSON hợp lệ/);
    const data = tempDir();
    const printed = await phieu(['--data', data, '--json', 'print', '--survey', 'quick', '--blank', '1', '--out', path.join(data, 'q.pdf')], env);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toContain('hong.json');
  });

  it('prints the office name from the register at the top of blank copies, not its code, and refuses an office it does not have', async () => {
    const data = tempDir();
    const register = path.join(data, 'so.csv');
    fs.writeFileSync(register, 'Mã hồ sơ,Cơ quan/Đơn vị\nHS-1,UBND phường Vỹ Dạ\n');
    expect((await phieu(['--data', data, 'register', 'import', register])).code).toBe(0);
    const out = path.join(data, 'vy-da.pdf');
    const printed = await phieu(['--data', data, 'print', '--survey', 'quick', '--blank', '1', '--office', 'ubnd-phuong-vy-da', '--out', out]);
    expect(printed.code).toBe(0);
    const [page] = await pdfPagesText(fs.readFileSync(out));
    expect(page).toContain('UBND phường Vỹ Dạ');
    expect(page).not.toContain('ubnd-phuong-vy-da');
    const unknown = await phieu(['--data', data, 'print', '--survey', 'quick', '--blank', '1', '--office', 'nope', '--out', path.join(data, 'nope.pdf')]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có cơ quan "nope"');
    expect(fs.existsSync(path.join(data, 'nope.pdf'))).toBe(false);
  });

  it('refuses a copy count that is not a whole number', async () => {
    const { code, stderr } = await phieu(['--data', tempDir(), 'print', '--survey', 'quick', '--blank', 'abc', '--out', 'x.pdf']);
    expect(code).not.toBe(0);
    expect(stderr).toContain('--blank "abc": cần một số nguyên từ 1 đến 1.000.000');
  });
});
