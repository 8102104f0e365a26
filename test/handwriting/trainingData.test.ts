import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import shipped from '../../src/handwriting/digit-weights.json' with { type: 'json' };
import type { LabelledDigit } from '../../src/handwriting/training/trainNet.js';
import { loadTrainingDigits, mnistTrainingFiles, readTrainingSet } from '../../scripts/trainingDigits.js';
import { loadMnistTestSplit } from '../support/handwrittenCells.js';

const hash = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex');
/** A training digit back in MNIST's bytes (the loader divides them by 255, which rounds back exactly). */
const bytesOf = (digit: LabelledDigit) => Uint8Array.from(digit.image, (p) => Math.round(p * 255));
/** The package's copy of the test split, read as if it were training files: what the check must catch. */
const testSplitFiles = () => {
  const folder = path.dirname(mnistTrainingFiles().images);
  return { images: path.join(folder, 't10k-images-idx3-ubyte'), labels: path.join(folder, 't10k-labels-idx1-ubyte') };
};

let testImages: Set<string>;
const testDigitsAmong = (digits: LabelledDigit[]) => digits.filter((d) => testImages.has(hash(bytesOf(d)))).length;

beforeAll(() => {
  testImages = new Set(loadMnistTestSplit().map((d) => hash(d.pixels)));
});

describe('the digit recogniser\'s training data', () => {
  it('holds no digit of the MNIST test split the benches and tests judge the recogniser on', () => {
    const { train, heldOut } = loadTrainingDigits(shipped.seed);
    expect(testImages.size).toBeGreaterThan(9_900);
    expect(testDigitsAmong([...train, ...heldOut])).toBe(0);
    expect(train.length + heldOut.length).toBe(60_000);
  }, 300_000);

  it('would find the test split\'s digits if they were read as training digits', () => {
    const { train, heldOut } = loadTrainingDigits(shipped.seed, readTrainingSet(testSplitFiles()));
    expect(testDigitsAmong([...train, ...heldOut])).toBe(train.length + heldOut.length);
  }, 300_000);

  it('refuses files that are not MNIST\'s image and label files, naming them', () => {
    const { images, labels } = mnistTrainingFiles();
    expect(() => readTrainingSet({ images: labels, labels: images })).toThrow(/train-labels-idx1-ubyte.*magic/);
  });
});
