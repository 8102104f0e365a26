import sharp from 'sharp';
import { readCellInk } from '../handwriting/cellInk.js';
import { digitClassifier } from '../handwriting/digitClassifier.js';
import { DIGIT_TRAINING, type DigitWeights } from '../handwriting/digitModel.js';
import { loadNet, storeNet } from '../handwriting/digitNet.js';
import { normalizeDigit } from '../handwriting/normalizeDigit.js';
import { HANDWRITING_SETTINGS } from '../handwriting/settings.js';
import { expectedCalibrationError } from '../handwriting/calibration.js';
import { paperLevel } from '../image/grayImage.js';
import { seededRandom, shuffled } from '../sampling/random.js';
import { audit, type Db } from '../store/db.js';
import { currentDigitWeights } from '../ingest/digitReader.js';
import { digitSamples, saveDigitModel } from '../store/digitTraining.js';
import { trainNet, type LabelledDigit } from '../handwriting/training/trainNet.js';
import { PhieuError } from '../errors/errorTable.js';

export interface RetrainSettings {
  /** Passes over the reviewers' digits (each pass distorts them afresh). */
  epochs: number;
  learningRate: number;
  seed: string;
  /** Share of the typed digits kept aside to compare the old and the new recogniser on. */
  heldOutShare: number;
  /** Fewer usable typed digits than this teach nothing reliable: training is refused. */
  minimumDigits: number;
}

/**
 * Going on from a trained recogniser with few new digits: a small learning rate, so the new hands are learnt without
 * the old ones being forgotten (the held-out comparison catches it when they are).
 */
export const RETRAIN_SETTINGS: RetrainSettings = { epochs: 6, learningRate: 0.0003, seed: 'phieu-retrain', heldOutShare: 0.25, minimumDigits: 40 };

/** How a recogniser does on the held-out typed digits. */
export interface HeldOutScore {
  accuracy: number;
  /** Mean negative log-likelihood of the typed digit: lower is better, and it sees a sure wrong answer as worse than an unsure one. */
  logLoss: number;
  /** Expected calibration error of the confidence the reader accepts by (see calibration.ts). */
  calibrationError: number;
}

export interface RetrainReport {
  /** Typed digits kept, and those whose clip holds one readable written digit. */
  typed: number;
  usable: number;
  trainedOn: number;
  heldOut: number;
  before: HeldOutScore;
  after: HeldOutScore;
  /** Whether the new recogniser replaced the one reading until now. */
  kept: boolean;
  modelId?: number;
}


/**
 * Retrains the digit recogniser on the digits reviewers typed, going on from the one that reads now, and compares both
 * on typed digits neither trained on. The new one is kept only when it reads more of them right (or as many, with a
 * lower log-loss): a recogniser is never replaced by a worse one. Every attempt is audited.
 */
export async function retrainFromReviews(db: Db, actor: string, settings: RetrainSettings = RETRAIN_SETTINGS): Promise<RetrainReport> {
  const samples = digitSamples(db);
  const usable: LabelledDigit[] = [];
  for (const sample of samples) {
    const { data, info } = await sharp(sample.png).greyscale().raw().toBuffer({ resolveWithObject: true });
    const clip = { data: new Uint8Array(data), width: info.width, height: info.height };
    const cell = readCellInk(clip, paperLevel(clip), HANDWRITING_SETTINGS);
    if (cell.state === 'written') usable.push({ image: normalizeDigit(cell.digit), label: sample.digit });
  }
  if (usable.length < settings.minimumDigits) {
    throw new PhieuError('retrainTooFewDigits', { usable: usable.length, stored: samples.length, minimum: settings.minimumDigits });
  }
  const order = shuffled(usable, seededRandom(`${settings.seed}/split`));
  const heldOutCount = Math.max(1, Math.round(order.length * settings.heldOutShare));
  const heldOut = order.slice(0, heldOutCount);
  const train = order.slice(heldOutCount);
  const current = currentDigitWeights(db);
  const candidate: DigitWeights = {
    ...current,
    seed: settings.seed,
    epochs: settings.epochs,
    trainedOn: `${current.trainedOn}; then ${train.length} digits typed by reviewers`,
    nets: current.nets.map((stored, member) =>
      storeNet(
        trainNet(train, [], {
          ...DIGIT_TRAINING,
          layers: stored.layers,
          epochs: settings.epochs,
          learningRate: settings.learningRate,
          random: seededRandom(`${settings.seed}/net${member}`),
          start: loadNet(stored),
        }),
      ),
    ),
  };
  const before = scoreOn(current, heldOut);
  const after = scoreOn(candidate, heldOut);
  const kept = after.accuracy > before.accuracy || (after.accuracy === before.accuracy && after.logLoss < before.logLoss);
  const report: RetrainReport = { typed: samples.length, usable: usable.length, trainedOn: train.length, heldOut: heldOut.length, before, after, kept };
  if (kept) {
    report.modelId = saveDigitModel(db, {
      weightsJson: JSON.stringify(candidate),
      trainedOn: train.length,
      heldOut: heldOut.length,
      accuracyBefore: before.accuracy,
      accuracyAfter: after.accuracy,
      trainedBy: actor,
    });
  }
  audit(db, actor, kept ? 'digitModelReplaced' : 'digitModelKept', { ...report });
  return report;
}

function scoreOn(weights: DigitWeights, digits: LabelledDigit[]): HeldOutScore {
  const classify = digitClassifier(weights);
  let right = 0;
  let logLoss = 0;
  const judged = digits.map((d) => {
    const guess = classify(d.image);
    if (guess.digit === d.label) right++;
    logLoss -= Math.log(Math.max(guess.probabilities[d.label], 1e-12));
    return { confidence: guess.confidence, correct: guess.digit === d.label };
  });
  return { accuracy: right / digits.length, logLoss: logLoss / digits.length, calibrationError: expectedCalibrationError(judged) };
}
