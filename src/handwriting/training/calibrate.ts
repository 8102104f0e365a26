import { forward, softmax, type DigitNet } from '../digitNet.js';

/** One digit's raw scores from each network of the ensemble, and its label. */
export interface ScoredDigit {
  scores: Float32Array[];
  label: number;
}

export function scoreDigits(nets: DigitNet[], digits: { input: Float32Array; label: number }[]): ScoredDigit[] {
  return digits.map((d) => ({ scores: nets.map((net) => forward(net, d.input)[0]), label: d.label }));
}

/** Mean negative log-likelihood of the labels under the ensemble's mean probabilities at this temperature. */
export function ensembleLoss(scored: ScoredDigit[], temperature: number): number {
  let loss = 0;
  for (const d of scored) {
    let p = 0;
    for (const s of d.scores) p += softmax(s.map((v) => v / temperature))[d.label] / d.scores.length;
    loss -= Math.log(Math.max(p, 1e-12));
  }
  return loss / Math.max(1, scored.length);
}

/**
 * The temperature that makes the ensemble's probabilities honest on held-out digits (least log-loss), by golden
 * section on its logarithm between 1/4 and 8: one number, so it changes how sure the reader is, never what it reads.
 */
export function fitTemperature(scored: ScoredDigit[]): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let lo = Math.log(0.25);
  let hi = Math.log(8);
  const loss = (logT: number) => ensembleLoss(scored, Math.exp(logT));
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
