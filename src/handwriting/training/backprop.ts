import { forward, layerForward, softmax, type DigitNet, type Layer } from '../digitNet.js';
import { addScaled, dot } from '../vectorOps.js';

/** Gradients of every layer's weights and bias, shaped like the network's. */
export interface Gradients {
  weights: Float32Array[];
  bias: Float32Array[];
}

export function zeroGradients(net: DigitNet): Gradients {
  return { weights: net.layers.map((l) => new Float32Array(l.weights.length)), bias: net.layers.map((l) => new Float32Array(l.bias.length)) };
}

export function clearGradients(g: Gradients): void {
  for (const w of g.weights) w.fill(0);
  for (const b of g.bias) b.fill(0);
}

/**
 * One example's cross-entropy loss; its gradients are added to `grads`. `dropout` drops that share of the inputs of
 * every dense layer after the first layer (scaling the rest up), drawing from `random`.
 */
export function accumulateExample(net: DigitNet, image: Float32Array, label: number, grads: Gradients, dropout = 0, random: () => number = Math.random): { loss: number; correct: boolean } {
  const { activations, masks } = dropout > 0 ? forwardWithDropout(net, image, dropout, random) : { activations: forward(net, image, true), masks: [] };
  const scores = activations[activations.length - 1];
  const probabilities = softmax(scores);
  let predicted = 0;
  for (let i = 1; i < 10; i++) if (probabilities[i] > probabilities[predicted]) predicted = i;
  let delta: Float32Array = probabilities.slice();
  delta[label] -= 1;
  for (let i = net.layers.length - 1; i >= 0; i--) {
    const layer = net.layers[i];
    const input = i === 0 ? image : activations[i - 1];
    const output = activations[i];
    // ReLU follows every layer but the last: no gradient where it cut the output to zero.
    if (i < net.layers.length - 1 && layer.spec.kind !== 'maxPool') for (let j = 0; j < delta.length; j++) if (output[j] <= 0) delta[j] = 0;
    const needInput = i > 0;
    if (layer.spec.kind === 'conv') delta = convBackward(layer, input, delta, grads.weights[i], grads.bias[i], needInput);
    else if (layer.spec.kind === 'maxPool') delta = poolBackward(layer, input, output, delta);
    else delta = denseBackward(layer, masks[i] ? applyMask(input, masks[i]) : input, delta, grads.weights[i], grads.bias[i], needInput);
    if (masks[i]) delta = applyMask(delta, masks[i]);
  }
  return { loss: -Math.log(Math.max(probabilities[label], 1e-12)), correct: predicted === label };
}

function applyMask(values: Float32Array, mask: Float32Array): Float32Array {
  const out = new Float32Array(values.length);
  for (let j = 0; j < values.length; j++) out[j] = values[j] * mask[j];
  return out;
}

/** Forward pass in which each dense layer but the first sees a random share of its inputs zeroed (inverted dropout). */
function forwardWithDropout(net: DigitNet, image: Float32Array, dropout: number, random: () => number): { activations: Float32Array[]; masks: Float32Array[] } {
  const activations: Float32Array[] = [];
  const masks: Float32Array[] = [];
  let current = image;
  net.layers.forEach((layer, i) => {
    if (layer.spec.kind === 'dense' && i > 0) {
      const mask = new Float32Array(current.length);
      for (let j = 0; j < mask.length; j++) mask[j] = random() < dropout ? 0 : 1 / (1 - dropout);
      masks[i] = mask;
      current = applyMask(current, masks[i]);
    }
    const out = layerForward(net, i, current);
    activations.push(out);
    current = out;
  });
  return { activations, masks };
}

function convBackward(layer: Layer, input: Float32Array, delta: Float32Array, gw: Float32Array, gb: Float32Array, needInput: boolean): Float32Array {
  const { input: is, output: os, weights } = layer;
  const k = (layer.spec as { size: number }).size;
  const inC = is.channels;
  const outC = os.channels;
  const run = k * inC;
  const dInput = new Float32Array(needInput ? input.length : 0);
  // Behind a max-pool only one position in four passes a gradient, per channel: work on the channels that have one.
  const live = new Int32Array(outC);
  for (let y = 0; y < os.height; y++) {
    for (let x = 0; x < os.width; x++) {
      const ob = (y * os.width + x) * outC;
      let count = 0;
      for (let o = 0; o < outC; o++) {
        if (delta[ob + o] !== 0) {
          live[count++] = o;
          gb[o] += delta[ob + o];
        }
      }
      if (count === 0) continue;
      for (let ky = 0; ky < k; ky++) {
        const ib = ((y + ky) * is.width + x) * inC;
        const wb = ky * run * outC;
        for (let j = 0; j < run; j++) {
          const wr = wb + j * outC;
          const v = input[ib + j];
          let back = 0;
          for (let n = 0; n < count; n++) {
            const o = live[n];
            const d = delta[ob + o];
            gw[wr + o] += v * d;
            back += weights[wr + o] * d;
          }
          if (needInput) dInput[ib + j] += back;
        }
      }
    }
  }
  return dInput;
}

function poolBackward(layer: Layer, input: Float32Array, output: Float32Array, delta: Float32Array): Float32Array {
  const { input: is, output: os } = layer;
  const c = is.channels;
  const dInput = new Float32Array(input.length);
  for (let y = 0; y < os.height; y++) {
    for (let x = 0; x < os.width; x++) {
      const a = (2 * y * is.width + 2 * x) * c;
      const ob = (y * os.width + x) * c;
      for (let ch = 0; ch < c; ch++) {
        const d = delta[ob + ch];
        if (d === 0) continue;
        // The gradient goes to the one input that was the maximum.
        const max = output[ob + ch];
        const i = input[a + ch] === max ? a : input[a + c + ch] === max ? a + c : input[a + is.width * c + ch] === max ? a + is.width * c : a + is.width * c + c;
        dInput[i + ch] += d;
      }
    }
  }
  return dInput;
}

function denseBackward(layer: Layer, input: Float32Array, delta: Float32Array, gw: Float32Array, gb: Float32Array, needInput: boolean): Float32Array {
  const units = layer.output.channels;
  const dInput = new Float32Array(needInput ? input.length : 0);
  for (let o = 0; o < units; o++) gb[o] += delta[o];
  for (let i = 0; i < input.length; i++) {
    if (input[i] !== 0) addScaled(gw, i * units, delta, 0, input[i], units);
    if (needInput) dInput[i] = dot(layer.weights, i * units, delta, 0, units);
  }
  return dInput;
}
