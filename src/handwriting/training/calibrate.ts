import { forward, softmax, type DigitNet } from '../digitNet.js';

/** One digit's raw scores from each network of the ensemble, and its label. */
export interface ScoredDigit {
  scores: Float32Array[];
  label: number;
}

export function scoreDigits(nets: DigitNet[], digits: { input: Float32Array; label: number }[]): ScoredDigit[] {
  return digits.map((d) => ({ scores: nets.map((net) => forward(net, d.input)[0]), label: d.label }));
}

/**
 * How badly the confidence the reader accepts by predicts whether it is right, at this temperature: the mean binary
 * log-loss of that confidence (the lowest probability any network gives the ensemble's digit, as digitClassifier says
 * it) against the digit being right. A sure wrong digit costs most, which is what lets wrong digits into accepted fields.
 */
export function confidenceLoss(scored: ScoredDigit[], temperature: number): number {
  let loss = 0;
  for (const d of scored) {
    const probabilities = d.scores.map((s) => softmax(s.map((v) => v / temperature)));
    const mean = new Float32Array(10);
    for (const p of probabilities) for (let i = 0; i < 10; i++) mean[i] += p[i];
    const digit = mean.indexOf(Math.max(...mean));
    const confidence = Math.min(1 - 1e-9, Math.max(1e-9, Math.min(...probabilities.map((p) => p[digit]))));
    loss -= Math.log(digit === d.label ? confidence : 1 - confidence);
  }
  return loss / Math.max(1, scored.length);
}

/**
 * The temperature that makes the reader's confidence honest on held-out digits (least confidenceLoss), by golden
 * section on its logarithm between 1/4 and 8. One number: it changes how sure the reader is, and which digit it reads
 * only where the networks disagree (their mean probability can tip).
 */
export function fitTemperature(scored: ScoredDigit[]): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.25);
  let hi = Math.log(8);
  const loss = (logT: number) => confidenceLoss(scored, Math.exp(logT));
  let a = hi - ratio * (hi - lo);
  let b = lo + ratio * (hi - lo);
  let la = loss(a);
  let lb = loss(b);
  for (let i = 0; i < 30; i++) {
    if (la < lb) {
      hi = b;
      b = a;
      lb = la;
      a = hi - ratio * (hi - lo);
      la = loss(a);
    } else {
      lo = a;
      a = b;
      la = lb;
      b = lo + ratio * (hi - lo);
      lb = loss(b);
    }
  }
  return Number(Math.exp((lo + hi) / 2).toFixed(4));
}
