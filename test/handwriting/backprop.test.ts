import { describe, expect, it } from 'vitest';
import { buildNet, forward, softmax, type LayerSpec } from '../../src/handwriting/digitNet.js';
import { accumulateExample, zeroGradients } from '../../src/handwriting/training/backprop.js';
import { seededRandom } from '../../src/sampling/random.js';

const SPECS: LayerSpec[] = [
  { kind: 'conv', size: 5, filters: 4 },
  { kind: 'maxPool' },
  { kind: 'conv', size: 3, filters: 4 },
  { kind: 'maxPool' },
  { kind: 'dense', units: 8 },
  { kind: 'dense', units: 10 },
];

function loss(net: ReturnType<typeof buildNet>, image: Float32Array, label: number): number {
  return -Math.log(softmax(forward(net, image)[0])[label]);
}

describe('training the digit network', () => {
  it('computes the gradients of every layer as the loss actually changes', () => {
    const random = seededRandom('gradient check');
    const net = buildNet(SPECS);
    for (const layer of net.layers) {
      layer.weights.forEach((_, i) => (layer.weights[i] = (random() - 0.5) * 0.6));
      layer.bias.forEach((_, i) => (layer.bias[i] = (random() - 0.3) * 0.2));
    }
    const image = Float32Array.from({ length: 784 }, () => (random() < 0.6 ? 0 : random()));
    const grads = zeroGradients(net);
    accumulateExample(net, image, 7, grads);
    for (const [i, layer] of net.layers.entries()) {
      for (let probe = 0; probe < Math.min(6, layer.weights.length); probe++) {
        const j = Math.floor(random() * layer.weights.length);
        const kept = layer.weights[j];
        const h = 1e-3;
        layer.weights[j] = kept + h;
        const up = loss(net, image, 7);
        layer.weights[j] = kept - h;
        const down = loss(net, image, 7);
        layer.weights[j] = kept;
        expect(grads.weights[i][j]).toBeCloseTo((up - down) / (2 * h), 3);
      }
    }
  });
});
