import { MM, type PageLayout, type Rect } from '../layout/types.js';
import { pixelAt, type GrayImage } from '../image/grayImage.js';
import { affineFromPoints, applyHomography, homographyFromPoints, type Homography, type Point } from './homography.js';

export type MarkSearch =
  | { ok: true; centers: [Point, Point, Point, Point]; scale: number }
  | { ok: false; reason: 'marksNotFound' | 'scaleOff'; message: string };

const CORNER_NAMES = ['trên bên trái', 'trên bên phải', 'dưới bên trái', 'dưới bên phải'];
/** How far from the image's corner a mark may sit: covers skew, scanner offsets and 97–103 % copies. */
const SEARCH_MM = 32;

const center = (r: Rect): Point => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });

/**
 * Finds the four solid corner marks. Each corner of the image is searched for the darkest mark-sized square whose
 * surrounding ring is paper, then its centre is refined to the centroid of its ink. `pixelsPerPoint` is the nominal
 * resolution (dpi / 72); the marks' spacing is then checked against it, so a page copied at the wrong size is caught.
 * `paper` is the page's paper level (see paperLevel).
 */
export function findCornerMarks(image: GrayImage, page: PageLayout, pixelsPerPoint: number, paper: number, scaleTolerance = 0.06): MarkSearch {
  const window = Math.min(Math.round(SEARCH_MM * MM * pixelsPerPoint), Math.floor(image.width / 2), Math.floor(image.height / 2));
  const origins = [0, 1, 2, 3].map((corner) => ({ x: corner % 2 === 0 ? 0 : image.width - window, y: corner < 2 ? 0 : image.height - window }));
  return searchMarks(image, page, pixelsPerPoint, paper, origins, window, scaleTolerance);
}

/**
 * Finds the marks on a photo or an odd framing, where they are not near the image's corners, from where some known
 * points of the page (the QR's corners: `anchors`, in layout points and image pixels) say they are. The marks nearest
 * the anchors are looked for first, and each one found joins the anchors: the map stays an affine guess, but one made
 * over more and more of the page, so a page seen in perspective still has its far marks inside their windows. The
 * page's size cannot be judged from a photo, so no scale check is made.
 */
export function findMarksNear(image: GrayImage, page: PageLayout, pixelsPerPoint: number, paper: number, anchors: { layout: Point[]; image: Point[] }): MarkSearch {
  const window = Math.min(Math.round(2 * SEARCH_MM * MM * pixelsPerPoint), image.width, image.height);
  const markPx = page.marks[0].w * pixelsPerPoint;
  const layoutCenters = page.marks.map(center);
  const anchor = { x: anchors.layout.reduce((s, p) => s + p.x, 0) / anchors.layout.length, y: anchors.layout.reduce((s, p) => s + p.y, 0) / anchors.layout.length };
  const order = [0, 1, 2, 3].sort((a, b) => distance(layoutCenters[a], anchor) - distance(layoutCenters[b], anchor));
  const known = { layout: [...anchors.layout], image: [...anchors.image] };
  const centers: Point[] = [];
  for (const corner of order) {
    const guess = applyHomography(affineFromPoints(known.layout, known.image), layoutCenters[corner]);
    const nearest = known.layout.reduce((best, p, i) => (distance(p, layoutCenters[corner]) < distance(known.layout[best], layoutCenters[corner]) ? i : best), 0);
    const from = known.image[nearest];
    let found: Point | null = null;
    // Perspective stretches or shrinks the page away from what is known, and the marks with it: a mark missing where
    // the guess puts it is looked for a little further out, then a little further in, on the line from the nearest
    // point known, and as a larger or a smaller square.
    for (const reach of PERSPECTIVE_REACH) {
      const expected = { x: from.x + (guess.x - from.x) * reach, y: from.y + (guess.y - from.y) * reach };
      const x0 = Math.max(0, Math.min(image.width - window, Math.round(expected.x - window / 2)));
      const y0 = Math.max(0, Math.min(image.height - window, Math.round(expected.y - window / 2)));
      for (const size of PERSPECTIVE_REACH) if ((found ??= findMarkInWindow(image, x0, y0, window, markPx * size, paper))) break;
      if (found) break;
    }
    if (!found) return { ok: false, reason: 'marksNotFound', message: `Không tìm thấy dấu định vị ở góc ${CORNER_NAMES[corner]}` };
    centers[corner] = found;
    known.layout.push(layoutCenters[corner]);
    known.image.push(found);
  }
  return checkScale(page, pixelsPerPoint, centers, Infinity);
}

