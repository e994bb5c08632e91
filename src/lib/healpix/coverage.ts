/**
 * Region coverage by HEALPix cells: query_disc / query_polygon and the range sets used by the
 * SQLite prefilter and by MOC building. A hierarchical descent in NESTED order (Górski et al.
 * 2005 §4: the nested scheme's quadtree), as in the query algorithms of Reinecke & Hivon (HEALPix
 * C++ library's query_disc/query_polygon; Reinecke & Hivon 2015, A&A 580, A132 for pixel range
 * sets): each cell is bounded by a cap around its centre, and the region's conservative cap
 * relation (lib/sphere shape.ts) prunes, accepts whole cells, or descends; results are emitted as
 * sorted [start, end) ranges.
 *
 * Two modes at the target order:
 * - exact: pixels whose centre lies in the region (healpy inclusive=False);
 * - inclusive: pixels whose centre lies within {@link maxPixradRad} of the region (convex polygons:
 *   of each edge's half-space), a superset of every pixel touching the region and of healpy's
 *   inclusive=True answer.
 */
import { compileRegion, INSIDE, OUTSIDE, type Region } from "../sphere/index.js";
import { xyfToNest } from "./nest.js";
import { checkOrder, HealpixError, MAX_ORDER, POW2 } from "./order.js";
import { faceToLoc, type Loc } from "./xyf.js";

/**
 * An upper bound on nside × (largest centre-to-corner distance of any pixel) in radians. The
 * maximum grows with nside toward ≈ 1.068969 (healpy's max_pixrad(2^29)·2^29 = 1.0689689571797583;
 * 0.8411 at nside 1), so 1.069 bounds every order (checked against healpy in coverage.test.ts).
 */
export const PIXRAD_FACTOR = 1.069;

/** An upper bound in radians on the distance from any pixel's centre to its corners at `order`. */
export function maxPixradRad(order: number): number {
  return Math.min(Math.PI, PIXRAD_FACTOR / 2 ** order);
}

/**
 * The radius of a cap around a cell's centre that contains the whole cell: the corner bound
 * widened by 20% for edges, which are not great circles and bow slightly outward.
 */
function cellBoundRad(depth: number): number {
  return Math.min(Math.PI, 1.2 * maxPixradRad(depth));
}

/**
 * Dot-product thresholds for a disc, per depth: a cell whose centre c has c·centre below cosOut
 * lies outside, at or above cosIn inside (cheaper than the angle form). Only for radii ≥ 1e-3 rad,
 * where cosines resolve the 20%-margin decisions; tiny discs use the generic angle test.
 */
function discThresholds(
  raDeg: number,
  decDeg: number,
  radiusDeg: number,
  dil: number,
  bounds: readonly number[],
): { cx: number; cy: number; cz: number; cosOut: number[]; cosIn: number[] } | undefined {
  const R = (radiusDeg * Math.PI) / 180 + dil;
  if (R < 1e-3) return undefined;
  const a = (raDeg * Math.PI) / 180;
  const dd = (decDeg * Math.PI) / 180;
  const cosOut = bounds.map((b) => (R + b >= Math.PI ? -2 : Math.cos(R + b)));
  const cosIn = bounds.map((b) => (R - b >= 1e-3 ? Math.cos(R - b) : 2));
  return { cx: Math.cos(dd) * Math.cos(a), cy: Math.cos(dd) * Math.sin(a), cz: Math.sin(dd), cosOut, cosIn };
}

/** Options for coverage queries. */
export interface CoverOptions {
  /** Inclusive mode (every touching pixel, and some more); default false = pixel centres inside. */
  readonly inclusive?: boolean;
}

/**
 * Visits the cells covering `region` at `order` in ascending NESTED order: cells at depth < order
 * are covered entirely (all their descendants at `order` belong), cells at depth = order are
 * single pixels. Orders 0..29. The callback receives (depth, face, ix, iy) at that depth.
 */
export function visitCoverage(
  region: Region,
  order: number,
  options: CoverOptions,
  visit: (depth: number, f: number, ix: number, iy: number) => void,
): void {
  checkOrder(order, MAX_ORDER);
  const shape = compileRegion(region);
  const inclusive = options.inclusive ?? false;
  const dil = inclusive ? maxPixradRad(order) : 0;
  const loc: Loc = { z: 0, sth: 0, phi: 0 };
  const bounds: number[] = [];
  for (let d = 0; d <= order; d++) bounds.push(cellBoundRad(d));
  const fast = region.kind === "circle" ? discThresholds(region.raDeg, region.decDeg, region.radiusDeg, dil, bounds) : undefined;
  const walk = (d: number, f: number, ix: number, iy: number): void => {
    const n = POW2[d]!;
    faceToLoc(f, (ix + 0.5) / n, (iy + 0.5) / n, loc);
    const x = loc.sth * Math.cos(loc.phi);
    const y = loc.sth * Math.sin(loc.phi);
    const z = loc.z;
    if (d === order) {
      const ok = inclusive ? shape.relation(x, y, z, 0, dil) !== OUTSIDE : shape.contains(x, y, z);
      if (ok) visit(d, f, ix, iy);
      return;
    }
    let rel: number;
    if (fast !== undefined) {
      const dp = fast.cx * x + fast.cy * y + fast.cz * z;
      rel = dp < fast.cosOut[d]! ? OUTSIDE : dp >= fast.cosIn[d]! ? INSIDE : 0;
    } else rel = shape.relation(x, y, z, bounds[d]!, dil);
    if (rel === OUTSIDE) return;
    if (rel === INSIDE) {
      visit(d, f, ix, iy);
      return;
    }
    for (let k = 0; k < 4; k++) walk(d + 1, f, 2 * ix + (k & 1), 2 * iy + (k >> 1));
  };
  for (let f = 0; f < 12; f++) walk(0, f, 0, 0);
}

/**
 * Sorted, merged half-open NESTED ranges [start, end) at `order` (0..24) covering the region:
 * flat array [s0, e0, s1, e1, ...]. Inclusive by default (a prefilter must not lose rows).
 */
export function coverRangesFlat(region: Region, order: number, options: CoverOptions = { inclusive: true }): number[] {
  if (order > 24) throw new HealpixError(`coverRanges works with number indices (order ≤ 24), got ${order}; use a MOC`);
  const out: number[] = [];
  visitCoverage(region, order, options, (d, f, ix, iy) => {
    const scale = POW2[2 * (order - d)]!;
    const s = xyfToNest(d, f, ix, iy) * scale;
    const e = s + scale;
    if (out.length > 0 && out[out.length - 1] === s) out[out.length - 1] = e;
    else out.push(s, e);
  });
  return out;
}

/**
 * The SQLite HEALPix prefilter: sorted, non-overlapping NESTED ranges [start, end) at `order`
 * (0..24) whose union contains every point of the region (inclusive coverage).
 */
export function coverRanges(region: Region, order: number): [number, number][] {
  const flat = coverRangesFlat(region, order, { inclusive: true });
  const out: [number, number][] = [];
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i]!, flat[i + 1]!]);
  return out;
}
