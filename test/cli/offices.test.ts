import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemoRegister, registerCsv } from '../../src/sampling/demoRegister.js';
import { runPhieu } from '../support/cli.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('phieu offices', () => {
  it('lists the tree a register made, adds a desk under its ward, and refuses an unknown level, an unknown parent and a loop with a Vietnamese sentence and exit 1', async () => {
    const data = path.join(tempDir(), 'data');
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(register, registerCsv(generateDemoRegister({ seed: 'cli-cay', year: 2024, offices: [{ name: 'UBND phường Vỹ Dạ', cases: 3 }, { name: 'UBND huyện Phú Vang', cases: 2 }] })));
    const phieu = (...args: string[]) => runPhieu(['--data', data, ...args]);
    expect((await phieu('register', 'import', register)).code).toBe(0);

    const added = await phieu('offices', 'set', 'mot-cua-vy-da', '--name', 'Bộ phận một cửa phường Vỹ Dạ', '--level', 'bộ phận một cửa', '--parent', 'ubnd-phuong-vy-da', '--active-from', '01/07/2025');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Đã lưu: mot-cua-vy-da  Bộ phận một cửa phường Vỹ Dạ  [bộ phận một cửa]  (từ 2025-07-01), thuộc ubnd-phuong-vy-da.');

    const listed = await phieu('offices', 'list');
    expect(listed.stdout.split('\n')).toEqual([
      'Các cấp: sở/ngành, xã, bộ phận một cửa',
      'ubnd-huyen-phu-vang  UBND huyện Phú Vang  [huyện]  (đến 2025-06-30) — ngừng hoạt động',
      'ubnd-phuong-vy-da  UBND phường Vỹ Dạ  [xã]',
      '  mot-cua-vy-da  Bộ phận một cửa phường Vỹ Dạ  [bộ phận một cửa]  (từ 2025-07-01)',
      '',
    ]);
    const json = JSON.parse((await runPhieu(['--data', data, '--json', 'offices', 'list'])).stdout);
    expect(json.offices.find((o: { code: string }) => o.code === 'mot-cua-vy-da')).toEqual({
      code: 'mot-cua-vy-da', name: 'Bộ phận một cửa phường Vỹ Dạ', level: 'bộ phận một cửa', parent: 'ubnd-phuong-vy-da', activeFrom: '2025-07-01', activeTo: null,
    });

    const [level, parent, loop, json2] = await Promise.all([
      phieu('offices', 'set', 'ubnd-phuong-vy-da', '--level', 'quận'),
      phieu('offices', 'set', 'mot-cua-vy-da', '--parent', 'ubnd-xa-khong-co'),
      phieu('offices', 'set', 'ubnd-phuong-vy-da', '--parent', 'mot-cua-vy-da'),
      runPhieu(['--data', data, '--json', 'offices', 'set', 'ubnd-phuong-vy-da', '--parent', 'mot-cua-vy-da']),
    ]);
    expect([level.code, parent.code, loop.code, json2.code]).toEqual([1, 1, 1, 1]);
    expect(level.stderr.trim()).toBe('phieu: Không có cấp cơ quan "quận" (các cấp đã có: sở/ngành, xã, bộ phận một cửa).');
    expect(parent.stderr.trim()).toMatch(/^phieu: Cơ quan "mot-cua-vy-da": không có cơ quan cấp trên "ubnd-xa-khong-co" trong danh sách/);
    expect(loop.stderr.trim()).toBe('phieu: Không thể đặt cơ quan cấp trên như vậy: cây cơ quan sẽ thành vòng lặp (ubnd-phuong-vy-da → mot-cua-vy-da → ubnd-phuong-vy-da).');
    expect(JSON.parse(json2.stdout)).toMatchObject({ code: 'officeCycle' });
    // Nothing of the refused changes was kept.
    expect((await phieu('offices', 'list')).stdout).toBe(listed.stdout);
  });

  it('takes a defined level in report --level, refuses one that is neither defined nor carried by an office, and sets the levels (refusing a repeated one)', async () => {
    const data = path.join(tempDir(), 'data');
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(register, registerCsv(generateDemoRegister({ seed: 'cli-cap', year: 2024, offices: [{ name: 'UBND phường Vỹ Dạ', cases: 3 }, { name: 'Sở Tư pháp', cases: 2 }] })));
    const phieu = (...args: string[]) => runPhieu(['--data', data, ...args]);
    await phieu('register', 'import', register);
    const wards = await phieu('report', '--format', 'json', '--level', 'xã');
    expect(wards.code).toBe(0);
    expect(JSON.parse(wards.stdout).query).toMatchObject({ level: 'xã' });
    // A level defined for the two-level government, with no office yet: an empty report, not a refusal.
    expect((await phieu('report', '--format', 'json', '--level', 'bộ phận một cửa')).code).toBe(0);
    const unknown = await phieu('report', '--format', 'json', '--level', 'quận');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr.trim()).toBe('phieu: Không có cấp cơ quan "quận" (các cấp đã có: sở/ngành, xã, bộ phận một cửa).');
    expect((await phieu('offices', 'levels', '--set', 'xã, sở/ngành')).stdout.trim()).toBe('Các cấp cơ quan: xã, sở/ngành.');
    const refused = await phieu('offices', 'levels', '--set', 'xã,xã');
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'phieu: Danh sách cấp cơ quan không hợp lệ: có cấp bị lặp']);
  });
  it('refuses to take out a level an office still has, naming the offices, and keeps the levels as they were', async () => {
    const data = path.join(tempDir(), 'data');
    const register = path.join(tempDir(), 'so.csv');
    fs.writeFileSync(register, registerCsv(generateDemoRegister({ seed: 'cli-bo-cap', year: 2024, offices: [{ name: 'UBND phường Vỹ Dạ', cases: 2 }, { name: 'UBND phường Phú Hội', cases: 2 }] })));
    const phieu = (...args: string[]) => runPhieu(['--data', data, ...args]);
    await phieu('register', 'import', register);
    const refused = await phieu('offices', 'levels', '--set', 'sở/ngành,đặc khu');
    expect([refused.code, refused.stderr.trim()]).toEqual([1, 'phieu: Không bỏ được cấp "xã": còn 2 cơ quan thuộc cấp này (UBND phường Phú Hội, UBND phường Vỹ Dạ). Đổi cấp của các cơ quan đó trước.']);
    expect((await phieu('offices', 'levels')).stdout.trim()).toBe('Các cấp cơ quan: sở/ngành, xã, bộ phận một cửa.');
    // Adding a level and reordering keep every level in use: allowed.
    expect((await phieu('offices', 'levels', '--set', 'xã,đặc khu,sở/ngành,bộ phận một cửa')).stdout.trim()).toBe('Các cấp cơ quan: xã, đặc khu, sở/ngành, bộ phận một cửa.');
  });
});
