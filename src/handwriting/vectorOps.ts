/** target[t..t+n) += v · source[s..s+n), unrolled by four: the multiply-add the networks spend their time in. */
export function addScaled(target: Float32Array, t: number, source: Float32Array, s: number, v: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    target[t + i] += v * source[s + i];
    target[t + i + 1] += v * source[s + i + 1];
    target[t + i + 2] += v * source[s + i + 2];
    target[t + i + 3] += v * source[s + i + 3];
  }
  for (; i < n; i++) target[t + i] += v * source[s + i];
}

/** The dot product of a[i..i+n) and b[j..j+n). */
export function dot(a: Float32Array, i: number, b: Float32Array, j: number, n: number): number {
  let sum = 0;
  let k = 0;
  for (; k + 4 <= n; k += 4) sum += a[i + k] * b[j + k] + a[i + k + 1] * b[j + k + 1] + a[i + k + 2] * b[j + k + 2] + a[i + k + 3] * b[j + k + 3];
  for (; k < n; k++) sum += a[i + k] * b[j + k];
  return sum;
}
