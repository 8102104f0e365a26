import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

const phieu = (data: string, ...args: string[]) => runPhieu(['--data', data, ...args]);

describe('phieu answers a person in Vietnamese', () => {
  it('refuses a report for an office or level it does not have, naming it, with a non-zero exit', async () => {
    const data = tempDir();
    const register = path.join(tempDir(), 'so.csv');
    expect((await phieu(data, 'register', 'demo', '--out', register, '--cases', '200')).code).toBe(0);
    expect((await phieu(data, 'register', 'import', register)).code).toBe(0);
    const office = await phieu(data, 'report', '--format', 'csv', '--office', 'nope');
    expect([office.code, office.stdout]).toEqual([1, '']);
    expect(office.stderr).toContain('Không có cơ quan "nope"');
    expect(office.stderr).toContain('ubnd-phuong-thuan-hoa');
    const level = await phieu(data, '--json', 'report', '--format', 'json', '--level', 'tỉnh');
    expect(level.code).toBe(1);
    expect(level.stderr).toContain('Không có cấp cơ quan "tỉnh"');
    expect((await phieu(data, 'report', '--format', 'csv', '--office', 'ubnd-phuong-thuan-hoa')).code).toBe(0);
  }, 120_000);

  it('says how far the sample has come, with and without data, never "null" or "undefined"', async () => {
    const data = tempDir();
    const empty = await phieu(data, 'sample', 'progress');
    expect(empty.code).toBe(0);
    expect(empty.stdout).toContain('Chưa chọn mẫu');
    const register = path.join(tempDir(), 'so.csv');
    await phieu(data, 'register', 'demo', '--out', register, '--cases', '200');
    await phieu(data, 'register', 'import', register);
    const beforeDraw = await phieu(data, 'sample', 'progress');
    expect(beforeDraw.stdout).toContain('Chưa chọn mẫu');
    expect((await phieu(data, 'sample', 'draw', '--seed', 'tien-do')).code).toBe(0);
    await phieu(data, 'sample', 'print-forms', '--office', 'ubnd-phuong-thuan-hoa', '--out', path.join(tempDir(), 'f.pdf'));
    const drawn = await phieu(data, 'sample', 'progress');
    expect(drawn.stdout).toMatch(/UBND phường Thuận Hóa: tối thiểu \d+, trong mẫu \d+, đã in [1-9]/);
    const unknown = await phieu(data, 'sample', 'progress', '--draw', '99');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Không có lần chọn mẫu "99"');
    const notANumber = await phieu(data, 'sample', 'progress', '--draw', 'abc');
    expect(notANumber.code).toBe(1);
    expect(notANumber.stderr).toContain('Không có lần chọn mẫu "abc"');
    for (const answer of [empty, beforeDraw, drawn, unknown, notANumber]) expect(`${answer.stdout}${answer.stderr}`).not.toMatch(/null|undefined|NaN/);
  }, 180_000);

  it('sums up a backup and a restore in words, not table names', async () => {
    const data = tempDir();
    const copy = path.join(tempDir(), 'ban-sao');
    const backup = await phieu(data, 'backup', '--out', copy);
    expect(backup.code).toBe(0);
    const restored = await phieu(path.join(tempDir(), 'moi'), 'restore', copy);
    expect(restored.code).toBe(0);
    for (const summary of [backup.stdout, restored.stdout]) {
      expect(summary).toMatch(/\d+ phiếu, \d+ tệp quét, \d+ trang, \d+ mục duyệt, \d+ lần sửa, \d+ dòng nhật ký/);
      expect(summary).not.toMatch(/forms|scan_files|pages|review_items|corrections|audit_events/);
    }
  }, 120_000);
});

