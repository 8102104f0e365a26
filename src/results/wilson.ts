/**
 * Wilson score interval for a share of x out of n. Unlike the textbook p ± z·√(p(1−p)/n) it stays inside [0, 1] and
 * does not shrink to nothing at 0 % or 100 %, which matters for small offices where 10 of 10 satisfied is common.
 */
export function wilsonInterval(x: number, n: number, z: number): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = x / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
