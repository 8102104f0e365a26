import { beforeAll, describe, expect, it } from 'vitest';
import shipped from '../../src/handwriting/digit-weights.json' with { type: 'json' };
import { expectedCalibrationError, reliabilityTable, type Judged } from '../../src/handwriting/calibration.js';
import { readCellInk } from '../../src/handwriting/cellInk.js';
import { digitClassifier } from '../../src/handwriting/digitClassifier.js';
import type { DigitWeights } from '../../src/handwriting/digitModel.js';
import { loadNet, storeNet } from '../../src/handwriting/digitNet.js';
import { normalizeDigit } from '../../src/handwriting/normalizeDigit.js';
import { HANDWRITING_SETTINGS } from '../../src/handwriting/settings.js';
import { confidenceLoss, fitTemperature, scoreDigits } from '../../src/handwriting/training/calibrate.js';
import { digitCell, loadMnistTestSplit, type TestDigit } from '../support/handwrittenCells.js';
import { loadOptdigits } from '../support/optdigits.js';

const S = HANDWRITING_SETTINGS;
const inCell = (d: TestDigit) => ({ input: normalizeDigit(readCellInk(digitCell(d), 246, S).digit), label: d.label });
let mnist: { input: Float32Array; label: number }[];
let uci: { input: Float32Array; label: number }[];

beforeAll(() => {
  mnist = loadMnistTestSplit().slice(0, 2000).map(inCell);
  uci = loadOptdigits().slice(0, 400).map(inCell);
}, 600_000);

const judge = (weights: DigitWeights, digits: { input: Float32Array; label: number }[]): Judged[] => {
  const classify = digitClassifier(weights);
  return digits.map((d) => {
    const guess = classify(d.input);
    return { confidence: guess.confidence, correct: guess.digit === d.label };
  });
};

describe('how far the digit recogniser’s confidence can be taken at its word', () => {
  it('puts each digit in the bin of its confidence and gives the bin the share of its digits read right', () => {
    const judged: Judged[] = [
      { confidence: 0.3, correct: false },
      { confidence: 0.4, correct: true },
      { confidence: 0.9, correct: true },
      { confidence: 1, correct: true },
      { confidence: 1, correct: false },
    ];
    const bins = reliabilityTable(judged, [0, 0.5, 0.95, 1]);
    expect(bins.map((b) => [b.count, b.meanConfidence, b.accuracy])).toEqual([
      [2, 0.35, 0.5],
      [1, 0.9, 1],
      [2, 1, 0.5],
    ]);
    // |0.5 − 0.35| · 2/5 + |1 − 0.9| · 1/5 + |0.5 − 1| · 2/5
    expect(expectedCalibrationError(judged, [0, 0.5, 0.95, 1])).toBeCloseTo(0.06 + 0.02 + 0.2, 10);
  });

  it('says what it means on MNIST test digits written in cells: calibration error under 2 %, and its sure digits right 99.8 % of the time', () => {
    const judged = judge(shipped as DigitWeights, mnist);
    expect(expectedCalibrationError(judged)).toBeLessThan(0.02);
    const sure = judged.filter((j) => j.confidence >= S.digits.acceptFrom);
    expect(sure.length).toBeGreaterThan(0.85 * judged.length);
    expect(sure.filter((j) => j.correct).length / sure.length).toBeGreaterThanOrEqual(0.998);
  });

  it('reads 95 % of the digits of writers it never saw (UCI optical digits in cells), and under 0.6 % of those it is sure of wrongly', () => {
    const judged = judge(shipped as DigitWeights, loadOptdigits().map(inCell));
    expect(judged.filter((j) => j.correct).length / judged.length).toBeGreaterThanOrEqual(0.95);
    const sure = judged.filter((j) => j.confidence >= S.digits.acceptFrom);
    expect(sure.filter((j) => !j.correct).length / sure.length).toBeLessThan(0.006);
  }, 300_000);

  it('a temperature fitted on one set of writers makes an overconfident recogniser more honest on another', () => {
    // The shipped networks with their last layer tripled: the same digits, said far too surely.
    const overconfident: DigitWeights = {
      ...(shipped as DigitWeights),
      nets: (shipped as DigitWeights).nets.map((stored) => {
        const net = loadNet(stored);
        const last = net.layers.at(-1)!;
        last.weights.forEach((w, i) => (last.weights[i] = 3 * w));
        last.bias.forEach((b, i) => (last.bias[i] = 3 * b));
        return storeNet(net);
      }),
    };
    const scored = scoreDigits(overconfident.nets.map(loadNet), uci);
    const temperature = fitTemperature(scored);
    expect(temperature).toBeGreaterThan(2);
    expect(confidenceLoss(scored, temperature)).toBeLessThan(confidenceLoss(scored, 1));
    const other = scoreDigits(overconfident.nets.map(loadNet), mnist);
    expect(confidenceLoss(other, temperature)).toBeLessThan(0.8 * confidenceLoss(other, 1));
    expect(expectedCalibrationError(judge({ ...overconfident, temperature }, mnist))).toBeLessThan(expectedCalibrationError(judge(overconfident, mnist)));
  }, 300_000);
});
