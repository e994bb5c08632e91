/**
 * RING numbering (Górski et al. 2005 §4, eqs. 4–9): pixels counted along iso-latitude rings from
 * the north pole. Ring i (1 ≤ i < 4·nside) holds 4i pixels in the north cap (i < nside), 4·nside in
 * the equatorial zone, and 4(4·nside − i) in the south cap; the first pixel of north ring i is
 * 2i(i−1). Conversions go through (face, ix, iy): the ring number is i = r_f·nside − ix − iy − 1
 * with r_f = 2, 3, 4 for north, equatorial and south faces. Number arithmetic for order ≤ 24
 * (i² < 2^52), BigInt above.
 */
import { POW2 } from "./order.js";
import { faceCentreU, type Xyf } from "./xyf.js";

/** (f, ix, iy) → RING index (number, order ≤ 24). */
export function xyfToRing(order: number, f: number, ix: number, iy: number): number {
  const n = POW2[order]!;
  const row = f >> 2;
  const i = (row + 2) * n - ix - iy - 1;
  if (i < n) return 2 * i * (i - 1) + f * i + (n - 1 - iy);
  if (i > 3 * n) {
    const i2 = 4 * n - i;
    return 12 * n * n - 2 * i2 * (i2 + 1) + (f - 8) * i2 + ix;
  }
  // Equatorial ring: pixel centres at φ = (π/2n)(k + δ), δ = ½ when i − n is even.
  const d2 = ((i - n) & 1) === 0 ? 1 : 0;
  let k = (n * faceCentreU(f) + ix - iy - d2) / 2;
  const nr = 4 * n;
  if (k < 0) k += nr;
  else if (k >= nr) k -= nr;
  return 2 * n * (n - 1) + (i - n) * nr + k;
}

function capRing(p: number): number {
  // The ring i with 2i(i−1) ≤ p < 2i(i+1); the float estimate is corrected by integer checks.
  let i = Math.floor((1 + Math.sqrt(1 + 2 * p)) / 2);
  while (2 * i * (i - 1) > p) i--;
  while (2 * i * (i + 1) <= p) i++;
  return i;
}

function equatorialXyf(n: number, i: number, k: number, out: Xyf): void {
  const d2 = ((i - n) & 1) === 0 ? 1 : 0;
  const jm = Math.floor((2 * k + d2 + 3 * n - i) / 2);
  const jp = Math.floor((2 * k + d2 + i - n) / 2);
  const m = Math.floor(jm / n);
  const q = Math.floor(jp / n);
  const rowDiff = m - q;
  const u = (m + q) & 7;
  out.f = rowDiff === 0 ? 4 + (u >> 1) : rowDiff > 0 ? ((u - 1) >> 1) & 3 : 8 + (((u - 1) >> 1) & 3);
  out.ix = jm - m * n;
  out.iy = n - 1 - (jp - q * n);
}

/** RING index (number, order ≤ 24) → (f, ix, iy). */
export function ringToXyf(order: number, p: number, out: Xyf): void {
  const n = POW2[order]!;
  const ncap = 2 * n * (n - 1);
  const npix = 12 * n * n;
  if (p < ncap) {
    const i = capRing(p);
    const k = p - 2 * i * (i - 1);
    const f = Math.floor(k / i);
    const iy = n - 1 - (k - f * i);
    out.f = f;
    out.iy = iy;
    out.ix = 2 * n - 1 - i - iy;
  } else if (p < npix - ncap) {
    const pp = p - ncap;
    const r = Math.floor(pp / (4 * n));
    equatorialXyf(n, n + r, pp - r * 4 * n, out);
  } else {
    const i2 = capRing(npix - 1 - p);
    const k = p - (npix - 2 * i2 * (i2 + 1));
    const fq = Math.floor(k / i2);
    out.f = 8 + fq;
    out.ix = k - fq * i2;
    out.iy = i2 - 1 - out.ix;
  }
}

/** (f, ix, iy) → RING index as a bigint (any order). */
export function xyfToRingBig(order: number, f: number, ix: number, iy: number): bigint {
  const n = POW2[order]!;
  const N = BigInt(n);
  const row = f >> 2;
  const i = (row + 2) * n - ix - iy - 1; // < 2^31: exact as a number
  if (i < n) {
    const I = BigInt(i);
    return 2n * I * (I - 1n) + BigInt(f * i + (n - 1 - iy));
  }
  if (i > 3 * n) {
    const i2 = BigInt(4 * n - i);
    return 12n * N * N - 2n * i2 * (i2 + 1n) + BigInt((f - 8) * (4 * n - i) + ix);
  }
  const d2 = ((i - n) & 1) === 0 ? 1 : 0;
  let k = (n * faceCentreU(f) + ix - iy - d2) / 2; // |k| < 2^33: exact
  const nr = 4 * n;
  if (k < 0) k += nr;
  else if (k >= nr) k -= nr;
  return 2n * N * (N - 1n) + BigInt(i - n) * BigInt(nr) + BigInt(k);
}

function capRingBig(p: bigint): bigint {
  let i = BigInt(Math.floor((1 + Math.sqrt(1 + 2 * Number(p))) / 2));
  while (2n * i * (i - 1n) > p) i--;
  while (2n * i * (i + 1n) <= p) i++;
  return i;
}

/** RING index (bigint, any order) → (f, ix, iy). */
export function ringBigToXyf(order: number, p: bigint, out: Xyf): void {
  const n = POW2[order]!;
  const N = BigInt(n);
  const ncap = 2n * N * (N - 1n);
  const npix = 12n * N * N;
  if (p < ncap) {
    const I = capRingBig(p);
    const k = p - 2n * I * (I - 1n);
    const i = Number(I);
    const f = Number(k / I);
    const iy = n - 1 - Number(k - BigInt(f) * I);
    out.f = f;
    out.iy = iy;
    out.ix = 2 * n - 1 - i - iy;
  } else if (p < npix - ncap) {
    const pp = p - ncap;
    const nr = 4n * N;
    const r = pp / nr;
    equatorialXyf(n, n + Number(r), Number(pp - r * nr), out);
  } else {
    const I2 = capRingBig(npix - 1n - p);
    const k = p - (npix - 2n * I2 * (I2 + 1n));
    const fq = Number(k / I2);
    const i2 = Number(I2);
    out.f = 8 + fq;
    out.ix = Number(k) - fq * i2;
    out.iy = i2 - 1 - out.ix;
  }
}
