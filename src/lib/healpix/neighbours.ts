/**
 * The 8 neighbours of a pixel, in healpy's order SW, W, NW, N, NE, E, SE, S (-1 where none: at
 * the 8 base-face corners where only three faces meet, a pixel has 7 neighbours). Derived from the
 * face layout of Górski et al. (2005) Fig. 4: faces are diamonds on a (m, n) grid of the
 * projection plane; stepping off a face moves on that grid, except across the polar edges, where
 * the four polar faces meet with a quarter turn.
 */
import { xyfToNest, xyfToNestBig } from "./nest.js";
import { checkOrder, checkPixel, checkPixelBig, type HealpixScheme, MAX_ORDER } from "./order.js";
import { decodeBigInto, decodeInto } from "./pixel.js";
import { xyfToRing, xyfToRingBig } from "./ring.js";
import type { Xyf } from "./xyf.js";

/** (dx, dy) steps in the output order SW, W, NW, N, NE, E, SE, S. */
const STEPS: readonly (readonly [number, number])[] = [
  [-1, 0],
  [-1, 1],
  [0, 1],
  [1, 1],
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
];

/**
 * Moves from (f, x, y) with x, y possibly one step outside [0, nside) onto the right face;
 * returns false when that direction has no neighbour (a three-face corner).
 */
export function wrapXyf(n: number, f: number, x: number, y: number, out: Xyf): boolean {
  const dm = x < 0 ? -1 : x >= n ? 1 : 0;
  const dn = y < 0 ? 1 : y >= n ? -1 : 0;
  if (dm === 0 && dn === 0) {
    out.f = f;
    out.ix = x;
    out.iy = y;
    return true;
  }
  const row = f >> 2;
  const m = row === 0 ? f + 1 : row === 1 ? f - 4 : f - 8;
  const q = row === 0 ? f : row === 1 ? f - 4 : f - 7;
  const d = m + dm - (q + dn);
  if (dm !== 0 && dn !== 0) {
    // Corners: the pole corner of a polar face reaches the opposite face; the two side corners of a
    // polar face and the north/south corners of an equatorial face are three-face points.
    if (d === 3) return set(out, (f + 2) & 3, 2 * n - 1 - x, 2 * n - 1 - y);
    if (d === -3) return set(out, 8 + ((f + 2) & 3), -1 - x, -1 - y);
    if (row === 1 ? d === 2 || d === -2 : dm === dn) return false;
  } else if (d === 2) {
    // Across a north polar edge.
    if (x >= n) return set(out, (f + 1) & 3, y, 2 * n - 1 - x);
    return set(out, (f + 3) & 3, 2 * n - 1 - y, x);
  } else if (d === -2) {
    if (x < 0) return set(out, 8 + ((f + 3) & 3), y, -1 - x);
    return set(out, 8 + ((f + 1) & 3), -1 - y, x);
  }
  const u = (((m + dm + q + dn) % 8) + 8) % 8;
  const nf = d === 0 ? 4 + (u >> 1) : d > 0 ? ((u - 1) >> 1) & 3 : 8 + (((u - 1) >> 1) & 3);
  return set(out, nf, x - dm * n, y + dn * n);
}

function set(out: Xyf, f: number, ix: number, iy: number): true {
  out.f = f;
  out.ix = ix;
  out.iy = iy;
  return true;
}

const cur: Xyf = { f: 0, ix: 0, iy: 0 };
const nb: Xyf = { f: 0, ix: 0, iy: 0 };

/** The 8 neighbours (SW, W, NW, N, NE, E, SE, S; -1 where none) of ipix; order 0..24. */
export function neighbours(order: number, ipix: number, scheme: HealpixScheme = "nested"): number[] {
  checkOrder(order);
  checkPixel(order, ipix);
  decodeInto(order, ipix, scheme, cur);
  const n = 2 ** order;
  const { f, ix, iy } = cur;
  return STEPS.map(([dx, dy]) => {
    if (!wrapXyf(n, f, ix + dx, iy + dy, nb)) return -1;
    return scheme === "nested" ? xyfToNest(order, nb.f, nb.ix, nb.iy) : xyfToRing(order, nb.f, nb.ix, nb.iy);
  });
}

/** BigInt form of {@link neighbours} (-1n where none); orders 0..29. */
export function neighboursBig(order: number, ipix: bigint, scheme: HealpixScheme = "nested"): bigint[] {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  decodeBigInto(order, ipix, scheme, cur);
  const n = 2 ** order;
  const { f, ix, iy } = cur;
  return STEPS.map(([dx, dy]) => {
    if (!wrapXyf(n, f, ix + dx, iy + dy, nb)) return -1n;
    return scheme === "nested" ? xyfToNestBig(order, nb.f, nb.ix, nb.iy) : xyfToRingBig(order, nb.f, nb.ix, nb.iy);
  });
}
