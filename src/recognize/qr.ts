import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { GrayImage } from '../image/grayImage.js';
import type { Point } from './homography.js';

export interface QrSymbol {
  text: string;
  /** Corners of the symbol in the image: top-left, top-right, bottom-right, bottom-left of the symbol itself. */
  corners: [Point, Point, Point, Point];
  /** QR version (size = 17 + 4 × version modules), when the decoder says. */
  version?: number;
}

/** A part of an image, in whole pixels. */
export interface PixelRegion {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface QrSearch {
  /** Try harder: rotations, inversions, downscaling (slow; for when the QR is not where it should be). */
  thorough?: boolean;
  /** The part of the image to search; all of it by default. */
  region?: PixelRegion;
  /** Average blocks of this many pixels square first: zxing's memory grows with the image and never shrinks. */
  shrink?: number;
}

/** Decodes the QR codes in a region of the image; corners are in the whole image's pixels. */
export type QrDecoder = (image: GrayImage, options?: QrSearch) => Promise<QrSymbol[]>;

const FAST: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  maxNumberOfSymbols: 1,
};
const THOROUGH: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryDownscale: true, maxNumberOfSymbols: 4 };

/** Each grey level as one opaque RGBA pixel, so a region is expanded with one store a pixel (in any byte order). */
const GREY_AS_RGBA = (() => {
  const table = new Uint32Array(256);
  const bytes = new Uint8Array(table.buffer);
  for (let v = 0; v < 256; v++) bytes.set([v, v, v, 255], v * 4);
  return table;
})();

/**
 * A QR decoder over zxing-wasm. The wasm bytes are handed in (read from the zxing-wasm package by the caller), because
 * left to itself zxing-wasm fetches its binary from a CDN, which must never happen here.
 */
export async function createQrDecoder(wasmBinary: Uint8Array): Promise<QrDecoder> {
  await prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer }, fireImmediately: true });
  return async (image, options = {}) => {
    const x0 = Math.max(0, Math.floor(options.region?.x ?? 0));
    const y0 = Math.max(0, Math.floor(options.region?.y ?? 0));
    const shrink = Math.max(1, Math.floor(options.shrink ?? 1));
    const width = Math.floor(Math.max(0, Math.min(image.width - x0, Math.ceil(options.region?.width ?? image.width))) / shrink);
    const height = Math.floor(Math.max(0, Math.min(image.height - y0, Math.ceil(options.region?.height ?? image.height))) / shrink);
    const rgba = expandToRgba(image, x0, y0, width, height, shrink);
    const results = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' } as ImageData, options.thorough ? THOROUGH : FAST);
    return results
      .filter((r) => r.isValid)
      .map((r) => ({
        text: r.text,
        corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft].map((c) => ({ x: c.x * shrink + x0, y: c.y * shrink + y0 })) as QrSymbol['corners'],
        ...(Number.parseInt(r.version, 10) > 0 ? { version: Number.parseInt(r.version, 10) } : {}),
      }));
  };
}

/** zxing takes RGBA ImageData (it converts back to grey inside), so only the region, shrunk, is ever expanded. */
function expandToRgba(image: GrayImage, x0: number, y0: number, width: number, height: number, shrink: number): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4);
  const pixels = new Uint32Array(rgba.buffer);
  if (shrink === 1) {
    for (let y = 0, j = 0; y < height; y++) {
      for (let i = (y0 + y) * image.width + x0, end = i + width; i < end; i++) pixels[j++] = GREY_AS_RGBA[image.data[i]];
    }
    return rgba;
  }
  const area = shrink * shrink;
  for (let y = 0, j = 0; y < height; y++) {
    const top = (y0 + y * shrink) * image.width + x0;
    for (let x = 0; x < width; x++, j++) {
      let sum = 0;
      for (let dy = 0; dy < shrink; dy++) for (let dx = 0, i = top + dy * image.width + x * shrink; dx < shrink; dx++, i++) sum += image.data[i];
      pixels[j] = GREY_AS_RGBA[Math.round(sum / area)];
    }
  }
  return rgba;
}
