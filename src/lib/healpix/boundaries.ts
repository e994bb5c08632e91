/**
 * Pixel outlines: corners and intermediate points along the (non-great-circle) pixel edges,
 * computed exactly from the face parametrisation of Górski et al. (2005) (see xyf.ts), in
 * healpy's order: starting at the north corner, then west, south, east (counter-clockwise seen
 * from outside the sphere), `step` points per edge.
 */
import { checkOrder, checkPixel, checkPixelBig, type HealpixScheme, HealpixError, MAX_ORDER } from "./order.js";
import { decodeBigInto, decodeInto } from "./pixel.js";
import { faceToLoc, type Loc, type Xyf } from "./xyf.js";

const cell: Xyf = { f: 0, ix: 0, iy: 0 };
const loc: Loc = { z: 0, sth: 0, phi: 0 };

/** The 4·step boundary points (unit vectors) of (f, ix, iy) at nside n. */
export function xyfBoundary(n: number, f: number, ix: number, iy: number, step: number): [number, number, number][] {
  const out: [number, number, number][] = [];
  const push = (x: number, y: number) => {
    faceToLoc(f, x / n, y / n, loc);
    out.push([loc.sth * Math.cos(loc.phi), loc.sth * Math.sin(loc.phi), loc.z]);
  };
  for (let i = 0; i < step; i++) push(ix + 1 - i / step, iy + 1); // N → W
  for (let i = 0; i < step; i++) push(ix, iy + 1 - i / step); // W → S
  for (let i = 0; i < step; i++) push(ix + i / step, iy); // S → E
  for (let i = 0; i < step; i++) push(ix + 1, iy + i / step); // E → N
  return out;
}

function checkStep(step: number): void {
  if (!Number.isInteger(step) || step < 1) throw new HealpixError(`boundary step must be a positive integer, got ${step}`);
}

/** Boundary of pixel ipix: 4·step unit vectors from the north corner, counter-clockwise; order 0..24. */
export function boundaries(order: number, ipix: number, step = 1, scheme: HealpixScheme = "nested"): [number, number, number][] {
  checkOrder(order);
  checkPixel(order, ipix);
  checkStep(step);
  decodeInto(order, ipix, scheme, cell);
  return xyfBoundary(2 ** order, cell.f, cell.ix, cell.iy, step);
}

/** BigInt form of {@link boundaries}; orders 0..29. */
export function boundariesBig(order: number, ipix: bigint, step = 1, scheme: HealpixScheme = "nested"): [number, number, number][] {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  checkStep(step);
  decodeBigInto(order, ipix, scheme, cell);
  return xyfBoundary(2 ** order, cell.f, cell.ix, cell.iy, step);
}
