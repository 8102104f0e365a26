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

  it('keeps a form waiting whose phone, not yet typed, may be the phone of a person whose counted forms reach the limit; otherwise counts it', () => {
    const phone = '0912345678';
    const forms = [
      form(1, '2025-01-05', { phones: [phone], ownPhone: phone }),
      form(2, '2025-02-05', { phones: [phone], ownPhone: phone }),
      form(3, '2025-03-05', { caseCode: null, phoneReadings: ['0912345679', phone] }),
      form(4, '2025-03-06', { caseCode: null, phoneReadings: ['0912345679', '0912345670'] }),
    ];
    // Two forms: the waiting one could be the third, still within the limit.
    expect(applyCountingRules(forms, noStaff, DEFAULT_RESULT_SETTINGS).get('paper:3')).toEqual({ counted: true });
    const third = form(5, '2025-03-01', { phones: [phone], ownPhone: phone });
    const outcomes = applyCountingRules([...forms, third], noStaff, DEFAULT_RESULT_SETTINGS);
    expect(outcomes.get('paper:3')).toEqual({ counted: false, reason: 'phoneToType' });
    expect(outcomes.get('paper:4')).toEqual({ counted: true });
    // The limit is a year's: the same person's forms of another year leave it counted.
    const lastYear = [...forms.slice(0, 2), third].map((f) => ({ ...f, answeredOn: f.answeredOn.replace('2025', '2024') }));
    expect(applyCountingRules([...lastYear, ...forms.slice(2)], noStaff, DEFAULT_RESULT_SETTINGS).get('paper:3')).toEqual({ counted: true });
  });

  it("counts a personalised form whose written phone waits to be typed as its own person's third form, not as one over the limit", () => {
    const phone = '0912345678';
    const forms = [
      form(1, '2025-01-05', { phones: [phone], ownPhone: phone }),
      form(2, '2025-02-05', { phones: [phone], ownPhone: phone }),
      // The register's phone for its case says whose form it is; the written one may read as that phone or another.
      form(3, '2025-03-05', { phones: [phone], phoneReadings: [phone, '0912345679'] }),
    ];
    expect(applyCountingRules(forms, noStaff, DEFAULT_RESULT_SETTINGS).get('paper:3')).toEqual({ counted: true });
  });

  it("keeps a quick form waiting whose case code, not yet typed, may be the case of a person at the limit or a staff member's, and counts it otherwise", () => {
    const phone = '0912345678';
    const waiting = form(9, '2025-05-01', { surveyId: 'quick', caseCode: null, caseReadings: [{ caseCode: 'HS-7', phones: [phone] }, { caseCode: 'HS-8', phones: ['0912000000'] }] });
    const theirs = [1, 2, 3].map((serial) => form(serial, `2025-0${serial}-05`, { phones: [phone], ownPhone: phone }));
    expect(applyCountingRules([...theirs.slice(0, 2), waiting], noStaff, DEFAULT_RESULT_SETTINGS).get('paper:9')).toEqual({ counted: true });
    expect(applyCountingRules([...theirs, waiting], noStaff, DEFAULT_RESULT_SETTINGS).get('paper:9')).toEqual({ counted: false, reason: 'caseToType' });
    // The case's own year is not known until it is typed: a person at the limit in another year holds it too.
    const lastYear = theirs.map((f) => ({ ...f, answeredOn: f.answeredOn.replace('2025', '2024') }));
    expect(applyCountingRules([...lastYear, waiting], noStaff, DEFAULT_RESULT_SETTINGS).get('paper:9')).toEqual({ counted: false, reason: 'caseToType' });
    const staff = { ...noStaff, phones: new Set(['0912000000']) };
    expect(applyCountingRules([waiting], staff, DEFAULT_RESULT_SETTINGS).get('paper:9')).toEqual({ counted: false, reason: 'caseToType' });
  });

  it('keeps a quick form waiting whose case code may be a case another response answers, whichever channel it came by', () => {
    const waiting = form(9, '2025-05-01', { surveyId: 'quick', caseCode: null, caseReadings: [{ caseCode: 'HS-7', phones: [] }, { caseCode: 'HS-8', phones: [] }] });
    const kiosk: ResponseRecord = { ...form(1, '2025-05-02', { surveyId: 'quick', caseCode: 'HS-8' }), key: 'kiosk:1', channel: 'electronic', source: 'kiosk' };
    const outcomes = applyCountingRules([waiting, kiosk], noStaff, DEFAULT_RESULT_SETTINGS);
    expect(outcomes.get('paper:9')).toEqual({ counted: false, reason: 'caseToType' });
    expect(outcomes.get('kiosk:1')).toEqual({ counted: true });
    expect(applyCountingRules([waiting, { ...kiosk, caseCode: 'HS-6' }], noStaff, DEFAULT_RESULT_SETTINGS).get('paper:9')).toEqual({ counted: true });
  });

  it('keeps a form waiting whose phone, not yet typed, may read as a staff phone', () => {
    const staff = { ...noStaff, phones: new Set(['0912345679']) };
    const outcomes = applyCountingRules([form(1, '2025-01-05', { phoneReadings: ['0912345678', '0912345679'] }), form(2, '2025-01-05', { phoneReadings: ['0912345678'] })], staff, DEFAULT_RESULT_SETTINGS);
    expect(outcomes.get('paper:1')).toEqual({ counted: false, reason: 'phoneToType' });
    expect(outcomes.get('paper:2')).toEqual({ counted: true });
  });
});

describe('one answer a case', () => {
  it('counts a case once however its code is spelled: with dots in a kiosk export, dashes in the register, bare digits in a form', () => {
    const answers = [
      form(1, '2025-01-05', { caseCode: '460125.00.3817' }),
      form(2, '2025-01-06', { caseCode: '460125003817' }),
      form(3, '2025-01-07', { caseCode: null, caseReadings: [{ caseCode: '460125-00-3817', phones: [] }, { caseCode: '460125003818', phones: [] }] }),
    ];
    const outcomes = applyCountingRules(answers, noStaff, DEFAULT_RESULT_SETTINGS);
    expect(answers.map((a) => outcomes.get(a.key))).toEqual([{ counted: true }, { counted: false, reason: 'caseAlreadyCounted', keptKeys: ['paper:1'] }, { counted: false, reason: 'caseToType' }]);
  });
});
