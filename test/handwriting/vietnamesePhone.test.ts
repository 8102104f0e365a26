import { describe, expect, it } from 'vitest';
import { vietnamesePhoneKind } from '../../src/handwriting/vietnamesePhone.js';

describe('Vietnamese phone numbers', () => {
  it('accepts 10-digit mobiles of every network', () => {
    for (const phone of ['0912345678', '0387654321', '0701234567', '0523456789', '0593456789', '0879876543', '0888123456', '0961234567']) {
      expect(vietnamesePhoneKind(phone)).toBe('mobile');
    }
  });

  it('accepts 11-digit fixed lines under a province area code', () => {
    expect(vietnamesePhoneKind('02438251234')).toBe('fixed');
    expect(vietnamesePhoneKind('02838291234')).toBe('fixed');
    expect(vietnamesePhoneKind('02343822123')).toBe('fixed');
  });

  it('refuses unallocated prefixes, wrong lengths and numbers not starting with 0', () => {
    for (const phone of ['0312345678', '0512345678', '0712345678', '0801234567', '0951234567', '091234567', '09123456789', '9123456789', '02012345678', '', '0']) {
      expect(vietnamesePhoneKind(phone)).toBeUndefined();
    }
  });
});
