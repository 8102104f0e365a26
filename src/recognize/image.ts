/** An 8-bit greyscale image, one byte per pixel, rows top to bottom; 255 is white paper. */
export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/**
 * Coordinates are continuous: pixel (i, j) covers [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5).
 * The value of the pixel a point falls in, white outside the image (as the scanner bed around a page would be).
 */
export function pixelAt(image: GrayImage, x: number, y: number): number {
  const xi = Math.floor(x);
  const yi = Math.floor(y);
  if (xi < 0 || yi < 0 || xi >= image.width || yi >= image.height) return 255;
  return image.data[yi * image.width + xi];
}

export function crop(image: GrayImage, x0: number, y0: number, w: number, h: number): GrayImage {
  const x = Math.max(0, Math.floor(x0));
  const y = Math.max(0, Math.floor(y0));
  const width = Math.max(0, Math.min(image.width - x, Math.ceil(w)));
  const height = Math.max(0, Math.min(image.height - y, Math.ceil(h)));
  const data = new Uint8Array(width * height);
  for (let row = 0; row < height; row++) data.set(image.data.subarray((y + row) * image.width + x, (y + row) * image.width + x + width), row * width);
  return { data, width, height };
}

/**
 * The brightness of blank paper: a high percentile of a sparse sample, so ink, marks and specks do not move it. The
 * ~40,000 samples are every fourth pixel of evenly spaced rows, read in memory order: spread evenly over the whole
 * image instead, each sample cost a fetch from memory, about 1 ms a page.
 */
export function paperLevel(image: GrayImage): number {
  const histogram = new Uint32Array(256);
  const rowStep = Math.max(1, Math.floor((image.height * Math.ceil(image.width / 4)) / 40_000));
  let count = 0;
  for (let y = rowStep >> 1; y < image.height; y += rowStep) {
    const row = y * image.width;
    for (let x = 0; x < image.width; x += 4) {
      histogram[image.data[row + x]]++;
      count++;
    }
  }
  let seen = 0;
  for (let v = 255; v >= 0; v--) {
    seen += histogram[v];
    if (seen >= count * 0.3) return Math.max(v, 96);
  }
  return 255;
}
