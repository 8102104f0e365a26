import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { parseIdx, type DigitImages } from './mnist.js';

/** Where the project keeps the MNIST test split: a test fixture, never shipped or trained on. */
export const MNIST_TEST_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/mnist');

/**
 * The MNIST test split: 10,000 digits the digit recogniser never trains on, so generated scans can judge it fairly.
 */
export function loadMnistTestSplit(dir = MNIST_TEST_DIR): DigitImages {
  const read = (name: string) => new Uint8Array(gunzipSync(fs.readFileSync(path.join(dir, name))));
  return parseIdx(read('t10k-images-idx3-ubyte.gz'), read('t10k-labels-idx1-ubyte.gz'));
}
