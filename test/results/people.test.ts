import { describe, expect, it } from 'vitest';
import { applyCountingRules } from '../../src/results/countingRules.js';
import { DEFAULT_RESULT_SETTINGS } from '../../src/results/settings.js';
import type { ResponseRecord } from '../../src/results/types.js';

const noStaff = { phones: new Set<string>(), accounts: new Set<string>(), devices: new Set<string>() };
const form = (serial: number, answeredOn: string, person: Partial<ResponseRecord>): ResponseRecord => ({
  key: `paper:${serial}`, channel: 'paper', source: 'paper', surveyId: 'sipas', officeCode: 'x', caseCode: `HS-${serial}`, phones: [], idNumber: null, name: null, address: null,
  ownPhone: null, account: null, device: null, answeredOn, answers: {}, pending: null, recheck: null, ...person,
});

describe('the limit of forms a person', () => {
  it('counts a phone-less person once however their name and address were written, so their fourth form in a year is over the limit', () => {
    const address = 'Kiệt 5 Phan Bội Châu, phường Thuận Hoà';
    const forms = [
      form(1, '2025-01-05', { name: 'Nguyễn Thị Thuý', address }),
      form(2, '2025-02-05', { name: 'Nguyễn Thị Thuý'.normalize('NFD'), address: address.normalize('NFD') }),
      form(3, '2025-03-05', { name: 'Nguyễn  Thị Thúy', address: 'kiệt 5 Phan Bội Châu,phường Thuận Hòa' }),
      form(4, '2025-04-05', { name: 'NGUYỄN THỊ THÚY', address }),
      form(5, '2025-05-05', { name: 'Nguyễn Thị Thủy', address }),
      form(6, '2025-06-05', { name: 'Nguyễn Thị Thuý', address: null }),
    ];
    const outcomes = applyCountingRules(forms, noStaff, DEFAULT_RESULT_SETTINGS);
    expect(forms.map((f) => outcomes.get(f.key)!.counted)).toEqual([true, true, true, false, true, true]);
    expect(outcomes.get('paper:4')).toEqual({ counted: false, reason: 'overPersonLimit', keptKeys: ['paper:1', 'paper:2', 'paper:3'] });
  });
});
