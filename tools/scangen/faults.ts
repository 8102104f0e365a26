import sharp from 'sharp';
import type { Rect } from '../../src/layout/types.js';
import type { GrayImage } from '../../src/image/grayImage.js';

/** A sheet of white paper with nothing on it. */
export function blankPaper(width: number, height: number): GrayImage {
  return { data: new Uint8Array(width * height).fill(255), width, height };
}

/** Dust and toner specks: isolated dark pixels, the odd one a small cluster. */
export function addSpeckle(image: GrayImage, count: number, random: () => number): void {
  for (let i = 0; i < count; i++) {
    const at = Math.floor(random() * image.data.length);
    image.data[at] = 40;
    if (random() < 0.1 && at + image.width + 1 < image.data.length) {
      image.data[at + 1] = 40;
      image.data[at + image.width] = 40;
      image.data[at + image.width + 1] = 40;
    }
  }
}

/** Sensor noise: every pixel moved by up to ±`amount` grey levels (a triangular spread). */
export function addNoise(image: GrayImage, amount: number, random: () => number): void {
  // Drawing two numbers per pixel of a 300-dpi page is most of a page's making; a table of draws walked from a
  // random start for each row looks the same to any reader.
  const table = new Float32Array(NOISE_TABLE);
  for (let i = 0; i < table.length; i++) table[i] = (random() + random() - 1) * amount;
  const { data, width } = image;
  for (let row = 0; row < image.height; row++) {
    let k = Math.floor(random() * NOISE_TABLE);
    for (let i = row * width; i < (row + 1) * width; i++, k = (k + 1) & (NOISE_TABLE - 1)) data[i] = Math.max(0, Math.min(255, data[i] + table[k]));
  }
}

const NOISE_TABLE = 1 << 16;

/** A fold: a faint grey line right across the sheet, between 30 % and 70 % of its height. */
export function addFold(image: GrayImage, random: () => number): void {
  const y = Math.floor(image.height * (0.3 + random() * 0.4));
  for (let row = y; row < y + 3; row++) {
    for (let x = 0; x < image.width; x++) image.data[row * image.width + x] = Math.min(image.data[row * image.width + x], 170);
  }
}

/**
 * What a copier does to the tones of a sheet: greyer paper, ink pushed darker, and toner specks. (Its size and
 * skew are a scan of the original: see scanSheet.)
 */
export function copierTones(image: GrayImage, random: () => number): void {
  const paper = 232 + random() * 12;
  const { data } = image;
  for (let i = 0; i < data.length; i++) data[i] = Math.max(0, paper - (255 - data[i]) * 1.2);
  addSpeckle(image, 2000 + Math.floor(random() * 4000), random);
}

/** An out-of-focus scanner: a Gaussian blur of the given sigma in pixels. */
export async function blur(image: GrayImage, sigma: number): Promise<GrayImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .blur(sigma)
    .toColourspace('b-w')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * A label stuck over the upper half of the QR code (`area` in layout points of a page rendered at `pixelsPerPoint`):
 * two of its three finder patterns are gone, so no reader finds the code, while the corner marks stay whole.
 */
export function coverQr(image: GrayImage, area: Rect, pixelsPerPoint: number): void {
  const x0 = Math.floor(area.x * pixelsPerPoint);
  const x1 = Math.ceil((area.x + area.w) * pixelsPerPoint);
  const y0 = Math.floor(area.y * pixelsPerPoint);
  const y1 = Math.ceil((area.y + area.h * 0.45) * pixelsPerPoint);
  for (let y = y0; y < y1; y++) image.data.fill(255, y * image.width + x0, y * image.width + x1);
}
