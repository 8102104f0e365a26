import shipped from './digit-weights.json' with { type: 'json' };
import { forward, loadNet, softmax, type DigitNet } from './digitNet.js';
import type { DigitWeights } from './digitModel.js';

export interface DigitGuess {
  digit: number;
  /**
   * How sure the recogniser is: the lowest probability any network of the ensemble gives the chosen digit, so a digit
   * is only sure when every network is.
   */
  confidence: number;
  /** The ensemble's mean probability of each digit 0–9: what matching a field against known values weighs. */
  probabilities: number[];
}

export type DigitClassifier = (normalized: Float32Array) => DigitGuess;

/**
 * The classifier for 28 × 28 normalised digits from a weights file (by default the one shipped). Each digit is looked
 * at once: a second look at it shifted, scaled, turned or slanted (the lowest confidence over ten such looks, at the
 * threshold keeping as many sure digits) left as many sure yet wrong on MNIST's and UCI's test digits, plain, bold and
 * 200-dpi bilevel (UCI plain 6 → 5–6, MNIST bold 12 → 8–12): the digits it is surely wrong about (closed 4s read as 6,
 * say) look like the wrong digit from every side, and ten looks cost ~20 ms a cell.
 */
export function digitClassifier(weights: DigitWeights = shipped as DigitWeights): DigitClassifier {
  const nets: DigitNet[] = weights.nets.map(loadNet);
  const temperature = weights.temperature ?? 1;
  return (normalized) => {
    const probabilities = nets.map((net) => softmax(forward(net, normalized)[0].map((score) => score / temperature)));
    const mean = new Float32Array(10);
    for (const p of probabilities) for (let i = 0; i < 10; i++) mean[i] += p[i] / probabilities.length;
    let digit = 0;
    for (let i = 1; i < 10; i++) if (mean[i] > mean[digit]) digit = i;
    return { digit, confidence: Math.min(...probabilities.map((p) => p[digit])), probabilities: [...mean] };
  };
}
