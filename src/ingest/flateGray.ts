import { createInflate } from 'node:zlib';
import type { GrayImage } from '../image/grayImage.js';

/** How the rows of a Flate image are laid out, as its PDF dictionary and /DecodeParms say. */
export interface FlateLayout {
  width: number;
  height: number;
  bitsPerSample: 1 | 2 | 4 | 8 | 16;
  samplesPerPixel: 1 | 3;
  /** 'png': each row led by its PNG filter type (/Predictor 10–15); 'tiff': horizontal differences of 8-bit samples (2). */
  predictor: 'none' | 'png' | 'tiff';
  /** /Decode [1 0]: the samples mean the opposite shade. */
  inverted: boolean;
  /** An /Indexed image: the grey of each index, its samples being indexes. */
  palette?: Uint8Array;
}

/** The grey a renderer shows for an RGB colour (ITU-R BT.601 weights): the same as drawing the page whole. */
export function luma(r: number, g: number, b: number): number {
  return Math.round((r * 299 + g * 587 + b * 114) / 1000);
}

/**
 * The grey page of a Flate image, inflated and turned grey a row at a time: neither the whole inflated image (an RGB
 * page at 300 dpi is 26 MB) nor a PNG or TIFF copy of its data is ever held, only the page's own grey bytes. Inflating
 * stops at the image's last row, so data that would inflate past it (a bomb) costs nothing. A stream that ends before
 * the last row is refused: rows made up would be read as blank paper.
 */
export async function flateGray(data: Uint8Array, layout: FlateLayout): Promise<GrayImage> {
  const { width, height, bitsPerSample, samplesPerPixel, predictor } = layout;
  const rowBytes = Math.ceil((width * samplesPerPixel * bitsPerSample) / 8);
  const lead = predictor === 'png' ? 1 : 0;
  const bytesPerPixel = Math.max(1, (samplesPerPixel * bitsPerSample) / 8);
  const grey = rowToGrey(layout);
  const out = new Uint8Array(width * height);
  let row = new Uint8Array(lead + rowBytes);
  let above = new Uint8Array(lead + rowBytes);
  let filled = 0;
  let y = 0;

  const inflate = createInflate({ chunkSize: 64 * 1024 });
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      for (let at = 0; at < chunk.length && y < height; ) {
        const take = Math.min(row.length - filled, chunk.length - at);
        row.set(chunk.subarray(at, at + take), filled);
        filled += take;
        at += take;
        if (filled < row.length) break;
        if (predictor === 'png') unfilterPng(row, above, bytesPerPixel);
        else if (predictor === 'tiff') for (let i = samplesPerPixel; i < rowBytes; i++) row[i] = (row[i] + row[i - samplesPerPixel]) & 0xff;
        grey(row.subarray(lead), out.subarray(y * width, (y + 1) * width));
        [row, above] = [above, row];
        filled = 0;
        y++;
      }
      if (y === height) {
        inflate.removeAllListeners('data');
        inflate.destroy();
        resolve();
      }
    });
    // Some writers leave out the checksum at the end: the rows are all there, which is what counts.
    inflate.on('error', (error) => (y === height ? resolve() : reject(error)));
    inflate.on('end', () => (y === height ? resolve() : reject(new Error(`dữ liệu ảnh hết sau ${y}/${height} dòng`))));
  });
  inflate.end(data);
  await done;
  return { data: out, width, height };
}

/** Undoes a PNG row filter in place (`row[0]` is its type), given the row above already undone. */
function unfilterPng(row: Uint8Array, above: Uint8Array, bpp: number): void {
  const type = row[0];
  const n = row.length;
  if (type === 0) return;
  if (type === 1) for (let i = 1 + bpp; i < n; i++) row[i] = (row[i] + row[i - bpp]) & 0xff;
  else if (type === 2) for (let i = 1; i < n; i++) row[i] = (row[i] + above[i]) & 0xff;
  else if (type === 3) for (let i = 1; i < n; i++) row[i] = (row[i] + (((i > bpp ? row[i - bpp] : 0) + above[i]) >> 1)) & 0xff;
  else if (type === 4) {
    for (let i = 1; i < n; i++) {
      const a = i > bpp ? row[i - bpp] : 0;
      const b = above[i];
      const c = i > bpp ? above[i - bpp] : 0;
      const p = a + b - c;
      const pa = Math.abs(p - a);
      const pb = Math.abs(p - b);
      const pc = Math.abs(p - c);
      row[i] = (row[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
    }
  } else throw new Error(`dòng ảnh có bộ lọc PNG không hợp lệ (${type})`);
}

/** Turns one row of samples into grey pixels, as the layout means them. */
function rowToGrey(layout: FlateLayout): (samples: Uint8Array, out: Uint8Array) => void {
  const { bitsPerSample: bits, samplesPerPixel, inverted, palette } = layout;
  const flip = inverted ? 255 : 0;
  if (samplesPerPixel === 3) {
    const step = bits === 16 ? 2 : 1;
    return (samples, out) => {
      for (let x = 0, i = 0; x < out.length; x++, i += 3 * step) out[x] = flip ^ luma(samples[i], samples[i + step], samples[i + 2 * step]);
    };
  }
  if (bits === 8 && !palette && !inverted) return (samples, out) => out.set(samples.subarray(0, out.length));
  if (bits === 8 || bits === 16) {
    const step = bits / 8;
    const levels = palette ?? Uint8Array.from({ length: 256 }, (_, v) => flip ^ v);
    return (samples, out) => {
      for (let x = 0; x < out.length; x++) out[x] = levels[samples[x * step]];
    };
  }
  // 1, 2 or 4 bits a sample, packed from the high bit: stretched to 0–255, or looked up in the palette.
  const levels = palette ?? Uint8Array.from({ length: 1 << bits }, (_, v) => flip ^ Math.round((v * 255) / ((1 << bits) - 1)));
  const perByte = 8 / bits;
  const mask = (1 << bits) - 1;
  return (samples, out) => {
    for (let x = 0, i = 0; x < out.length; i++) {
      const byte = samples[i];
      for (let shift = 8 - bits; shift >= 0 && x < out.length; shift -= bits) out[x++] = levels[(byte >> shift) & mask];
    }
  };
}
