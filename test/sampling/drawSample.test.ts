import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawSamples, type SamplingCase } from '../../src/sampling/drawSample.js';
import { personKey } from '../../src/sampling/personIdentity.js';
import { DEFAULT_TIERS, minimumSample } from '../../src/sampling/tiers.js';

const params = { seed: 'kỳ 2025', reserveShare: 0.2, tiers: DEFAULT_TIERS };

const casesArbitrary = fc
  .array(fc.record({ office: fc.constantFrom('A', 'B', 'C'), person: fc.integer({ min: 0, max: 400 }) }), { maxLength: 1500 })
  .map((rows) => rows.map((r, i): SamplingCase => ({ caseCode: `HS${i}`, officeCode: r.office, phone: `09${String(r.person).padStart(8, '0')}` })));

describe('the draw', () => {
  it('is reproducible from its seed and changes with it', () => {
    fc.assert(
      fc.property(casesArbitrary, (cases) => {
        expect(drawSamples(cases, params)).toEqual(drawSamples([...cases].reverse(), params));
      }),
      { numRuns: 30 },
    );
    const many = Array.from({ length: 300 }, (_, i): SamplingCase => ({ caseCode: `HS${i}`, officeCode: 'A' }));
    expect(drawSamples(many, params)[0].official).not.toEqual(drawSamples(many, { ...params, seed: 'kỳ 2026' })[0].official);
  });

  it('keeps official and reserve disjoint, no person twice in an office, and gives every office min(required, people)', () => {
    fc.assert(
      fc.property(casesArbitrary, fc.double({ min: 0, max: 1, noNaN: true }), (cases, reserveShare) => {
        const byCode = new Map(cases.map((c) => [c.caseCode, c]));
        for (const office of drawSamples(cases, { ...params, reserveShare })) {
          const officeCases = cases.filter((c) => c.officeCode === office.officeCode);
          const people = new Set(officeCases.map(personKey)).size;
          expect(office.required).toBe(minimumSample(officeCases.length));
          expect(office.official).toHaveLength(Math.min(office.required, people));
          expect(office.short).toBe(people < office.required && office.cases >= 100);
          const drawn = [...office.official, ...office.reserve];
          expect(new Set(drawn).size).toBe(drawn.length);
          expect(new Set(drawn.map((c) => personKey(byCode.get(c)!))).size).toBe(drawn.length);
          expect(drawn.every((c) => byCode.get(c)!.officeCode === office.officeCode)).toBe(true);
          expect(office.reserve.length).toBe(Math.min(people - office.official.length, Math.ceil(office.official.length * reserveShare)));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('gives every office min(required, people) in every tier, up to 500 from 5,000 cases', () => {
    const officesArbitrary = fc.array(fc.record({ cases: fc.integer({ min: 0, max: 6000 }), people: fc.integer({ min: 1, max: 6000 }) }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(officesArbitrary, fc.string(), (offices, seed) => {
        const cases = offices.flatMap((o, k) => Array.from({ length: o.cases }, (_, i): SamplingCase => ({ caseCode: `${k}-${i}`, officeCode: `O${k}`, phone: `09${String(i % o.people).padStart(8, '0')}` })));
        for (const [k, o] of offices.entries()) {
          const drawn = drawSamples(cases, { ...params, seed }).find((d) => d.officeCode === `O${k}`);
          if (!o.cases) expect(drawn).toBeUndefined();
          else expect(drawn!.official).toHaveLength(Math.min(minimumSample(o.cases), Math.min(o.cases, o.people)));
        }
      }),
      { numRuns: 25 },
    );
  });

  it("draws one office the same whichever other offices are in the register", () => {
    const a = Array.from({ length: 500 }, (_, i): SamplingCase => ({ caseCode: `A${i}`, officeCode: 'A' }));
    const b = Array.from({ length: 500 }, (_, i): SamplingCase => ({ caseCode: `B${i}`, officeCode: 'B' }));
    expect(drawSamples([...a, ...b], params)[0]).toEqual(drawSamples(a, params)[0]);
  });
});

describe('one person in the draw', () => {
  it('draws a phone-less person written in NFD, with a doubled space or with the other tone placement once', () => {
    const ways = ['Trần Thị Hoà', 'Trần Thị Hoà'.normalize('NFD'), 'Trần  Thị Hòa', 'TRẦN THỊ HÒA'];
    const cases = ways.map((name, i): SamplingCase => ({ caseCode: `HS${i}`, officeCode: 'A', name, address: i % 2 ? 'kiệt 5 Phan Bội Châu,  phường Thuận Hòa' : 'Kiệt 5 Phan Bội Châu, phường Thuận Hoà' }));
    const [office] = drawSamples([...cases, { caseCode: 'HS9', officeCode: 'A', name: 'Trần Thị Hoa', address: 'Kiệt 5 Phan Bội Châu, phường Thuận Hoà' }], params);
    expect(office.people).toBe(2);
    expect(office.official).toHaveLength(2);
  });
});
