import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityText, personKey } from '../../src/sampling/personIdentity.js';

// Syllables grouped by the one word they write: within a group only the tone placement (old or new style) differs.
const WORDS = [
  ['Hoà', 'Hòa'], ['Hoá', 'Hóa'], ['Hoả', 'Hỏa'], ['Hoạ', 'Họa'], ['Loã', 'Lõa'], ['Hoa'],
  ['Thuý', 'Thúy'], ['Thuỳ', 'Thùy'], ['Thuỷ', 'Thủy'], ['Tuỵ', 'Tụy'], ['Huỹ', 'Hũy'], ['Thuy'],
  ['Khoẻ', 'Khỏe'], ['Xoè', 'Xòe'], ['Khoe'],
  ['Quý'], ['Quy'], ['Hoàng'], ['Toàn'], ['Hoạch'], ['Huỳnh'], ['Tuyết'], ['Nguyễn'], ['Thị'], ['Văn'], ['Đức'], ['Lê'], ['Ngọc'], ['Hương'],
];
const spelling = fc.array(fc.tuple(fc.nat(WORDS.length - 1), fc.boolean()), { minLength: 1, maxLength: 5 });
const written = (words: [number, boolean][], style: boolean) => words.map(([w, s]) => WORDS[w][(s !== style ? 1 : 0) % WORDS[w].length]).join(' ');

describe('one identity for a person written in different ways', () => {
  it('gives NFD and NFC, doubled or odd spaces and capitals the same key', () => {
    fc.assert(
      fc.property(spelling, fc.constantFrom(' ', '  ', '\t', '\u00a0', ' \u00a0 '), (words, space) => {
        const name = written(words, false);
        const key = identityText(name);
        expect(identityText(name.normalize('NFD'))).toBe(key);
        expect(identityText(`  ${name.split(' ').join(space)} `)).toBe(key);
        expect(identityText(name.toUpperCase())).toBe(key);
        expect(identityText(name.toLowerCase().normalize('NFD'))).toBe(key);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the old and the new tone placement the same key (Hoà / Hòa, Thuý / Thúy, Khoẻ / Khỏe)', () => {
    for (const pair of WORDS.filter((w) => w.length === 2)) expect(identityText(pair[0])).toBe(identityText(pair[1]));
    fc.assert(
      fc.property(spelling, (words) => {
        expect(identityText(written(words, true))).toBe(identityText(written(words, false)));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps different names different', () => {
    fc.assert(
      fc.property(spelling, spelling, (a, b) => {
        const same = a.length === b.length && a.every(([w], i) => w === b[i][0]);
        expect(identityText(written(a, false)) === identityText(written(b, true))).toBe(same);
      }),
      { numRuns: 500 },
    );
  });

  it('knows a phone-less person by name and address however they were typed, and a person with a phone by the phone', () => {
    const a = personKey({ caseCode: 'HS-1', name: 'Nguyễn Thị Thuý', address: 'phường Thuận Hoà,Huế' });
    expect(personKey({ caseCode: 'HS-2', name: ' nguyễn  thị thúy'.normalize('NFD'), address: 'Phường Thuận Hòa , Huế' })).toBe(a);
    expect(personKey({ caseCode: 'HS-3', name: 'Nguyễn Thị Thuỷ', address: 'phường Thuận Hoà, Huế' })).not.toBe(a);
    expect(personKey({ caseCode: 'HS-4', phone: '0905123456', name: 'Nguyễn Thị Thuý', address: 'x' })).toBe(personKey({ caseCode: 'HS-5', phone: '0905123456' }));
    expect(personKey({ caseCode: 'HS-6', name: 'Nguyễn Thị Thuý', address: null })).not.toBe(personKey({ caseCode: 'HS-7', name: 'Nguyễn Thị Thuý', address: null }));
  });
});
