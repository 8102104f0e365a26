import type { LayerSpec, StoredNet } from './digitNet.js';

/**
 * The digit recogniser: an ensemble of small convolutional networks whose probabilities are averaged. Two members
 * that agree are much less often wrong together than one alone, which is what keeps wrong digits out of accepted
 * fields. Members of 8 and 16 filters read a digit in about half the time of 12 and 24 (0.5 against 1.0 ms for the
 * pair) at 99.1 against 99.2 % in cells; the larger pair sent 37 % of phone fields to a person instead of 47 %.
 */
const MEMBER: LayerSpec[] = [
  { kind: 'conv', size: 5, filters: 8 },
  { kind: 'maxPool' },
  { kind: 'conv', size: 5, filters: 16 },
  { kind: 'maxPool' },
  { kind: 'dense', units: 64 },
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
