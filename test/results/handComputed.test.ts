import { describe, expect, it } from 'vitest';
import { buildReport, mergeResults, type GroupResult } from '../../src/results/buildReport.js';
import type { IndexSet } from '../../src/results/indices.js';
import { fixtureInput } from './fixture.js';

const share = (set: IndexSet, criterion: string) => set.criteria.find((c) => c.criterion === criterion)!;
const element = (set: IndexSet, code: string) => set.elements.find((e) => e.element === code)!;
const group = (groups: GroupResult[], key: string) => groups.find((g) => g.key === key)!.indices;

describe('the hand-computed fixture', () => {
  const outcomes = mergeResults(fixtureInput);
  const report = buildReport(fixtureInput, {}, outcomes);

  it('excludes exactly the forms the rules name, each with its reason and what counted instead', () => {
    const excluded = Object.fromEntries([...outcomes].filter(([, o]) => !o.counted).map(([k, o]) => [k, o.counted ? null : [o.reason, o.keptKeys ?? []]]));
    expect(excluded).toEqual({
      'hue-s:R2': ['overPersonLimit', ['paper:1', 'paper:2', 'hue-s:R1']],
      'paper:3': ['overPersonLimit', ['paper:1', 'paper:2', 'hue-s:R1']],
      // P3 reaches paper:6 only through R3, which carries both the phone and the ID number of R4.
      'paper:6': ['overPersonLimit', ['hue-s:R3', 'hue-s:R4', 'paper:5']],
      'kiosk:K1': ['caseAlreadyCounted', ['paper:7']],
      'paper:8': ['caseAlreadyCounted', ['hue-s:R5']],
      'hue-s:R6': ['staffAccount', []],
      'kiosk:K2': ['staffDevice', []],
      'paper:9': ['staffPhone', []],
      'hue-s:R7': ['staffPhone', []],
      'paper:10': ['deniedOnRecheck', []],
      'paper:12': ['pendingReview', []],
      'paper:13': ['pendingPages', []],
      'paper:14': ['pendingReview', []],
    });
  });

  it('counts 17 of 30 returned forms: 9 of 17 on paper, 8 of 13 electronic', () => {
    expect(report.totals).toMatchObject({ returned: 30, counted: 17, excluded: 13, pending: 3 });
    expect(report.totals.byChannel.map((c) => [c.channel, c.returned, c.counted])).toEqual([
      ['paper', 17, 9],
      ['electronic', 13, 8],
    ]);
    expect(Object.fromEntries(report.totals.byReason.map((r) => [r.reason, r.count]))).toEqual({
      pendingReview: 2, pendingPages: 1, deniedOnRecheck: 1, staffAccount: 1, staffDevice: 1, staffPhone: 2, caseAlreadyCounted: 2, overPersonLimit: 3,
    });
    expect(report.exclusions).toHaveLength(13);
  });

  it('gives each criterion its satisfied and dissatisfied share with n, blanks, invalid answers and Wilson intervals', () => {
    const all = report.indices;
    expect(all.forms).toBe(17);
    // A1 of the 17 counted: 5×"5", 6×"4", 3×"3", 1×"2", one blank (paper:15), one unknown value "9" (R9).
    expect(share(all, 'A1')).toMatchObject({ valid: 15, blank: 1, invalid: 1, satisfied: 11, dissatisfied: 1 });
    expect(share(all, 'A1').satisfiedShare.value).toBeCloseTo(11 / 15, 12);
    // Wilson, z = 1.96, x = 11, n = 15: centre (0.7333 + 0.1281) / 1.2561 = 0.6858, half 0.2053.
    expect(share(all, 'A1').satisfiedShare.low).toBeCloseTo(0.4805, 4);
    expect(share(all, 'A1').satisfiedShare.high).toBeCloseTo(0.891, 4);
    expect(share(all, 'A1').dissatisfiedShare.value).toBeCloseTo(1 / 15, 12);
    expect(share(all, 'A1').dissatisfiedShare.low).toBeCloseTo(0.0119, 4);
    expect(share(all, 'A1').dissatisfiedShare.high).toBeCloseTo(0.2982, 4);
    // A2: 5×"5", 5×"4", 2×"3", 2×"2", 1×"1"; blank paper:4, two boxes on paper:15.
    expect(share(all, 'A2')).toMatchObject({ valid: 15, blank: 1, invalid: 1, satisfied: 10, dissatisfied: 3 });
    expect(share(all, 'A2').satisfiedShare.low).toBeCloseTo(0.4171, 4);
    expect(share(all, 'A2').satisfiedShare.high).toBeCloseTo(0.8482, 4);
    // B1: 5×"5", 5×"4", 3×"3", 2×"2", 1×"1"; blank K3.
    expect(share(all, 'B1')).toMatchObject({ valid: 16, blank: 1, invalid: 0, satisfied: 10, dissatisfied: 3 });
    expect(share(all, 'B1').satisfiedShare.value).toBe(0.625);
    expect(share(all, 'B1').satisfiedShare.low).toBeCloseTo(0.3864, 4);
    expect(share(all, 'B1').dissatisfiedShare.value).toBe(0.1875);
    expect(share(all, 'B1').dissatisfiedShare.high).toBeCloseTo(0.4301, 4);
    // The overall question measures no element: shown, not averaged.
    expect(share(all, 'ov')).toMatchObject({ element: null, valid: 16, blank: 1, satisfied: 11, dissatisfied: 2 });
  });

  it('takes an element as the mean of its criteria and the overall index as the mean of the elements', () => {
    const all = report.indices;
    expect(element(all, 'A').satisfiedShare).toBeCloseTo((11 / 15 + 10 / 15) / 2, 12); // 0.7
    expect(element(all, 'A').dissatisfiedShare).toBeCloseTo((1 / 15 + 3 / 15) / 2, 12); // 0.1333
    expect(element(all, 'B').satisfiedShare).toBe(0.625);
    expect(all.overall.satisfiedShare).toBeCloseTo((0.7 + 0.625) / 2, 12); // 0.6625
    expect(all.overall.dissatisfiedShare).toBeCloseTo(77 / 480, 12); // (2/15 + 3/16) / 2
    expect(all.elements.map((e) => e.element)).toEqual(['A', 'B']);
  });

  it('counts every option of every one-answer question', () => {
    const ov = report.indices.distributions.find((d) => d.questionId === 'ov')!;
    expect(ov).toMatchObject({ valid: 16, blank: 1, invalid: 0 });
    expect(ov.options.map((o) => [o.code, o.count])).toEqual([['1', 0], ['2', 2], ['3', 3], ['4', 6], ['5', 5]]);
  });

  it('ranks offices by their overall index, the unknown office included', () => {
    // No small-sample threshold: every office is ranked (with the default of 30 none of the fixture's would be).
    const offices = buildReport(fixtureInput, { settings: { ...report.settings, smallSampleBelow: 0 } }, outcomes).breakdowns.office;
    expect(offices.map((o) => o.rank)).toEqual([1, 2, 3, 4]);
    expect(offices.map((o) => [o.key, o.label, o.indices.forms])).toEqual([
      ['x-ph', 'UBND phường Phú Hội', 4], // A = (3/3 + 3/3)/2 = 1, B = 3/4: 0.875
      ['', '(không rõ cơ quan)', 1], // A = (0 + 1)/2, B = 1: 0.75
      ['h-pv', 'UBND huyện Phú Vang', 5], // A = (3/5 + 2/5)/2, B = 4/5: 0.65
      ['so-tp', 'Sở Tư pháp', 7], // A = (5/6 + 4/6)/2, B = 2/6: 0.5417
    ]);
    expect(offices.map((o) => o.indices.overall.satisfiedShare)).toEqual([0.875, 0.75, 0.65, expect.closeTo((0.75 + 1 / 3) / 2, 12)]);
    expect(share(group(offices, 'so-tp'), 'B1')).toMatchObject({ valid: 6, blank: 1, satisfied: 2, dissatisfied: 2 });
    expect(share(group(offices, 'x-ph'), 'A1')).toMatchObject({ valid: 3, blank: 1, satisfied: 3 });
    expect(share(group(offices, 'x-ph'), 'A1').satisfiedShare.high).toBe(1);
    expect(share(group(offices, 'x-ph'), 'A1').satisfiedShare.low).toBeCloseTo(0.4385, 4);
  });

  it('breaks the indices down by level, channel, source, month and year', () => {
    const { level, channel, source, month, year } = report.breakdowns;
    // No levels defined in the fixture: the offices' own, by name, and the unplaced last.
    expect(level.map((l) => [l.key, l.label, l.indices.forms])).toEqual([
      ['huyện', 'huyện', 5],
      ['sở/ngành', 'sở/ngành', 7],
      ['xã', 'xã', 4],
      ['', '(chưa xếp cấp)', 1],
    ]);
    // Paper: A1 7/8, A2 6/7, B1 6/9. Electronic: A1 4/7, A2 4/8, B1 4/7.
    expect(group(channel, 'paper').forms).toBe(9);
    expect(group(channel, 'paper').overall.satisfiedShare).toBeCloseTo(((7 / 8 + 6 / 7) / 2 + 6 / 9) / 2, 12); // 0.7664
    expect(group(channel, 'electronic').forms).toBe(8);
    expect(group(channel, 'electronic').overall.satisfiedShare).toBeCloseTo(((4 / 7 + 4 / 8) / 2 + 4 / 7) / 2, 12); // 0.5536
    expect(share(group(channel, 'electronic'), 'A2').dissatisfied).toBe(3);
    expect(source.map((s) => [s.key, s.label, s.indices.forms])).toEqual([
      ['hue-s', 'Ứng dụng Hue-S', 7],
      ['kiosk', 'Ki-ốt tại bộ phận một cửa', 1],
      ['paper', 'Phiếu giấy', 9],
    ]);
    expect(month.map((m) => [m.key, m.label, m.indices.forms])).toEqual([
      ['2024-01', 'Tháng 01/2024', 5],
      ['2024-02', 'Tháng 02/2024', 3],
      ['2024-03', 'Tháng 03/2024', 2],
      ['2024-04', 'Tháng 04/2024', 3],
      ['2024-05', 'Tháng 05/2024', 3],
      ['2025-01', 'Tháng 01/2025', 1],
    ]);
    // January 2024: A1 4/5, A2 4/5, B1 2/5 → (0.8 + 0.4) / 2.
    expect(group(month, '2024-01').overall.satisfiedShare).toBeCloseTo(0.6, 12);
    expect(year.map((y) => [y.key, y.indices.forms])).toEqual([['2024', 16], ['2025', 1]]);
    // 2025: A2 has no valid answer, so A is A1 alone.
    expect(element(group(year, '2025'), 'A')).toMatchObject({ criteria: 1, satisfiedShare: 1 });
  });

  it('reports sample adequacy per office and lists the offices short of their minimum', () => {
    expect(report.adequacy.offices.map((a) => [a.officeCode, a.cases, a.required, a.counted.paper, a.counted.electronic, a.shortfall])).toEqual([
      ['so-tp', 150, 100, 3, 4, 93],
      ['h-pv', 40, 40, 2, 3, 35],
      ['x-ph', 3, 3, 3, 1, 0],
    ]);
    expect(report.adequacy.short.map((a) => a.officeCode)).toEqual(['so-tp', 'h-pv']);
  });

  it('picks an office and a period after the rules ran over everything', () => {
    const febMar = buildReport(fixtureInput, { from: '2024-02-01', to: '2024-03-31' }, outcomes);
    expect(febMar.totals).toMatchObject({ returned: 13, counted: 5, excluded: 8 });
    // paper:3 stays excluded in March: P1's three forms were in January and February.
    expect(febMar.exclusions.map((e) => e.key)).toEqual(['hue-s:R2', 'paper:10', 'paper:3', 'paper:8', 'kiosk:K1', 'hue-s:R6', 'kiosk:K2', 'paper:9']);
    const ward = buildReport(fixtureInput, { officeCode: 'x-ph' }, outcomes);
    expect(ward.query.officeName).toBe('UBND phường Phú Hội');
    expect(ward.totals).toMatchObject({ returned: 10, counted: 4, excluded: 6 });
    expect(ward.indices.overall.satisfiedShare).toBe(0.875);
    const year2024 = buildReport(fixtureInput, { from: '2024-01-01', to: '2024-12-31' }, outcomes);
    expect(year2024.adequacy.offices.map((a) => [a.officeCode, a.cases, a.required, a.total])).toEqual([
      ['so-tp', 150, 100, 6],
      ['h-pv', 40, 40, 5],
      ['x-ph', 2, 2, 4],
    ]);
  });

  it('follows its settings: no person limit, no staff rule, another formula', () => {
    const loose = buildReport(fixtureInput, { settings: { ...report.settings, maxFormsPerPerson: null, excludeStaff: false } });
    // The three over-limit forms and the four staff forms now count.
    expect(loose.totals).toMatchObject({ counted: 24, excluded: 6 });
    const strict = buildReport(fixtureInput, { settings: { ...report.settings, satisfiedCodes: ['5'] } }, outcomes);
    expect(share(strict.indices, 'A1').satisfiedShare.value).toBeCloseTo(5 / 15, 12);
    const paperFirst = mergeResults(fixtureInput, { ...report.settings, casePreference: 'paper' });
    expect(paperFirst.get('hue-s:R5')).toEqual({ counted: false, reason: 'caseAlreadyCounted', keptKeys: ['paper:8'] });
  });
});
