import fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fixturePath } from './fixtures.js';
import type { TestDigit } from './handwrittenCells.js';

/**
 * A second set of real handwriting, by writers MNIST never had: the test part of UCI's "Optical Recognition of
 * Handwritten Digits" (Alpaydin & Kaynak, 1998; 1,797 digits by 13 writers, as scikit-learn ships it, CC BY 4.0). Each
 * digit was a 32 × 32 bitmap stored as 8 × 8 counts of ink (0–16) per 4 × 4 block; it is drawn back at 24 × 24
 * (bilinear), in MNIST's 28 × 28 frame, so it can be written into a cell like an MNIST digit. The strokes come out
 * softer than a scan's: a harder test than the writers alone make it.
 */
export function loadOptdigits(): TestDigit[] {
  const rows = gunzipSync(fs.readFileSync(fixturePath('optdigits', 'digits.csv.gz'))).toString('utf8').trim().split('\n');
  return rows.map((row) => {
    const values = row.split(',').map(Number);
    return { pixels: upsample(values.slice(0, 64)), label: values[64] };
  });
}

function upsample(counts: number[]): Uint8Array {
  const pixels = new Uint8Array(28 * 28);
  const at = (x: number, y: number) => counts[Math.min(7, Math.max(0, y)) * 8 + Math.min(7, Math.max(0, x))];
  for (let y = 0; y < 24; y++) {
    for (let x = 0; x < 24; x++) {
      // Output pixel centres in block coordinates; blocks' values sit at their centres.
      const bx = (x + 0.5) / 3 - 0.5;
      const by = (y + 0.5) / 3 - 0.5;
      const x0 = Math.floor(bx);
      const y0 = Math.floor(by);
      const fx = bx - x0;
      const fy = by - y0;
      const v = (at(x0, y0) * (1 - fx) + at(x0 + 1, y0) * fx) * (1 - fy) + (at(x0, y0 + 1) * (1 - fx) + at(x0 + 1, y0 + 1) * fx) * fy;
      pixels[(y + 2) * 28 + x + 2] = Math.round((255 * v) / 16);
    }
  }
  return pixels;
}
