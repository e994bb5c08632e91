/**
 * Small dense linear algebra for the CDi_j / PCi_j matrix (Paper I §2.1): building
 * M = diag(CDELT) * PC and inverting it by Gauss-Jordan elimination with partial pivoting.
 */
import { WcsError } from "./errors.js";

/** M[i][j] = cdelt[i] * pc[i][j], row-major n x n. */
export function scaledMatrix(n: number, cdelt: readonly number[], pc: readonly number[]): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i * n + j] = cdelt[i]! * pc[i * n + j]!;
  return m;
}

/**
 * The inverse of a row-major n x n matrix.
 * @throws WcsError Singular when the matrix cannot be inverted.
 */
export function invert(n: number, m: Float64Array): Float64Array {
  const a = Float64Array.from(m);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]!) > Math.abs(a[p * n + c]!)) p = r;
    const pivot = a[p * n + c]!;
    if (pivot === 0 || !Number.isFinite(pivot)) throw new WcsError("Singular", "the CDi_j/PCi_j matrix is singular");
    if (p !== c) {
      for (let k = 0; k < n; k++) {
        const t = a[c * n + k]!;
        a[c * n + k] = a[p * n + k]!;
        a[p * n + k] = t;
        const u = inv[c * n + k]!;
        inv[c * n + k] = inv[p * n + k]!;
        inv[p * n + k] = u;
      }
    }
    for (let k = 0; k < n; k++) {
      a[c * n + k] = a[c * n + k]! / pivot;
      inv[c * n + k] = inv[c * n + k]! / pivot;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r * n + c]!;
      if (f === 0) continue;
      for (let k = 0; k < n; k++) {
        a[r * n + k] = a[r * n + k]! - f * a[c * n + k]!;
        inv[r * n + k] = inv[r * n + k]! - f * inv[c * n + k]!;
      }
    }
  }
  return inv;
}
