import { describe, expect, it } from 'vitest';
import { runPhieu } from '../support/cli.js';
import { personalDataFixture, WRITERS } from '../support/personalData.js';
import { useTempDir } from '../support/tempDir.js';

const tempDir = useTempDir();

describe('phieu personal', () => {
  it('finds, shows, corrects and deletes one person, saying each step in Vietnamese', async () => {
    const data = tempDir();
    const fixture = await personalDataFixture(data, { resolve: true });
    const serial = fixture.oneStop.serials[0];
    fixture.db.close();
    const phieu = (args: string[]) => runPhieu(['--data', data, 'personal', ...args]);

    const help = await phieu(['--help']);
    for (const [command, word] of [['find', 'tìm'], ['show', 'xem'], ['correct', 'sửa'], ['delete', 'xoá']]) expect(help.stdout).toMatch(new RegExp(`${command}.*${word}`));

    const found = await phieu(['find', '--phone', '0935.246.810']);
    expect(found.stdout).toContain(`0 hồ sơ trong sổ, 4 phiếu giấy (số ${serial}, `);
    const shown = JSON.parse((await phieu(['show', '--phone', WRITERS[0].phone])).stdout);
    expect(shown.records.forms.flatMap((f: { personalAnswers: { value: unknown }[] }) => f.personalAnswers.map((a) => a.value))).toContain(WRITERS[0].name);
    const corrected = await phieu(['correct', '--phone', WRITERS[0].phone, '--serial', String(serial), '--question', 'name', '--value', 'Lê Thị Hồng Nhung Anh']);
    expect([corrected.code, corrected.stdout.trim()]).toEqual([0, 'Đã sửa và ghi vào nhật ký.']);

    const dry = await phieu(['delete', '--phone', WRITERS[0].phone]);
    expect(dry.stdout).toContain('Thêm --yes để xoá thật');
    const deleted = await phieu(['delete', '--phone', WRITERS[0].phone, '--yes', '--actor', 'quantri']);
    expect(deleted.stdout).toMatch(/^Đã xoá dữ liệu cá nhân của 0 hồ sơ trong sổ, 4 phiếu giấy .*Các câu trả lời không định danh vẫn được tính\.$/m);
    const again = await phieu(['find', '--phone', WRITERS[0].phone]);
    expect([again.code, again.stderr.trim()]).toEqual([1, 'phieu: Không tìm thấy dữ liệu nào của người này.']);
    const vague = await phieu(['find', '--name', WRITERS[1].name]);
    expect(vague.stderr).toContain('Cần số điện thoại, họ tên hoặc mã hồ sơ');
  }, 180_000);
});
