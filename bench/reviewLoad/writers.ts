import type { GrayImage } from '../../src/image/grayImage.js';
import type { DigitInk, DigitSource } from '../../src/demo/handwriting.js';

/** Where a generated digit comes from, and its share of the digits written. */
export const WRITER_SHARES = { mnist: 0.5, restyledMnist: 0.3, font: 0.2 } as const;

/**
 * Digits from many hands, no outside data: MNIST test-split digits as they are (about 250 writers), the same digits
 * re-drawn with another pen and slant (a felt-tip's bold stroke or a fine nib, leaning either way by up to ~17°), and
 * a hand-like font. The source is drawn per digit.
 */
export function manyWriters(mnist: DigitSource, font: DigitSource): DigitSource {
  return (digit, random) => {
    const roll = random();
    if (roll < WRITER_SHARES.mnist) return mnist(digit, random);
    if (roll < WRITER_SHARES.mnist + WRITER_SHARES.restyledMnist) return restyled(mnist(digit, random), random);
    return font(digit, random);
  };
}

/** An MNIST digit as another pen would have left it: bolder or finer, then sheared to lean. */
export function restyled(ink: DigitInk, random: () => number): DigitInk {
  const pen = random() < 0.5 ? bolder(ink.image) : finer(ink.image);
  return { ...ink, image: sheared(pen, (random() * 2 - 1) * 0.3) };
}

/** Each pixel takes the darkest of its 3 × 3 neighbourhood: a stroke about 2 px wider at MNIST's 28 px. */
function bolder(image: GrayImage): GrayImage {
  return neighbourhood(image, (values) => Math.min(...values));
}

/** Each pixel takes the lightest of its neighbourhood unless it is the stroke's dark core: a thinner, lighter stroke. */
function finer(image: GrayImage): GrayImage {
  return neighbourhood(image, (values, centre) => (centre < 90 ? centre : Math.max(centre, ...values.map((v) => Math.min(255, v + 60)))));
}

function neighbourhood(image: GrayImage, pick: (values: number[], centre: number) => number): GrayImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const values: number[] = [];
      for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) values.push(image.data[Math.min(height - 1, Math.max(0, y + dy)) * width + Math.min(width - 1, Math.max(0, x + dx))]);
      data[y * width + x] = pick(values, image.data[y * width + x]);
    }
  }
  return { data, width, height };
}

/** Shears rows sideways about the middle row: a positive amount leans the digit to the right. */
function sheared(image: GrayImage, amount: number): GrayImage {
  const { width, height } = image;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    const shift = amount * (height / 2 - y);
    for (let x = 0; x < width; x++) {
      const sx = x - shift;
      const x0 = Math.floor(sx);
      const t = sx - x0;
      const at = (xi: number) => (xi >= 0 && xi < width ? image.data[y * width + xi] : 255);
      data[y * width + x] = Math.round(at(x0) * (1 - t) + at(x0 + 1) * t);
    }
  }
  return { data, width, height };
}
