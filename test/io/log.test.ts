import { describe, expect, it } from 'vitest';
import { eventLog } from '../../src/io/log.js';

function logged(event: string, details: Record<string, unknown>): string[] {
  const lines: string[] = [];
  eventLog((line) => lines.push(line))(event, details);
  return lines;
}

describe('log lines', () => {
  it('carry one event per line with no password, token, name or phone number in them', () => {
    const lines = logged('login', { user: 'nhaplieu1', password: 'hunter2', csrfToken: 'abc', note: 'gọi lại 0905 123 456 hoặc +84 912345678', respondent: { name: 'Nguyễn Văn A', phone: '0987654321' } });
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const text = lines[0];
    for (const secret of ['hunter2', 'abc', '0905 123 456', '912345678', 'Nguyễn Văn A', '0987654321']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ event: 'login', user: 'nhaplieu1', note: 'gọi lại [phone] hoặc [phone]', time: expect.any(String) });
  });

  it('take out two phone numbers written one after the other, and one glued to letters', () => {
    const [line] = logged('note', { note: 'vợ 0905 123 456 0912 345 678, con SĐT0987654321', items: ['máy bàn (0234) 3822 123'] });
    for (const digits of ['0905 123 456', '912 345 678', '0987654321', '3822 123']) expect(line).not.toContain(digits);
    expect(JSON.parse(line)).toMatchObject({ note: 'vợ [phone] [phone], con SĐT[phone]', items: ['máy bàn [phone]'] });
  });

  it('take out a number shaped like a Vietnamese phone even when it is not a valid one (a mistyped number is still personal)', () => {
    const [line] = logged('note', { note: 'gọi 0712 345 678 hoặc 0123456789; mã 2026-12-06, 123456789 byte' });
    expect(JSON.parse(line)).toMatchObject({ note: 'gọi [phone] hoặc [phone]; mã 2026-12-06, 123456789 byte' });
  });

  it('carry a level: error for errors, warn for failures, info for the rest', () => {
    expect(['error', 'hotFolder.error', 'login.failed', 'login'].map((event) => JSON.parse(logged(event, {})[0]).level)).toEqual(['error', 'error', 'warn', 'info']);
  });
});
