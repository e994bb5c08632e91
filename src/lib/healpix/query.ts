/**
 * query_disc / query_polygon / query of any region as sorted pixel lists (number indices, orders
 * 0..24) in either scheme, over the coverage descent of coverage.ts. The disc and polygon helpers
 * take degrees; see coverage.ts for the exact and inclusive modes.
 */
import { circle, polygon, type Region } from "../sphere/index.js";
import { type CoverOptions, coverRangesFlat } from "./coverage.js";
import { nestToXyf } from "./nest.js";
import { checkOrder, type HealpixScheme } from "./order.js";
import { xyfToRing } from "./ring.js";
import type { Xyf } from "./xyf.js";

/** Options of the pixel-list queries. */
export interface QueryOptions extends CoverOptions {
  /** Numbering of the returned pixels; default "nested". */
  readonly scheme?: HealpixScheme;
}

/** Sorted pixel indices covering `region` at `order` (0..24). */
export function queryRegion(order: number, region: Region, options: QueryOptions = {}): number[] {
  checkOrder(order);
  const ranges = coverRangesFlat(region, order, options);
  let total = 0;
  for (let i = 0; i < ranges.length; i += 2) total += ranges[i + 1]! - ranges[i]!;
  const out = new Array<number>(total);
  let k = 0;
  for (let i = 0; i < ranges.length; i += 2) for (let p = ranges[i]!; p < ranges[i + 1]!; p++) out[k++] = p;
  if ((options.scheme ?? "nested") === "nested") return out;
  const c: Xyf = { f: 0, ix: 0, iy: 0 };
  const ring = out.map((p) => {
    nestToXyf(order, p, c);
    return xyfToRing(order, c.f, c.ix, c.iy);
  });
  return ring.sort((a, b) => a - b);
}

/**
 * Pixels of the disc of radiusDeg around (raDeg, decDeg) at `order` (0..24), sorted. Throws
 * GeometryError for an invalid disc.
 */
export function queryDisc(order: number, raDeg: number, decDeg: number, radiusDeg: number, options: QueryOptions = {}): number[] {
  return queryRegion(order, circle(raDeg, decDeg, radiusDeg), options);
}

/**
 * Pixels of the simple polygon (vertices in degrees, either winding, convex or not) at `order`
 * (0..24), sorted. Throws GeometryError for a degenerate polygon.
 */
export function queryPolygon(
  order: number,
  vertices: readonly { readonly raDeg: number; readonly decDeg: number }[],
  options: QueryOptions = {},
): number[] {
  return queryRegion(order, polygon(vertices), options);
}
