/** A plane projective transform as a row-major 3×3 matrix with h[8] = 1. */
export type Homography = number[];

export interface Point {
  x: number;
  y: number;
}

/** The homography that maps each `from[i]` to `to[i]` (four correspondences, no three collinear). */
export function homographyFromPoints(from: Point[], to: Point[]): Homography {
  const a: number[][] = [];
  const b: number[] = [];
  for (let i = 0; i < 4; i++) {
    const { x, y } = from[i];
    const { x: u, y: v } = to[i];
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y]);
    b.push(u);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y]);
    b.push(v);
  }
  return [...solve(a, b), 1];
}

export function applyHomography(h: Homography, p: Point): Point {
  const w = h[6] * p.x + h[7] * p.y + h[8];
  return { x: (h[0] * p.x + h[1] * p.y + h[2]) / w, y: (h[3] * p.x + h[4] * p.y + h[5]) / w };
}

/** Gaussian elimination with partial pivoting; 8×8 is all we ever solve. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) pivot = r;
    if (Math.abs(m[pivot][col]) < 1e-12) throw new Error('degenerate point configuration');
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r][col] / m[col][col];
      if (f === 0) continue;
      for (let c = col; c <= n; c++) m[r][c] -= f * m[col][c];
    }
  }
  return m.map((row, i) => row[n] / row[i]);
}

/**
 * The least-squares affine map from `from` to `to`, as a homography with no perspective part. Extrapolating far from
 * the points (from the QR to the page corners) an affine fit is far steadier than a projective one.
 */
export function affineFromPoints(from: Point[], to: Point[]): Homography {
  const rows = from.map((p) => [p.x, p.y, 1]);
  const normal = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, r) => s + r[i] * r[j], 0)));
  const fit = (values: number[]) => solve(normal, [0, 1, 2].map((i) => rows.reduce((s, r, k) => s + r[i] * values[k], 0)));
  return [...fit(to.map((p) => p.x)), ...fit(to.map((p) => p.y)), 0, 0, 1];
}
