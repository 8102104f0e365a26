import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditSentence, DESCRIBED_ACTIONS } from '../../src/server/auditSentence.js';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('the audit log in words', () => {
  it('has a sentence of its own for every action the code audits', () => {
    const audited = new Set<string>();
    for (const file of sources(path.resolve('src'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\baudit\([^,]+,\s*[^,]+,\s*'([\w.]+)'/g)) audited.add(m[1]);
      for (const m of text.matchAll(/\baudit\([^,]+,\s*[^,]+,\s*`(\w+)\.\$\{/g)) for (const a of DESCRIBED_ACTIONS.filter((d) => d.startsWith(`${m[1]}.`))) audited.add(a);
    }
    expect(audited.size).toBeGreaterThan(30);
    expect([...audited].filter((a) => !DESCRIBED_ACTIONS.includes(a))).toEqual([]);
  });

  it('says what was done, with whom and how much, and never shows the stored JSON', () => {
    expect(auditSentence('user.update', { id: 3, role: 'supervisor', active: false, passwordChanged: true })).toBe('Sửa tài khoản số 3: vai trò Giám sát, khoá, đổi mật khẩu.');
    expect(auditSentence('correction', { item: 9, serial: 100012, questionId: 'q3', value: ['2', '4'], changed: true })).toBe('Sửa câu q3 của phiếu 100012: 2, 4.');
    expect(auditSentence('field.status', { serial: 100013, caseCode: 'H1', status: 'refused', replacement: 'H9' })).toBe('Ghi từ chối cho phiếu 100013; người dự phòng H9 vào mẫu.');
    expect(auditSentence('setting', { 'backup.schedule': { everyHours: 12, keep: 5 } })).toBe('Đặt lịch sao lưu: mỗi 12 giờ, giữ 5 bản.');
    expect(auditSentence('markCut', { batch: 4, source: 'supervisor', to: { emptyBelow: 0.06, markedFrom: 0.12 }, toReview: 2, accepted: 31 })).toBe(
      'Đặt ngưỡng đọc dấu cho lô số 4 (giám sát viên đặt): ô trống dưới 0,06, có dấu từ 0,12; 2 câu vào hàng duyệt, 31 câu được chấp nhận.',
    );
    expect(auditSentence('something.new', { a: 1 })).toBe('Việc something.new.');
  });
});
