import type { GrayImage } from '../recognize/image.js';
import type { ScanGeometry } from './geometry.js';

/**
 * A phone held over a sheet on a desk: the page tilted away (keystone), turned a little and filling most of the frame.
 * Kept apart from the scanner's geometry, so a fuller photo model can replace it.
 */
export function photoGeometry(random: () => number): ScanGeometry {
  const spread = (amount: number) => (random() * 2 - 1) * amount;
  return { angle: spread(4), scale: 0.86 + random() * 0.06, keystone: 0.01 + random() * 0.03, shift: { x: spread(8), y: spread(8) }, upsideDown: false };
}

/**
 * Light from one side of a room: brightness falls linearly across the sheet, in a random direction, to `1 − depth`
 * at the far edge, and the corners darken a little more (a phone lens's vignetting).
 */
export function unevenLight(image: GrayImage, depth: number, random: () => number): void {
  const angle = random() * 2 * Math.PI;
  const dx = Math.cos(angle);
  const dy = Math.sin(angle);
  const { width, height, data } = image;
  const reach = (Math.abs(dx) * width + Math.abs(dy) * height) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const along = ((x - width / 2) * dx + (y - height / 2) * dy) / reach; // −1 … 1
      const corner = ((x / width - 0.5) ** 2 + (y / height - 0.5) ** 2) * 2; // 0 centre … 1 corner
      const light = 1 - depth * (along + 1) / 2 - 0.08 * corner;
      data[y * width + x] = data[y * width + x] * light;
    }
  }
}