const PERSPECTIVE_REACH = [1, 1.15, 0.87];

function searchMarks(image: GrayImage, page: PageLayout, pixelsPerPoint: number, paper: number, origins: Point[], window: number, scaleTolerance: number): MarkSearch {
  const markPx = page.marks[0].w * pixelsPerPoint;
  const centers: Point[] = [];
  for (let corner = 0; corner < 4; corner++) {
    const { x: x0, y: y0 } = origins[corner];
    const found = findMarkInWindow(image, x0, y0, window, markPx, paper);
    if (!found) {
      return { ok: false, reason: 'marksNotFound', message: `Không tìm thấy dấu định vị ở góc ${CORNER_NAMES[corner]}` };
    }
    centers.push(found);
  }
  return checkScale(page, pixelsPerPoint, centers, scaleTolerance);
}

const percent = (share: number) => (share * 100).toFixed(1).replace('.', ',');

/** The marks' spacing against the printed page at the nominal resolution: a page printed or copied at the wrong size is caught. */
function checkScale(page: PageLayout, pixelsPerPoint: number, centers: Point[], scaleTolerance: number): MarkSearch {
  const expected = page.marks.map(center);
  const scaleX = (distance(centers[0], centers[1]) + distance(centers[2], centers[3])) / 2 / (distance(expected[0], expected[1]) * pixelsPerPoint);
  const scaleY = (distance(centers[0], centers[2]) + distance(centers[1], centers[3])) / 2 / (distance(expected[0], expected[2]) * pixelsPerPoint);
  if (scaleTolerance !== Infinity && (Math.abs(scaleX - 1) > scaleTolerance || Math.abs(scaleY - 1) > scaleTolerance || Math.abs(scaleX - scaleY) > scaleTolerance / 2)) {
    return {
      ok: false,
      reason: 'scaleOff',
      message: `Trang được in hoặc quét ở cỡ ${percent(scaleX)} % × ${percent(scaleY)} % so với phiếu (cho phép ±${(scaleTolerance * 100).toFixed(0)} %)`,
    };
  }
  return { ok: true, centers: centers as [Point, Point, Point, Point], scale: (scaleX + scaleY) / 2 };
}

/** Layout points → image pixels, given where the marks were found; `turned` maps an upside-down page. */
export function pageTransform(page: PageLayout, centers: [Point, Point, Point, Point], turned: boolean): Homography {
  const layoutCenters = page.marks.map(center);
  const imageCenters = turned ? [centers[3], centers[2], centers[1], centers[0]] : centers;
  return homographyFromPoints(layoutCenters, imageCenters);
}

function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/**
 * Slides a mark-sized square over the window (on a summed-area table of darkness) and scores how dark it is inside
 * against how light its surrounding ring is. A mark is solid: inside nearly all ink, the ring nearly all paper.
 * The search runs on 2×2 blocks, a quarter of the work: the mark's centre is then taken from its ink at full resolution.
 */
