import { describe, expect, it } from 'vitest';
import { buildReport, mergeResults } from '../../src/results/buildReport.js';
import { fixtureInput } from './fixture.js';

// The fixture's counted forms per office, from its row comments: so-tp 7, h-pv 5, x-ph 4, no office 1.
describe('offices with a small sample', () => {
  const outcomes = mergeResults(fixtureInput);

  it('flags every office below the default threshold of 30 counted forms and ranks none of them', () => {
    const offices = buildReport(fixtureInput, {}, outcomes).breakdowns.office;
    expect(offices.map((o) => [o.label, o.smallSample, o.rank])).toEqual([
      ['(không rõ cơ quan)', true, null],
      ['Sở Tư pháp', true, null],
      ['UBND huyện Phú Vang', true, null],
      ['UBND phường Phú Hội', true, null],
    ]);
  });

  it('ranks the offices at or above the threshold and puts the small ones after them, by name', () => {
    const report = buildReport(fixtureInput, { settings: { ...buildReport(fixtureInput, {}, outcomes).settings, smallSampleBelow: 5 } }, outcomes);
    expect(report.breakdowns.office.map((o) => [o.key, o.indices.forms, o.rank, o.smallSample])).toEqual([
      ['h-pv', 5, 1, false], // overall 0.65
      ['so-tp', 7, 2, false], // overall 0.5417
      ['', 1, null, true],
      ['x-ph', 4, null, true], // overall 0.875: the best share, but four answers do not rank
    ]);
    expect(report.adequacy.offices.map((a) => [a.officeCode, a.smallSample])).toEqual([['so-tp', false], ['h-pv', false], ['x-ph', true]]);
  });
});
