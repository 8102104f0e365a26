import fs from 'node:fs';
import { createRequire } from 'node:module';
import { createQrDecoder, type QrDecoder } from '../recognize/qr.js';

const require = createRequire(import.meta.url);

let decoder: Promise<QrDecoder> | undefined;

/** The QR decoder with zxing's wasm read from its own package (never fetched). One per process. */
export function qrDecoder(): Promise<QrDecoder> {
  decoder ??= createQrDecoder(fs.readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')));
  return decoder;
}
