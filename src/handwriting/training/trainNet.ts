import { buildNet, forward, type DigitNet, type LayerSpec } from '../digitNet.js';
import { normalizeDigit } from '../normalizeDigit.js';
import { shuffled } from '../../sampling/random.js';
import { distortDigit, TRAINING_DISTORTION, type Distortion } from './augment.js';
import { accumulateExample, clearGradients, zeroGradients } from './backprop.js';

/** One training or validation digit: MNIST's 28 × 28 image (ink 0–1) and its label. */
export interface LabelledDigit {
  image: Float32Array;
  label: number;
}

export interface TrainingOptions {
  layers: LayerSpec[];
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** AdamW's decoupled weight decay per step, relative to the learning rate. */
  weightDecay: number;
  dropout: number;
  random: () => number;
  /** A trained network to go on from (its weights are copied), instead of fresh random weights. */
  start?: DigitNet;
  /** How each training digit is distorted afresh every epoch (TRAINING_DISTORTION unless given). */
  distortion?: Distortion;
  /** Called after each epoch with its figures and the network as it now is (to keep it, should training be cut short). */
  onEpoch?: (report: EpochReport, net: DigitNet) => void;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  validationAccuracy: number;
}

/**
 * Trains a network with AdamW on freshly distorted copies of the training digits every epoch (each passed through
 * the same normalisation as a scanned cell), the learning rate falling along a cosine to 2 % of its start.
 */
export function trainNet(train: LabelledDigit[], validation: LabelledDigit[], options: TrainingOptions): DigitNet {
  const { random } = options;
  const net = buildNet(options.layers);
  if (options.start) {
    options.start.layers.forEach((layer, i) => {
      net.layers[i].weights.set(layer.weights);
      net.layers[i].bias.set(layer.bias);
    });
  } else initialise(net, random);
  const grads = zeroGradients(net);
  const params = net.layers.flatMap((l) => [l.weights, l.bias]);
  const moments = params.map((p) => ({ m: new Float32Array(p.length), v: new Float32Array(p.length) }));
  const decays = net.layers.flatMap(() => [true, false]);
  const stepsPerEpoch = Math.ceil(train.length / options.batchSize);
  const totalSteps = options.epochs * stepsPerEpoch;
  let step = 0;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const order = shuffled([...train.keys()], random);
    let loss = 0;
    let correct = 0;
    for (let start = 0; start < order.length; start += options.batchSize) {
      const batch = order.slice(start, start + options.batchSize);
      clearGradients(grads);
      for (const index of batch) {
        const sample = train[index];
        const input = normalizeDigit(distortDigit(sample.image, random, options.distortion ?? TRAINING_DISTORTION));
        const result = accumulateExample(net, input, sample.label, grads, options.dropout, random);
        loss += result.loss;
        if (result.correct) correct++;
      }
      step++;
      const rate = options.learningRate * (0.02 + 0.98 * 0.5 * (1 + Math.cos((Math.PI * step) / totalSteps)));
      const gradParts = grads.weights.flatMap((w, i) => [w, grads.bias[i]]);
      params.forEach((p, i) => adamW(p, gradParts[i], moments[i], step, rate, decays[i] ? options.weightDecay : 0, batch.length));
    }
    options.onEpoch?.({ epoch, loss: loss / train.length, trainAccuracy: correct / train.length, validationAccuracy: accuracy(net, validation) }, net);
  }
  return net;
}

/** Share of the digits the network gets right, each normalised as a scanned cell would be. */
export function accuracy(net: DigitNet, digits: LabelledDigit[]): number {
  if (!digits.length) return 0;
  let correct = 0;
  for (const d of digits) {
    const scores = forward(net, normalizeDigit({ ink: d.image, width: 28, height: 28 }))[0];
    if (scores.indexOf(Math.max(...scores)) === d.label) correct++;
  }
  return correct / digits.length;
}

function adamW(p: Float32Array, g: Float32Array, moment: { m: Float32Array; v: Float32Array }, step: number, rate: number, decay: number, batch: number): void {
  const b1 = 0.9;
  const b2 = 0.999;
  const c1 = 1 - b1 ** step;
  const c2 = 1 - b2 ** step;
  const { m, v } = moment;
  for (let i = 0; i < p.length; i++) {
    const grad = g[i] / batch;
    m[i] = b1 * m[i] + (1 - b1) * grad;
    v[i] = b2 * v[i] + (1 - b2) * grad * grad;
    p[i] -= rate * ((m[i] / c1) / (Math.sqrt(v[i] / c2) + 1e-8) + decay * p[i]);
  }
}

/** He initialisation: normal weights with variance 2 / fan-in, zero biases. */
function initialise(net: DigitNet, random: () => number): void {
  for (const layer of net.layers) {
    if (!layer.weights.length) continue;
    const fanIn = layer.weights.length / layer.bias.length;
    const sd = Math.sqrt(2 / fanIn);
    for (let i = 0; i < layer.weights.length; i++) layer.weights[i] = sd * gaussian(random);
  }
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
