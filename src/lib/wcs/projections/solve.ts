/**
 * A bracketed root finder for the projections whose inverse has no closed form (ZPN, AIR, PCO,
 * MOL's auxiliary angle): the Illinois variant of regula falsi, which keeps a bracket (so it
 * always converges on a continuous function) and is superlinear in practice.
 */

/**
 * Finds x in [lo, hi] with f(x) = 0 given f(lo) and f(hi) of opposite signs (or one zero).
 * Stops when successive estimates differ by less than `tol` (in x's units). NaN without a bracket.
 */
export function solveBracketed(f: (x: number) => number, lo: number, hi: number, tol: number): number {
  let a = lo;
  let b = hi;
  let fa = f(a);
  let fb = f(b);
  if (fa === 0) return a;
  if (fb === 0) return b;
  if (!(fa * fb < 0)) return Number.NaN;
  let side = 0;
  let c = a;
  for (let i = 0; i < 300; i++) {
    const prev = c;
    c = i < 100 ? (a * fb - b * fa) / (fb - fa) : 0.5 * (a + b);
    if (!(c >= Math.min(a, b) && c <= Math.max(a, b))) c = 0.5 * (a + b);
    const fc = f(c);
    if (fc === 0) return c;
    if (fc * fb > 0) {
      b = c;
      fb = fc;
      if (side === -1) fa /= 2;
      side = -1;
    } else {
      a = c;
      fa = fc;
      if (side === 1) fb /= 2;
      side = 1;
    }
    if (Math.abs(b - a) < tol || (i > 0 && Math.abs(c - prev) < tol * 1e-3)) return c;
  }
  return c;
}
