/**
 * How far a recogniser's confidence can be taken at its word: digits grouped by confidence, each group's share read
 * right set against its mean confidence. A calibrated recogniser that says 0.99 is right 99 times in 100.
 */
export interface ReliabilityBin {
  /** The bin's confidences: from (inclusive) to (exclusive; the last bin includes 1). */
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  accuracy: number;
}

export interface Judged {
  confidence: number;
  correct: boolean;
}

/**
 * The reliability table over the given bin edges (ascending, from 0 to 1). The default edges are fine where a digit
 * reader works: the accept threshold sits near 0.99, so the top of the scale is split finest.
 */
export function reliabilityTable(judged: Judged[], edges: number[] = RELIABILITY_EDGES): ReliabilityBin[] {
  const bins = edges.slice(0, -1).map((from, i) => ({ from, to: edges[i + 1], count: 0, confidence: 0, correct: 0 }));
  for (const j of judged) {
    const bin = bins.find((b, i) => j.confidence >= b.from && (j.confidence < b.to || i === bins.length - 1));
    if (!bin) continue;
    bin.count++;
    bin.confidence += j.confidence;
    if (j.correct) bin.correct++;
  }
  return bins.map((b) => ({ from: b.from, to: b.to, count: b.count, meanConfidence: b.count ? b.confidence / b.count : 0, accuracy: b.count ? b.correct / b.count : 0 }));
}

export const RELIABILITY_EDGES = [0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999, 1];

/** Expected calibration error: the gap between confidence and accuracy in each bin, weighted by the bin's share. */
export function expectedCalibrationError(judged: Judged[], edges: number[] = RELIABILITY_EDGES): number {
  if (!judged.length) return 0;
  return reliabilityTable(judged, edges).reduce((sum, b) => sum + (b.count / judged.length) * Math.abs(b.accuracy - b.meanConfidence), 0);
}

/** The table as lines a person reads: "0.99–0.995: 812 digits, said 0.993, right 99.5 %". */
export function describeReliability(bins: ReliabilityBin[]): string[] {
  return bins.filter((b) => b.count > 0).map((b) => `${b.from}–${b.to}: ${b.count} chữ số, độ tin trung bình ${b.meanConfidence.toFixed(4)}, đúng ${(100 * b.accuracy).toFixed(2)} %`);
}
