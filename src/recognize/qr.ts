import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { GrayImage } from './image.js';
import type { Point } from './homography.js';

export interface QrSymbol {
  text: string;
  /** Corners of the symbol in the image: top-left, top-right, bottom-right, bottom-left of the symbol itself. */
  corners: [Point, Point, Point, Point];
  /** QR version (size = 17 + 4 × version modules), when the decoder says. */
  version?: number;
}

export type QrDecoder = (image: GrayImage, options?: { thorough?: boolean }) => Promise<QrSymbol[]>;

const FAST: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  maxNumberOfSymbols: 1,
};
const THOROUGH: ReaderOptions = { formats: ['QRCode'], tryHarder: true, tryRotate: true, tryDownscale: true, maxNumberOfSymbols: 4 };

/**
 * A QR decoder over zxing-wasm. The wasm bytes are handed in (read from the zxing-wasm package by the caller), because
 * left to itself zxing-wasm fetches its binary from a CDN, which must never happen here.
 */
export async function createQrDecoder(wasmBinary: Uint8Array): Promise<QrDecoder> {
  await prepareZXingModule({ overrides: { wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer }, fireImmediately: true });
  return async (image, options = {}) => {
    // zxing takes RGBA ImageData; it converts back to grey inside, so only the crop is ever expanded.
    const rgba = new Uint8ClampedArray(image.width * image.height * 4);
    for (let i = 0, j = 0; i < image.data.length; i++, j += 4) {
      const v = image.data[i];
      rgba[j] = v;
      rgba[j + 1] = v;
      rgba[j + 2] = v;
      rgba[j + 3] = 255;
    }
    const results = await readBarcodes({ data: rgba, width: image.width, height: image.height, colorSpace: 'srgb' } as ImageData, options.thorough ? THOROUGH : FAST);
    return results
      .filter((r) => r.isValid)
      .map((r) => ({
        text: r.text,
        corners: [r.position.topLeft, r.position.topRight, r.position.bottomRight, r.position.bottomLeft] as QrSymbol['corners'],
        ...(Number.parseInt(r.version, 10) > 0 ? { version: Number.parseInt(r.version, 10) } : {}),
      }));
  };
}
