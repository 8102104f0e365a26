import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport, type ResultsInput } from '../../src/results/buildReport.js';
import type { ResponseRecord } from '../../src/results/types.js';
import { fixtureInput, miniSurvey } from './fixture.js';

// Few phones, cases and offices, so duplicates, shared people and staff hits are common.
const phone = fc.constantFrom('0911111111', '0922222222', '0933333333', '0905000111');
const answer = fc.oneof(fc.constant<string[]>([]), fc.constantFrom('1', '2', '3', '4', '5').map((c): string[] => [c]), fc.constant<string[]>(['4', '5']), fc.constant<string[]>(['9']));
const day = fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2024, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));

const response = fc
  .record({
    channel: fc.constantFrom('paper' as const, 'electronic' as const),
    officeCode: fc.constantFrom('so-tp', 'h-pv', 'x-ph', null),
    caseCode: fc.option(fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5'), { nil: null }),
    phones: fc.array(phone, { maxLength: 2 }),
    idNumber: fc.option(fc.constantFrom('046090000001', '046090000002'), { nil: null }),
    // One name in three spellings (NFD, the other tone placement): one person when neither phone nor ID says.
    name: fc.option(fc.constantFrom('Trần Thị Hoà', 'Trần Thị Hoà'.normalize('NFD'), 'Trần  Thị Hòa'), { nil: null }),
    address: fc.option(fc.constantFrom('Huế'), { nil: null }),
    ownPhone: fc.option(phone, { nil: null }),
    account: fc.option(fc.constantFrom('cb.lan', 'citizen'), { nil: null }),
    device: fc.option(fc.constantFrom('tablet-07', 'kiosk-1'), { nil: null }),
    answeredOn: fc.oneof(day, fc.tuple(day, fc.integer({ min: 0, max: 23 })).map(([d, h]) => `${d}T${String(h).padStart(2, '0')}:00:00`)),
    answers: fc.record({ a1: answer, a2: answer, b1: answer, ov: answer }),
    pending: fc.constantFrom(null, null, null, 'review' as const, 'pages' as const),
    recheck: fc.constantFrom(null, null, 'confirmed' as const, 'denied' as const, 'noAnswer' as const),
  })
  .map((r): Omit<ResponseRecord, 'key'> => ({ ...r, source: r.channel === 'paper' ? 'paper' : 'hue-s', surveyId: 'mini' }));

const responses = fc.array(response, { maxLength: 60 }).map((rs) => rs.map((r, i): ResponseRecord => ({ ...r, key: `${r.channel}:${i}` })));
const inputOf = (rs: ResponseRecord[]): ResultsInput => ({ ...fixtureInput, survey: miniSurvey, responses: rs });

describe('results properties', () => {
  it('keeps every share and interval bound within [0, 1], low ≤ share ≤ high', () => {
    fc.assert(
      fc.property(responses, (rs) => {
        const report = buildReport(inputOf(rs));
        const sets = [report.indices, ...Object.values(report.breakdowns).flat().map((g) => g.indices)];
        for (const set of sets) {
          for (const c of set.criteria) {
            for (const s of [c.satisfiedShare, c.dissatisfiedShare]) {
              if (s.value === null) continue;
              expect(s.low! <= s.value + 1e-12 && s.value <= s.high! + 1e-12).toBe(true);
              expect(s.low! >= 0 && s.high! <= 1).toBe(true);
            }
            expect(c.valid + c.blank + c.invalid).toBe(set.forms);
          }
          for (const v of [...set.elements.flatMap((e) => [e.satisfiedShare, e.dissatisfiedShare]), set.overall.satisfiedShare, set.overall.dissatisfiedShare]) {
            if (v !== null) expect(v >= 0 && v <= 1).toBe(true);
          }
        }
      }),
    );
  });

  it('accounts for every returned form: excluded + counted = imported, overall and per channel', () => {
    fc.assert(
      fc.property(responses, (rs) => {
        const { totals, indices, exclusions } = buildReport(inputOf(rs));
        expect(totals.returned).toBe(rs.length);
        expect(totals.counted + totals.excluded).toBe(rs.length);
        expect(indices.forms).toBe(totals.counted);
        expect(exclusions).toHaveLength(totals.excluded);
        expect(totals.byReason.reduce((n, r) => n + r.count, 0)).toBe(totals.excluded);
        expect(totals.byChannel.reduce((n, c) => n + c.counted, 0)).toBe(totals.counted);
      }),
    );
  });

  it('gives the same report whatever order the forms were imported in', () => {
    fc.assert(
      fc.property(
        responses.chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))),
        ([rs, shuffled]) => {
          expect(buildReport(inputOf(shuffled))).toEqual(buildReport(inputOf(rs)));
        },
      ),
    );
  });

  it('never counts more than three forms of one person in a year, nor two of one case', () => {
    fc.assert(
      fc.property(responses, (rs) => {
        const report = buildReport(inputOf(rs));
        const excluded = new Set(report.exclusions.map((e) => e.key));
        const counted = rs.filter((r) => !excluded.has(r.key));
        const cases = counted.filter((r) => r.caseCode).map((r) => r.caseCode);
        expect(new Set(cases).size).toBe(cases.length);
        for (const p of ['0911111111', '0922222222', '0933333333']) {
          for (const y of ['2024', '2025', '2026']) {
            // Phones alone are a lower bound of a person's forms (IDs may join more): still at most three.
            expect(counted.filter((r) => r.phones.includes(p) && r.answeredOn.startsWith(y)).length).toBeLessThanOrEqual(3);
          }
        }
        for (const y of ['2024', '2025', '2026']) {
          const byName = counted.filter((r) => !r.phones.length && !r.idNumber && r.name && r.address && r.answeredOn.startsWith(y));
          expect(byName.length).toBeLessThanOrEqual(3);
        }
      }),
    );
  });
});
