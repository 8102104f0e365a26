import type { LayerSpec, StoredNet } from './digitNet.js';

/**
 * The digit recogniser: an ensemble of small convolutional networks whose probabilities are averaged. Two members
 * that agree are much less often wrong together than one alone, which is what keeps wrong digits out of accepted
 * fields. Members of 12 and 24 filters, against 8 and 16 (bench/handwriting, MNIST's test split in cells, both
 * calibrated): 99.20 against 99.06 % read right, 1 against 3 sure yet wrong in 10,000, UCI's other writers 95.7
 * against 92.3 %, phone fields accepted yet wrong 0.03 against 0.125 %; a cell takes about 15 % longer to read
 * (the classifier 1.7 times as long), which is little beside a page's other work.
 */
const MEMBER: LayerSpec[] = [
  { kind: 'conv', size: 5, filters: 12 },
  { kind: 'maxPool' },
  { kind: 'conv', size: 5, filters: 24 },
  { kind: 'maxPool' },
  { kind: 'dense', units: 96 },
  { kind: 'dense', units: 10 },
];

/** Two networks of the same shape, trained from different seeds. */
export const DIGIT_ENSEMBLE: LayerSpec[][] = [MEMBER, MEMBER];

/** How scripts/train-digits.ts trains each member. */
export const DIGIT_TRAINING = { epochs: 24, batchSize: 32, learningRate: 0.002, weightDecay: 0.0001, dropout: 0.15 };

/** The shipped weights file (src/handwriting/digit-weights.json). */
export interface DigitWeights {
  seed: string;
  epochs: number;
  trainedOn: string;
  heldOutAccuracy: number[];
  /**
   * Every network's scores are divided by this before softmax (temperature scaling), fitted on held-out digits so a
   * confidence says how often the digit is right (see training/calibrate.ts); 1 when absent.
   */
  temperature?: number;
  nets: StoredNet[];
}
