import { describe, expect, it } from 'vitest';
import { logEvent } from '../../src/io/log.js';

describe('log lines', () => {
  it('carry one event per line with no password, token, name or phone number in them', () => {
    const lines: string[] = [];
    logEvent(
      'login',
      { user: 'nhaplieu1', password: 'hunter2', csrfToken: 'abc', note: 'gọi lại 0905 123 456 hoặc +84 912345678', respondent: { name: 'Nguyễn Văn A', phone: '0987654321' } },
      (l) => lines.push(l),
    );
    expect(lines).toHaveLength(1);
    expect(lines[0].endsWith('\n')).toBe(true);
    const text = lines[0];
    for (const secret of ['hunter2', 'abc', '0905 123 456', '912345678', 'Nguyễn Văn A', '0987654321']) expect(text).not.toContain(secret);
    expect(JSON.parse(text)).toMatchObject({ event: 'login', user: 'nhaplieu1', note: 'gọi lại [phone] hoặc [phone]' });
  });
});
