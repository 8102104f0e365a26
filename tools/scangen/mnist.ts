import type { GrayImage } from '../../src/image/grayImage.js';
import type { DigitSource } from '../../src/demo/handwriting.js';

/** Handwritten digits in MNIST's IDX form: `count` images of rows × cols bytes, ink bright on black, and their labels. */
export interface DigitImages {
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
  labels: Uint8Array;
}

/** Reads an IDX image file and its label file (both already un-gzipped): big-endian headers, then raw bytes. */
export function parseIdx(images: Uint8Array, labels: Uint8Array): DigitImages {
  const imageHeader = new DataView(images.buffer, images.byteOffset, images.byteLength);
  const labelHeader = new DataView(labels.buffer, labels.byteOffset, labels.byteLength);
  if (images.byteLength < 16 || imageHeader.getUint32(0) !== 0x803) throw new Error('not an IDX image file (magic 0x00000803 expected)');
  if (labels.byteLength < 8 || labelHeader.getUint32(0) !== 0x801) throw new Error('not an IDX label file (magic 0x00000801 expected)');
  const count = imageHeader.getUint32(4);
  const rows = imageHeader.getUint32(8);
  const cols = imageHeader.getUint32(12);
  if (labelHeader.getUint32(4) !== count) throw new Error(`${count} images but ${labelHeader.getUint32(4)} labels`);
  if (images.byteLength !== 16 + count * rows * cols || labels.byteLength !== 8 + count) throw new Error('the IDX files are truncated');
  return { count, rows, cols, pixels: images.subarray(16), labels: labels.subarray(8) };
}

/** Real handwritten digits: for each digit asked for, a random image of it, turned into dark ink on white. */
export function mnistDigits(set: DigitImages): DigitSource {
  const byLabel: number[][] = Array.from({ length: 10 }, () => []);
  for (let i = 0; i < set.count; i++) byLabel[set.labels[i]].push(i);
  const size = set.rows * set.cols;
  return (digit, random) => {
    const candidates = byLabel[digit];
    const index = candidates[Math.floor(random() * candidates.length)];
    // A ballpoint's grey, 30–60, where MNIST has full-strength ink.
    const ink = 30 + random() * 30;
    const data = new Uint8Array(size);
    for (let p = 0; p < size; p++) data[p] = 255 - (set.pixels[index * size + p] * (255 - ink)) / 255;
    const image: GrayImage = { data, width: set.cols, height: set.rows };
    return { image, mnistIndex: index };
  };
}
