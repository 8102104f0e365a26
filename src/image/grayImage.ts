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

/**
 * The image with its light evened out, when the paper is much darker in some parts than in others (a phone photo
 * lit from one side, a shadow): each pixel is divided by the paper level around it, so the paper is as bright
 * everywhere as in its brightest part and ink keeps its contrast with the paper it lies on. The mark search and the
 * box scores compare ink with one paper level, which on such a photo is the paper of the lit side alone. An evenly lit
 * scan is returned as it is, after one sparse look at its regions.
 */
export function evenLight(image: GrayImage): GrayImage {
  const coarse = regionPaperLevels(image, EVENNESS_REGIONS.columns, EVENNESS_REGIONS.rows, 8, Math.max(1, Math.floor((image.height * Math.ceil(image.width / 8)) / 12_000)));
  if (Math.min(...coarse) >= Math.max(...coarse) * EVEN_PAPER_SHARE) return image;
  // Cells about 6 mm on an A4 page filling the frame, and each cell's paper taken as the brightest of its neighbours:
  // solid ink up to a cell across (a corner mark, a cancelled box, a finder pattern of the QR) keeps paper in view.
  const cell = Math.max(8, Math.ceil(Math.max(image.width, image.height) / 48));
  const columns = Math.ceil(image.width / cell);
  const rows = Math.ceil(image.height / cell);
  const levels = regionPaperLevels(image, columns, rows, 4, 4);
  const paper = new Float32Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      let brightest = 1;
      for (let rr = Math.max(0, r - 1); rr <= Math.min(rows - 1, r + 1); rr++) for (let cc = Math.max(0, c - 1); cc <= Math.min(columns - 1, c + 1); cc++) brightest = Math.max(brightest, levels[rr * columns + cc]);
      paper[r * columns + c] = brightest;
    }
  }
  // Gains rather than paper levels are interpolated, so a pixel costs a multiplication and no division.
  const target = Math.max(...paper);
  const gain = paper.map((level) => target / level);
  const { data, width, height } = image;
  const out = new Uint8ClampedArray(data.length);
  const left = new Uint32Array(width);
  const share = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const fx = Math.min(columns - 1, Math.max(0, (x + 0.5) / cell - 0.5));
    left[x] = Math.floor(fx);
    share[x] = fx - left[x];
  }
  const column = new Float32Array(columns + 1);
  for (let y = 0; y < height; y++) {
    // Bilinear between cell centres: down the cell columns first, then along the row.
    const fy = Math.min(rows - 1, Math.max(0, (y + 0.5) / cell - 0.5));
    const r0 = Math.floor(fy);
    const r1 = Math.min(rows - 1, r0 + 1);
    for (let c = 0; c < columns; c++) column[c] = gain[r0 * columns + c] + (gain[r1 * columns + c] - gain[r0 * columns + c]) * (fy - r0);
    column[columns] = column[columns - 1];
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const c = left[x];
      out[row + x] = data[row + x] * (column[c] + (column[c + 1] - column[c]) * share[x]);
    }
  }
  return { data: new Uint8Array(out.buffer), width, height };
}

/** An evenly lit page has every region's paper within this share of the brightest region's. */
const EVEN_PAPER_SHARE = 0.8;
const EVENNESS_REGIONS = { columns: 6, rows: 8 };

/**
 * The paper level of each cell of a grid over the image (row-major): the 90th percentile of every `xStep`-th pixel of
 * every `yStep`-th row in it, bright enough to look past dense print, a mark or a QR code.
 */
function regionPaperLevels(image: GrayImage, columns: number, rows: number, xStep: number, yStep: number): Float32Array {
  const histograms = new Uint32Array(columns * rows * 256);
  const counts = new Uint32Array(columns * rows);
  const cellWidth = image.width / columns;
  const cellHeight = image.height / rows;
  const columnOf = new Uint32Array(image.width);
  for (let x = 0; x < image.width; x++) columnOf[x] = Math.min(columns - 1, Math.floor(x / cellWidth));
  for (let y = yStep >> 1; y < image.height; y += yStep) {
    const rowBase = Math.min(rows - 1, Math.floor(y / cellHeight)) * columns;
    const row = y * image.width;
    for (let x = 0; x < image.width; x += xStep) {
      const region = rowBase + columnOf[x];
      histograms[region * 256 + image.data[row + x]]++;
      counts[region]++;
    }
  }
  const levels = new Float32Array(columns * rows);
  for (let region = 0; region < levels.length; region++) {
    let seen = 0;
    let v = 255;
    for (; v > 0; v--) {
      seen += histograms[region * 256 + v];
      if (seen >= counts[region] * 0.1) break;
    }
    levels[region] = Math.max(v, 1);
  }
  return levels;
}
