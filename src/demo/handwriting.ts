import sharp from 'sharp';
import type { GrayImage } from '../image/grayImage.js';

/** A written digit as ink on white, in a square image whose middle ~70 % holds the digit (MNIST's framing). */
export interface DigitInk {
  image: GrayImage;
  /** Index of the image in the MNIST test split, when the digit is a real handwritten one. */
  mnistIndex?: number;
}

export type DigitSource = (digit: number, random: () => number) => DigitInk;

export type TextStyle = 'printed' | 'handwritten';

/**
 * A line of text as ink on white, `width` × `height` pixels, left-aligned. `printed` is upright type, as a stamp or a
 * typed label gives; `handwritten` is a slanted hand with a wandering baseline and slant.
 */
export async function renderTextLine(text: string, width: number, height: number, style: TextStyle, random: () => number, fontSize?: number): Promise<GrayImage> {
  const size = fontSize ?? height * (style === 'printed' ? 0.55 : 0.62) * (0.9 + random() * 0.2);
  const font = style === 'printed' ? `font-family="Liberation Sans, DejaVu Sans, sans-serif"` : `font-family="DejaVu Sans, sans-serif" font-style="oblique"`;
  const ink = style === 'printed' ? '#101010' : '#263050';
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<text x="${(height * 0.1 + random() * height * 0.3).toFixed(1)}" y="${(height * 0.75).toFixed(1)}" ${font} font-size="${size.toFixed(1)}" fill="${ink}">${escapeXml(text.normalize('NFC'))}</text></svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const line = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  return style === 'handwritten' ? wander(line, random) : line;
}

/** Bends a rendered line the way a hand drifts: the baseline waves, the slant changes along the line. */
function wander(line: GrayImage, random: () => number): GrayImage {
  const { width, height } = line;
  const amplitude = height * (0.02 + random() * 0.04);
  const wavelength = height * (3 + random() * 4);
  const phase = random() * 2 * Math.PI;
  const slant = random() * 0.12;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sx = Math.round(x + slant * (y - height * 0.75) * Math.sin(x / wavelength + phase));
      const sy = Math.round(y + amplitude * Math.sin((2 * Math.PI * x) / wavelength + phase));
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) data[y * width + x] = line.data[sy * width + sx];
    }
  }
  return { data, width, height };
}

/**
 * Digits in a hand-like font, for places where real handwriting must not go (the demo ships with the product; the
 * MNIST digits are test data only). Rendered once, a few shapes of each digit.
 */
export async function fontDigits(random: () => number): Promise<DigitSource> {
  const side = 56;
  const shapes: GrayImage[][] = [];
  for (let digit = 0; digit < 10; digit++) {
    shapes.push(await Promise.all([0, 1, 2].map(() => renderTextLine(String(digit), side, side, 'handwritten', random, side * 0.95).then((image) => centred(image)))));
  }
  return (digit, pick) => ({ image: shapes[digit][Math.floor(pick() * shapes[digit].length)] });
}

/** Moves the ink's bounding box to the middle of the square, as MNIST frames its digits. */
function centred(image: GrayImage): GrayImage {
  let x0 = image.width;
  let x1 = -1;
  let y0 = image.height;
  let y1 = -1;
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      if (image.data[y * image.width + x] < 200) {
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
  }
  if (x1 < 0) return image;
  const dx = Math.round((image.width - 1 - x1 - x0) / 2);
  const dy = Math.round((image.height - 1 - y1 - y0) / 2);
  const data = new Uint8Array(image.data.length).fill(255);
  for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) data[(y + dy) * image.width + x + dx] = image.data[y * image.width + x];
  return { data, width: image.width, height: image.height };
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