function findMarkInWindow(image: GrayImage, x0: number, y0: number, size: number, markPx: number, paper: number): Point | null {
  const bin = 2;
  const cells = Math.floor(size / bin);
  const stride = cells + 1;
  const table = new Int32Array(stride * stride);
  const darkness = new Int32Array(256);
  for (let v = 0; v < 256; v++) darkness[v] = Math.max(0, paper - v);
  const { data, width } = image;
  for (let cy = 0; cy < cells; cy++) {
    let top = (y0 + cy * bin) * width + x0;
    let bottom = top + width;
    let rowSum = 0;
    let out = (cy + 1) * stride + 1;
    let above = cy * stride + 1;
    for (let cx = 0; cx < cells; cx++, top += 2, bottom += 2) {
      rowSum += darkness[data[top]] + darkness[data[top + 1]] + darkness[data[bottom]] + darkness[data[bottom + 1]];
      table[out++] = table[above++] + rowSum;
    }
  }
  const sum = (x: number, y: number, w: number, h: number) =>
    table[(y + h) * stride + x + w] - table[y * stride + x + w] - table[(y + h) * stride + x] + table[y * stride + x];
  const inner = Math.max(3, Math.round((markPx * 0.8) / bin));
  const ring = Math.max(2, Math.round((markPx * 0.45) / bin));
  const outer = inner + 2 * ring;
  const innerArea = inner * inner * bin * bin;
  const ringArea = outer * outer * bin * bin - innerArea;
  let best = -Infinity;
  let bestX = -1;
  let bestY = -1;
  const evaluate = (x: number, y: number) => {
    const inside = sum(x + ring, y + ring, inner, inner);
    const score = inside / innerArea - (2 * (sum(x, y, outer, outer) - inside)) / ringArea;
    if (score > best) {
      best = score;
      bestX = x;
      bestY = y;
    }
  };
  const step = Math.max(1, Math.floor(inner / 8));
  for (let y = 0; y + outer <= cells; y += step) for (let x = 0; x + outer <= cells; x += step) evaluate(x, y);
  if (bestX < 0) return null;
  const coarseX = bestX;
  const coarseY = bestY;
  for (let y = Math.max(0, coarseY - step); y <= Math.min(cells - outer, coarseY + step); y++) {
    for (let x = Math.max(0, coarseX - step); x <= Math.min(cells - outer, coarseX + step); x++) evaluate(x, y);
  }
  // Mostly ink inside, mostly paper around: anything less is text, a smudge or the edge of the scan.
  if (best < paper * 0.45) return null;
  const innerPx = inner * bin;
  return inkCentroid(image, x0 + (bestX + ring) * bin - innerPx * 0.25, y0 + (bestY + ring) * bin - innerPx * 0.25, innerPx * 1.5, paper);
}

function inkCentroid(image: GrayImage, x0: number, y0: number, size: number, paper: number): Point {
  let sx = 0;
  let sy = 0;
  let total = 0;
  const threshold = paper / 2;
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(image.height, y0 + size); y++) {
    for (let x = Math.max(0, Math.floor(x0)); x < Math.min(image.width, x0 + size); x++) {
      const v = image.data[y * image.width + x];
      if (v < threshold) {
        sx += x;
        sy += y;
        total++;
      }
    }
  }
  // Pixel centres sit at +0.5 of their index.
  return { x: sx / total + 0.5, y: sy / total + 0.5 };
}

/**
 * Share of the printed boxes whose border is where the transform puts it: dark ink at points along each edge, within a
 * point or so across it. Marks found away from the image's corners (on a photo) may be something else that looks like
 * one (a cancelled box, a sticker); a transform made from one of them misses the borders of most boxes.
 */
export function boxBordersInPlace(image: GrayImage, transform: Homography, boxes: Rect[], paper: number): number {
  if (boxes.length === 0) return 1;
  const dark = paper * 0.7;
  let inPlace = 0;
  for (const { x, y, w, h } of boxes) {
    let hits = 0;
    for (let k = 0; k < BORDER_POINTS; k++) {
      const t = (k + 0.5) / BORDER_POINTS;
      // Each edge as a point on it and the direction across it.
      const edges = [
        { px: x + t * w, py: y, dx: 0, dy: 1 },
        { px: x + t * w, py: y + h, dx: 0, dy: 1 },
        { px: x, py: y + t * h, dx: 1, dy: 0 },
        { px: x + w, py: y + t * h, dx: 1, dy: 0 },
      ];
      for (const { px, py, dx, dy } of edges) {
        if (BORDER_ACROSS.some((d) => {
          const at = applyHomography(transform, { x: px + d * dx, y: py + d * dy });
          return pixelAt(image, at.x, at.y) < dark;
        })) hits++;
      }
    }
    if (hits >= BORDER_POINTS * 4 * 0.75) inPlace++;
  }
  return inPlace / boxes.length;
}

const BORDER_POINTS = 6;
/** Offsets across a border, in points: its 0.9 pt line and a point of registration error either way. */
const BORDER_ACROSS = [0, -0.6, 0.6, -1.2, 1.2];
