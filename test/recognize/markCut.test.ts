import { describe, expect, it } from 'vitest';
import { classifyBox } from '../../src/recognize/checkboxes.js';
import { calibrateCut, CUT_BOUNDS, cutProblem, withCut } from '../../src/recognize/markCut.js';
import { DEFAULT_SETTINGS } from '../../src/recognize/settings.js';
import { seededRandom } from '../../src/sampling/random.js';

const s = DEFAULT_SETTINGS.checkbox;

/** A batch's box scores: four empty boxes to a mark, as on a five-point scale. */
function batch(empty: () => number, mark: () => number, questions = 300): number[] {
  return Array.from({ length: questions }, () => [empty(), empty(), empty(), empty(), mark()]).flat();
}
const between = (random: () => number, lo: number, hi: number) => () => lo + (hi - lo) * random();

function withinBounds(cut: { emptyBelow: number; markedFrom: number }) {
  expect(cut.emptyBelow).toBeGreaterThanOrEqual(CUT_BOUNDS.emptyBelow.min);
  expect(cut.emptyBelow).toBeLessThanOrEqual(CUT_BOUNDS.emptyBelow.max);
  expect(cut.markedFrom).toBeGreaterThanOrEqual(CUT_BOUNDS.markedFrom.min);
  expect(cut.markedFrom).toBeLessThanOrEqual(CUT_BOUNDS.markedFrom.max);
  expect(cut.markedFrom - cut.emptyBelow).toBeGreaterThanOrEqual(CUT_BOUNDS.minBand);
}

describe('a mark cut set by the batch', () => {
  it('reads the empty boxes of a batch that are all darker (grey paper, a dirty scanner) as empty, and its marks as marked, within the bounds', () => {
    const random = seededRandom('grey');
    const empty = between(random, 0.045, 0.062);
    const mark = between(random, 0.19, 0.5);
    const scores = batch(empty, mark);
    // Under the default, every empty box of this batch would be a doubt for a person.
    expect(scores.filter((x) => x < 0.1 && classifyBox({ score: x, extent: 0.9, spots: 1 }, s) === 'marginal').length).toBeGreaterThan(1000);
    const { cut, outcome } = calibrateCut(scores, s);
    expect(outcome).toBe('calibrated');
    withinBounds(cut);
    const states = scores.map((x) => classifyBox({ score: x, extent: 0.9, spots: 1 }, withCut(s, cut)));
    expect(states.filter((state, i) => (scores[i] < 0.1 ? state !== 'empty' : state !== 'marked'))).toEqual([]);
  });

  it('keeps the default cut for a clean batch, and a light pencil mark in it stays a doubt', () => {
    const random = seededRandom('clean');
    const scores = [...batch(between(random, 0, 0.02), between(random, 0.2, 0.5)), 0.06, 0.07, 0.055];
    const { cut, outcome } = calibrateCut(scores, s);
    expect(outcome).toBe('default');
    expect(cut).toEqual({ emptyBelow: s.emptyBelow, markedFrom: s.markedFrom });
    expect(classifyBox({ score: 0.06, extent: 0.9, spots: 3 }, withCut(s, cut))).toBe('marginal');
  });

  it('keeps the default for a batch whose scores make no clear crowd of empty boxes, so its middling boxes go to a person', () => {
    const random = seededRandom('smear');
    const scores = Array.from({ length: 1500 }, between(random, 0, 0.3));
    const { cut, outcome } = calibrateCut(scores, s);
    expect(outcome).toBe('ambiguous');
    expect(cut).toEqual({ emptyBelow: s.emptyBelow, markedFrom: s.markedFrom });
    expect(classifyBox({ score: 0.07, extent: 0.9, spots: 1 }, withCut(s, cut))).toBe('marginal');
  });

  it('never moves past the bounds: a batch whose empty boxes sit higher still keeps the default', () => {
    const random = seededRandom('dark');
    const { cut, outcome } = calibrateCut(batch(between(random, 0.08, 0.1), between(random, 0.25, 0.5)), s);
    expect(outcome).toBe('ambiguous');
    expect(cut).toEqual({ emptyBelow: s.emptyBelow, markedFrom: s.markedFrom });
  });

  it('keeps the default for a batch too small to show its paper', () => {
    const random = seededRandom('small');
    expect(calibrateCut(batch(between(random, 0.05, 0.06), between(random, 0.2, 0.5), 10), s).outcome).toBe('fewBoxes');
  });

  it('refuses, in Vietnamese, a cut outside the bounds or with no marginal band', () => {
    expect(cutProblem({ emptyBelow: 0.04, markedFrom: 0.1 })).toBeNull();
    expect(cutProblem({ emptyBelow: 0.12, markedFrom: 0.16 })).toMatch(/Ngưỡng ô trống/);
    expect(cutProblem({ emptyBelow: 0.04, markedFrom: 0.3 })).toMatch(/Ngưỡng ô có dấu/);
    expect(cutProblem({ emptyBelow: 0.07, markedFrom: 0.08 })).toMatch(/ít nhất/);
  });
});
