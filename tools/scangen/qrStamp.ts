import QRCode from 'qrcode';
import { GEOMETRY } from '../../src/layout/pageGeometry.js';
import type { Rect } from '../../src/layout/types.js';
import type { GrayImage } from '../../src/image/grayImage.js';

/**
 * Paints a QR code over a page rendered straight at `pixelsPerPoint`, into the layout's QR area, exactly as
 * printForms draws it (the same modules, error correction, quiet zone and area). One slow PDF render of a page then
 * serves thousands of copies with distinct serials.
 */
export function stampQr(image: GrayImage, area: Rect, text: string, pixelsPerPoint: number): void {
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const quiet = GEOMETRY.qrQuietModules;
  const module = area.w / (modules.size + 2 * quiet);
  const x0 = area.x * pixelsPerPoint;
  const y0 = area.y * pixelsPerPoint;
  const side = area.w * pixelsPerPoint;
  for (let y = Math.floor(y0); y < Math.ceil(y0 + side); y++) {
    for (let x = Math.floor(x0); x < Math.ceil(x0 + side); x++) {
      const col = Math.floor(((x + 0.5) / pixelsPerPoint - area.x) / module) - quiet;
      const row = Math.floor(((y + 0.5) / pixelsPerPoint - area.y) / module) - quiet;
      const dark = row >= 0 && col >= 0 && row < modules.size && col < modules.size && Boolean(modules.get(row, col));
      image.data[y * image.width + x] = dark ? 0 : 255;
    }
  }
}
