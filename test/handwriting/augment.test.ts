import { describe, expect, it } from 'vitest';
import { distortDigit, type Distortion } from '../../src/handwriting/training/augment.js';
import { seededRandom } from '../../src/sampling/random.js';
import { loadMnistTestSplit } from '../support/handwrittenCells.js';

const NONE: Distortion = { rotation: 0, shear: 0, stretch: 0, elastic: 0, thicker: 0, thinner: 0, bilevel: 0, coarseBilevel: 0, faint: 0, blur: 0, edgeFragment: 0 };
const digit = Float32Array.from(loadMnistTestSplit()[0].pixels, (p) => p / 255);
const distorted = (d: Partial<Distortion>) => distortDigit(digit, seededRandom('augment test'), { ...NONE, ...d });
const fullInk = (ink: Float32Array) => ink.filter((v) => v >= 0.999).length;

describe('training digits distorted as other scanners and cells show them', () => {
  it('scans some at 200 dpi bilevel: full ink or paper, in blocks of 2 × 2', () => {
    const { ink, width } = distorted({ coarseBilevel: 1 });
    expect(ink.every((v) => v === 0 || v === 1)).toBe(true);
    for (let y = 0; y < width; y += 2) for (let x = 0; x < width; x += 2) expect(new Set([ink[y * width + x], ink[y * width + x + 1], ink[(y + 1) * width + x], ink[(y + 1) * width + x + 1]]).size).toBe(1);
    expect(fullInk(ink)).toBeGreaterThan(0);
  });

  it('writes some with a faint pen, and blurs some as a defocused scanner does', () => {
    const plain = distorted({});
    const faint = distorted({ faint: 1 });
    expect(Math.max(...faint.ink)).toBeLessThan(0.91);
    expect(Math.max(...faint.ink)).toBeGreaterThan(0.4);
    const blurred = distorted({ blur: 1 });
    const inked = (ink: Float32Array) => ink.filter((v) => v > 0.05).length;
    expect(inked(blurred.ink)).toBeGreaterThan(inked(plain.ink));
  });

  it('leaves a piece of the cell’s printed edge touching some digits', () => {
    const plain = distorted({});
    const edged = distorted({ edgeFragment: 1 });
    expect(fullInk(edged.ink)).toBeGreaterThan(fullInk(plain.ink) + 20);
    // The fragment runs along the digit's ink box: the box grows by at most the fragment's thickness (4 px).
    const box = (ink: Float32Array, width: number) => {
      const xs: number[] = [];
      const ys: number[] = [];
      ink.forEach((v, i) => v > 0.5 && (xs.push(i % width), ys.push(Math.floor(i / width))));
      return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    };
    const a = box(plain.ink, plain.width);
    const b = box(edged.ink, edged.width);
    expect(b.w + b.h - (a.w + a.h)).toBeGreaterThan(0);
    expect(b.w + b.h - (a.w + a.h)).toBeLessThanOrEqual(4);
  });
});
