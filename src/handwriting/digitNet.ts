import { addScaled } from './vectorOps.js';

/**
 * A small convolutional network for 28 × 28 digit images, in plain TypeScript on Float32Arrays. Activations are kept
 * height × width × channels, and convolution weights as [ky][kx][in][out], so the innermost loop of every layer runs
 * over contiguous output channels; zero inputs (most of a digit image, and half of every ReLU output) are skipped.
 * ReLU follows every layer but the last; the last dense layer gives the ten class scores.
 */
export type LayerSpec = { kind: 'conv'; size: number; filters: number } | { kind: 'maxPool' } | { kind: 'dense'; units: number };

export interface Shape {
  height: number;
  width: number;
  channels: number;
}

export interface Layer {
  spec: LayerSpec;
  input: Shape;
  output: Shape;
  /** Conv: [ky][kx][in][out]; dense: [in][out]. Empty for pooling. */
  weights: Float32Array;
  bias: Float32Array;
}

export interface DigitNet {
  layers: Layer[];
}

export const DIGIT_SIZE = 28;
export const INPUT_SHAPE: Shape = { height: DIGIT_SIZE, width: DIGIT_SIZE, channels: 1 };

const size = (s: Shape) => s.height * s.width * s.channels;

/** The layers of a network with the given specs, weights all zero (to be filled by training or loading). */
export function buildNet(specs: LayerSpec[]): DigitNet {
  let shape = INPUT_SHAPE;
  const layers = specs.map((spec): Layer => {
    const input = shape;
    let output: Shape;
    let weightCount = 0;
    let biasCount = 0;
    switch (spec.kind) {
      case 'conv':
        output = { height: input.height - spec.size + 1, width: input.width - spec.size + 1, channels: spec.filters };
        weightCount = spec.size * spec.size * input.channels * spec.filters;
        biasCount = spec.filters;
        break;
      case 'maxPool':
        output = { height: Math.floor(input.height / 2), width: Math.floor(input.width / 2), channels: input.channels };
        break;
      case 'dense':
        output = { height: 1, width: 1, channels: spec.units };
        weightCount = size(input) * spec.units;
        biasCount = spec.units;
        break;
    }
    shape = output;
    return { spec, input, output, weights: new Float32Array(weightCount), bias: new Float32Array(biasCount) };
  });
  if (size(shape) !== 10) throw new Error('a digit network must end with ten outputs');
  return { layers };
}

/** Every layer's output for one image (or only the last: the ten class scores, before softmax). */
export function forward(net: DigitNet, image: Float32Array, keepAll = false): Float32Array[] {
  const outputs: Float32Array[] = [];
  let current = image;
  for (let i = 0; i < net.layers.length; i++) {
    current = layerForward(net, i, current);
    if (keepAll || i === net.layers.length - 1) outputs.push(current);
  }
  return outputs;
}

/** The output of layer `i` of the network for the given input. */
export function layerForward(net: DigitNet, i: number, input: Float32Array): Float32Array {
  const layer = net.layers[i];
  const out = new Float32Array(size(layer.output));
  const relu = i < net.layers.length - 1;
  if (layer.spec.kind === 'conv') convForward(layer, input, out, relu);
  else if (layer.spec.kind === 'maxPool') poolForward(layer, input, out);
  else denseForward(layer, input, out, relu);
  return out;
}

function convForward(layer: Layer, input: Float32Array, out: Float32Array, relu: boolean): void {
  const k = (layer.spec as { size: number }).size;
  const inC = layer.input.channels;
  const inW = layer.input.width;
  const outC = layer.output.channels;
  const outW = layer.output.width;
  const outH = layer.output.height;
  const { weights, bias } = layer;
  const acc = new Float32Array(outC);
  const rowStride = k * inC * outC;
  const run = k * inC;
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++) {
      acc.set(bias);
      for (let ky = 0; ky < k; ky++) {
        // Along a row of the kernel the input pixels are contiguous, and so are the weights: one flat run each.
        const ib = ((y + ky) * inW + x) * inC;
        const wb = ky * rowStride;
        for (let j = 0; j < run; j++) {
          const v = input[ib + j];
          if (v !== 0) addScaled(acc, 0, weights, wb + j * outC, v, outC);
        }
      }
      const ob = (y * outW + x) * outC;
      for (let o = 0; o < outC; o++) out[ob + o] = relu && acc[o] < 0 ? 0 : acc[o];
    }
  }
}

function poolForward(layer: Layer, input: Float32Array, out: Float32Array): void {
  const { input: is, output: os } = layer;
  const c = is.channels;
  for (let y = 0; y < os.height; y++) {
    for (let x = 0; x < os.width; x++) {
      const a = ((2 * y) * is.width + 2 * x) * c;
      const b = a + c;
      const d = a + is.width * c;
      const e = d + c;
      const ob = (y * os.width + x) * c;
      for (let ch = 0; ch < c; ch++) out[ob + ch] = Math.max(input[a + ch], input[b + ch], input[d + ch], input[e + ch]);
    }
  }
}

function denseForward(layer: Layer, input: Float32Array, out: Float32Array, relu: boolean): void {
  const units = layer.output.channels;
  out.set(layer.bias);
  for (let i = 0; i < input.length; i++) if (input[i] !== 0) addScaled(out, 0, layer.weights, i * units, input[i], units);
  if (relu) for (let o = 0; o < units; o++) if (out[o] < 0) out[o] = 0;
}

/** Class probabilities from the ten scores. */
export function softmax(scores: Float32Array): Float32Array {
  const max = Math.max(...scores);
  const exp = scores.map((s) => Math.exp(s - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((e) => e / sum);
}

/** A network as stored in the weights file: its layer specs and every parameter, float32 little-endian in base64. */
export interface StoredNet {
  layers: LayerSpec[];
  parameters: string;
}

export function storeNet(net: DigitNet): StoredNet {
  const parts = net.layers.flatMap((l) => [l.weights, l.bias]);
  const all = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    all.set(p, offset);
    offset += p.length;
  }
  return { layers: net.layers.map((l) => l.spec), parameters: Buffer.from(all.buffer).toString('base64') };
}

export function loadNet(stored: StoredNet): DigitNet {
  const net = buildNet(stored.layers);
  const bytes = Buffer.from(stored.parameters, 'base64');
  const all = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length));
  let offset = 0;
  for (const layer of net.layers) {
    for (const target of [layer.weights, layer.bias]) {
      target.set(all.subarray(offset, offset + target.length));
      offset += target.length;
    }
  }
  if (offset !== all.length) throw new Error(`the stored network has ${all.length} parameters, its layers take ${offset}`);
  return net;
}
