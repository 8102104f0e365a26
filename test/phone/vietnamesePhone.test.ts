import { describe, expect, it } from 'vitest';
import { checkVietnamesePhone, scrubPhoneNumbers } from '../../src/phone/vietnamesePhone.js';

describe('Vietnamese phone numbers', () => {
  it('accepts 10-digit mobiles of every network', () => {
    for (const phone of ['0912345678', '0368127358', '0387654321', '0701234567', '0523456789', '0593456789', '0879876543', '0888123456', '0961234567']) {
      expect(checkVietnamesePhone(phone)).toEqual({ ok: true, phone, kind: 'mobile' });
    }
  });

  it('accepts 11-digit fixed lines under a province area code', () => {
    for (const phone of ['02438251234', '02838291234', '02343822123', '02343812345']) {
      expect(checkVietnamesePhone(phone)).toEqual({ ok: true, phone, kind: 'fixed' });
    }
  });

  it('gives the national form of +84, 84, spaced, dotted and bracketed numbers, and of one that lost its leading 0 in a spreadsheet', () => {
    const written = ['+84 905 123 456', '84905123456', '+84-905-123-456', '0905.123.456', '0905 123 456', '905123456'];
    expect(written.map((p) => checkVietnamesePhone(p))).toEqual(written.map(() => ({ ok: true, phone: '0905123456', kind: 'mobile' })));
    expect(checkVietnamesePhone('(0234) 3822 123')).toEqual({ ok: true, phone: '02343822123', kind: 'fixed' });
  });

  it('follows libphonenumber on which prefixes are allocated: 031, 051 and 095 are, 071, 080 and 020 are not', () => {
    expect(['0312345678', '0512345678', '0951234567'].map((p) => checkVietnamesePhone(p).ok)).toEqual([true, true, true]);
    expect(['0712345678', '0801234567', '02012345678', '0123456789'].map((p) => checkVietnamesePhone(p).ok)).toEqual([false, false, false, false]);
  });

  it('refuses wrong lengths, foreign numbers, service numbers and text, saying why in Vietnamese', () => {
    const reasons = (phone: string) => {
      const checked = checkVietnamesePhone(phone);
      return checked.ok ? 'accepted' : checked.reason;
    };
    expect(reasons('091234567')).toMatch(/^"091234567" không phải số điện thoại Việt Nam: .*\(di động 10 số như 0912345678, cố định 11 số như 02343812345\)$/);
    expect(reasons('09123456789')).toMatch(/^"09123456789" không phải số điện thoại Việt Nam/);
    expect(reasons('0912')).toMatch(/thiếu chữ số/);
    expect(reasons('+1 202 555 0101')).toBe('"+1 202 555 0101" là số điện thoại nước ngoài, không phải số Việt Nam');
    expect(reasons('1900 1234')).toMatch(/số dịch vụ hay tổng đài/);
    expect(reasons('không có')).toBe('"không có" có ký tự không phải chữ số');
    for (const phone of ['9123456789', '', '0']) expect(checkVietnamesePhone(phone).ok).toBe(false);
  });
});

describe('taking phone numbers out of text', () => {
  it('masks every Vietnamese number however it is written, also glued to letters or right after another number', () => {
    expect(scrubPhoneNumbers('gọi lại 0905 123 456 hoặc +84 912345678')).toBe('gọi lại [phone] hoặc [phone]');
    expect(scrubPhoneNumbers('SĐT0905123456, vợ: 0905 123 456 0912 345 678')).toBe('SĐT[phone], vợ: [phone] [phone]');
    expect(scrubPhoneNumbers('so-ho-so-Nguyen-Van-An-0914222333.csv')).toBe('so-ho-so-Nguyen-Van-An-[phone].csv');
    expect(scrubPhoneNumbers('máy bàn (0234) 3822 123.')).toBe('máy bàn [phone].');
    expect(scrubPhoneNumbers('0905123456,0912345678')).toBe('[phone],[phone]');
  });

  it('leaves dates, times, long ids and numbers that are no phone number alone', () => {
    for (const text of ['ngày 12/03/2025', '2026-12-06T09:21:17.123Z', 'mã 1733412345678', 'trang 12 của 40']) {
      expect(scrubPhoneNumbers(text)).toBe(text);
    }
  });
});
