/**
 * Inverse H-transform (White 1992 §2; Fritze et al. 1977): the image is rebuilt from its Haar-like
 * coefficients level by level, coarsest first. At each level the coefficients of the active
 * nxtop × nytop corner are de-interleaved along both axes and every 2×2 block is reconstructed
 * from its sum h0 and differences hx (along rows), hy (along columns) and hc (diagonal):
 *   a00 = (h0 − hx − hy + hc)/2, a01 = (h0 − hx + hy − hc)/2,
 *   a10 = (h0 + hx − hy − hc)/2, a11 = (h0 + hx + hy + hc)/2   (/4 on the last level).
 * Before that, coefficients are rounded to the multiples of 2^k they must have at level k and
 * their parity bits are propagated to h0, which makes the inverse exact for lossless streams and
 * unbiased for quantised ones (SCALE > 1). Arithmetic is on doubles holding integers, with
 * floor-based helpers standing for two's-complement shifts and masks, so 32-bit images with
 * large sums stay exact (below 2^53).
 */

/** v & −w for w a power of two (floor to a multiple of w). */
function floorTo(v: number, w: number): number {
  return Math.floor(v / w) * w;
}

/** v & w for w a power of two, with two's-complement semantics for negative v. */
function bitOf(v: number, w: number): number {
  const m = Math.floor(v / w);
  return (m - 2 * Math.floor(m / 2)) * w;
}

/** Rounds v to a multiple of `w` the way the transform expects (half up for v ≥ 0). */
function roundTo(v: number, w: number, pos: number, neg: number): number {
  return floorTo(v + (v >= 0 ? pos : neg), w);
}

/** Moves the first ceil(n/2) values (stride s) to even positions and the rest to odd ones. */
function interleave(a: Float64Array, start: number, n: number, s: number, tmp: Float64Array): void {
  const half = (n + 1) >> 1;
  for (let k = 0; k < n; k++) tmp[k] = a[start + k * s]!;
  for (let k = 0; k < half; k++) a[start + 2 * k * s] = tmp[k]!;
  for (let k = half; k < n; k++) a[start + (2 * (k - half) + 1) * s] = tmp[k]!;
}

/**
 * Inverts the H-transform in place. `a` holds nx rows of ny values (row-major, ny fastest).
 * SMOOTH (interpolation of coefficients) is not applied; callers reject SMOOTH ≠ 0.
 */
export function inverseHTransform(a: Float64Array, nx: number, ny: number): void {
  const nmax = Math.max(nx, ny);
  const log2n = Math.ceil(Math.log2(Math.max(1, nmax)));
  if (log2n === 0) return;
  const tmp = new Float64Array(nmax);
  // Level k runs from log2n − 1 down to 0; bit0 = 2^k, bit1 = 2^(k+1), bit2 = 2^(k+2).
  let bit0 = 2 ** (log2n - 1);
  const bit2 = 4 * bit0;
  a[0] = roundTo(a[0]!, bit2, bit2 / 2, bit2 / 2 - 1);
  for (let k = log2n - 1; k >= 0; k--) {
    const bit1 = 2 * bit0;
    const prnd0 = Math.floor(bit0 / 2);
    const nrnd0 = k === 0 ? 0 : prnd0 - 1;
    const prnd1 = bit0;
    const nrnd1 = bit0 - 1;
    const div = k === 0 ? 4 : 2;
    const nxtop = Math.ceil(nx / 2 ** k);
    const nytop = Math.ceil(ny / 2 ** k);
    for (let i = 0; i < nxtop; i++) interleave(a, ny * i, nytop, 1, tmp);
    for (let j = 0; j < nytop; j++) interleave(a, j, nxtop, ny, tmp);
    const oddx = nxtop % 2;
    const oddy = nytop % 2;
    let i = 0;
    for (; i < nxtop - oddx; i += 2) {
      let s00 = ny * i;
      let s10 = s00 + ny;
      for (let j = 0; j < nytop - oddy; j += 2, s00 += 2, s10 += 2) {
        let h0 = a[s00]!;
        let hx = roundTo(a[s10]!, bit1, prnd1, nrnd1);
        let hy = roundTo(a[s00 + 1]!, bit1, prnd1, nrnd1);
        const hc = roundTo(a[s10 + 1]!, bit0, prnd0, nrnd0);
        const low0 = bitOf(hc, bit0);
        hx = hx >= 0 ? hx - low0 : hx + low0;
        hy = hy >= 0 ? hy - low0 : hy + low0;
        // Parity bit1 of hc ^ hx ^ hy.
        const low1 = ((bitOf(hc, bit1) + bitOf(hx, bit1) + bitOf(hy, bit1)) / bit1) % 2 === 1 ? bit1 : 0;
        h0 = h0 >= 0 ? h0 + low0 - low1 : h0 + (low0 === 0 ? low1 : low0 - low1);
        a[s10 + 1] = Math.floor((h0 + hx + hy + hc) / div);
        a[s10] = Math.floor((h0 + hx - hy - hc) / div);
        a[s00 + 1] = Math.floor((h0 - hx + hy - hc) / div);
        a[s00] = Math.floor((h0 - hx - hy + hc) / div);
      }
      if (oddy) {
        let h0 = a[s00]!;
        const hx = roundTo(a[s10]!, bit1, prnd1, nrnd1);
        const low1 = bitOf(hx, bit1);
        h0 = h0 >= 0 ? h0 - low1 : h0 + low1;
        a[s10] = Math.floor((h0 + hx) / div);
        a[s00] = Math.floor((h0 - hx) / div);
      }
    }
    if (oddx) {
      let s00 = ny * i;
      for (let j = 0; j < nytop - oddy; j += 2, s00 += 2) {
        let h0 = a[s00]!;
        const hy = roundTo(a[s00 + 1]!, bit1, prnd1, nrnd1);
        const low1 = bitOf(hy, bit1);
        h0 = h0 >= 0 ? h0 - low1 : h0 + low1;
        a[s00 + 1] = Math.floor((h0 + hy) / div);
        a[s00] = Math.floor((h0 - hy) / div);
      }
      if (oddy) a[s00] = Math.floor(a[s00]! / div);
    }
    bit0 /= 2;
  }
}
