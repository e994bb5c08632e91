/**
 * TPV distortion: the NOAO/SCAMP polynomial on the tangent plane, registered as a FITS WCS
 * convention (https://fits.gsfc.nasa.gov/registry/tpvwcs.html, following the polynomial form of
 * Calabretta et al.'s distortion paper draft). For axis coordinate x (its own) and y (the other),
 * r = sqrt(x^2 + y^2), all in degrees: x' = sum_m PVi_m T_m(x, y), with T_m the terms
 * 1, x, y, r, x^2, xy, y^2, x^3, x^2y, xy^2, y^3, r^3, ... up to degree 7 and r^7 (m = 0..39).
 * The inverse is found by Newton's method with the analytic Jacobian.
 */
import type { TpvParams } from "../types.js";

/** Term m as own^i * other^j * r^k: triples for m = 0..39. */
const TERMS: readonly (readonly [number, number, number])[] = (() => {
  const t: [number, number, number][] = [
    [0, 0, 0],
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  for (let d = 2; d <= 7; d++) {
    for (let j = 0; j <= d; j++) t.push([d - j, j, 0]);
    if (d % 2 === 1) t.push([0, 0, d]);
  }
  return t;
})();

/** Evaluates the TPV polynomial c at (own, other) and its partial derivatives into g. */
function evalTpv(c: Float64Array, x: number, y: number, g: Float64Array | null): number {
  const r2 = x * x + y * y;
  const r = Math.sqrt(r2);
  let s = 0;
  let dx = 0;
  let dy = 0;
  for (let m = 0; m < 40; m++) {
    const a = c[m]!;
    if (a === 0) continue;
    const [i, j, k] = TERMS[m]!;
    if (k > 0) {
      s += a * r ** k;
      if (g && r > 0) {
        const d = a * k * r ** (k - 2);
        dx += d * x;
        dy += d * y;
      }
      continue;
    }
    const xi = i === 0 ? 1 : x ** i;
    const yj = j === 0 ? 1 : y ** j;
    s += a * xi * yj;
    if (g) {
      if (i > 0) dx += a * i * (i === 1 ? 1 : x ** (i - 1)) * yj;
      if (j > 0) dy += a * j * xi * (j === 1 ? 1 : y ** (j - 1));
    }
  }
  if (g) {
    g[0] = dx;
    g[1] = dy;
  }
  return s;
}

/** Undistorted intermediate (x = lon axis, y = lat axis), degrees -> distorted, writing out[0..1]. */
export function tpvForward(tpv: TpvParams, x: number, y: number, out: Float64Array): void {
  out[0] = evalTpv(tpv.lon, x, y, null);
  out[1] = evalTpv(tpv.lat, y, x, null);
}

const g1 = new Float64Array(2);
const g2 = new Float64Array(2);

/** Inverse of tpvForward by Newton iteration (to 1e-14 degrees); NaN when it does not converge. */
export function tpvInverse(tpv: TpvParams, xp: number, yp: number, out: Float64Array): void {
  let x = xp;
  let y = yp;
  for (let it = 0; it < 60; it++) {
    const fx = evalTpv(tpv.lon, x, y, g1) - xp;
    const fy = evalTpv(tpv.lat, y, x, g2) - yp;
    // g1 = (d/dx, d/dy) of the lon polynomial; g2 = (d/dy, d/dx) of the lat polynomial.
    const j11 = g1[0]!;
    const j12 = g1[1]!;
    const j21 = g2[1]!;
    const j22 = g2[0]!;
    const det = j11 * j22 - j12 * j21;
    const dx = (fx * j22 - fy * j12) / det;
    const dy = (fy * j11 - fx * j21) / det;
    x -= dx;
    y -= dy;
    if (Math.abs(dx) < 1e-14 && Math.abs(dy) < 1e-14) {
      out[0] = x;
      out[1] = y;
      return;
    }
    if (!Number.isFinite(x) || !Number.isFinite(y)) break;
  }
  const ok = Math.abs(evalTpv(tpv.lon, x, y, null) - xp) < 1e-12 && Math.abs(evalTpv(tpv.lat, y, x, null) - yp) < 1e-12;
  out[0] = ok ? x : Number.NaN;
  out[1] = ok ? y : Number.NaN;
}
