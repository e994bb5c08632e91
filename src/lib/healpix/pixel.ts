/**
 * Pixel ↔ direction for both schemes (Górski et al. 2005 §4): ang2pix from colatitude/longitude
 * (radians), RA/Dec (degrees) or a vector, and pix2ang back to the pixel centre; nest ↔ ring.
 * Pixel indices are 0-based. Two families (see order.ts): Number functions for orders 0..24 and
 * `…Big` functions taking/returning bigint for orders 0..29. Checked functions validate and throw
 * HealpixError; `…Unchecked` twins skip validation for hot loops (garbage in, garbage out).
 * RA/Dec inputs are turned into (θ, φ) as θ = π/2 − dec·π/180, φ = ra·π/180, the same rounding
 * as healpy's lonlat=True, so indices agree bit for bit.
 */
import { xyfToNest, xyfToNestBig, nestBigToXyf, nestToXyf } from "./nest.js";
import { checkAngles, checkOrder, checkPixel, checkPixelBig, checkRaDec, type HealpixScheme, MAX_ORDER, POW2 } from "./order.js";
import { ringBigToXyf, ringToXyf, xyfToRing, xyfToRingBig } from "./ring.js";
import { faceToLoc, type Loc, locToXyf, usesSinTheta, type Xyf } from "./xyf.js";

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
const xyf: Xyf = { f: 0, ix: 0, iy: 0 };
const loc: Loc = { z: 0, sth: 0, phi: 0 };

/** A pixel centre or other direction as colatitude/longitude in radians. */
export interface ThetaPhi {
  readonly thetaRad: number;
  readonly phiRad: number;
}

/** A direction as ICRS RA/Dec in degrees, raDeg in [0, 360). */
export interface RaDec {
  readonly raDeg: number;
  readonly decDeg: number;
}

function encode(order: number, scheme: HealpixScheme): number {
  return scheme === "nested" ? xyfToNest(order, xyf.f, xyf.ix, xyf.iy) : xyfToRing(order, xyf.f, xyf.ix, xyf.iy);
}

function encodeBig(order: number, scheme: HealpixScheme): bigint {
  return scheme === "nested" ? xyfToNestBig(order, xyf.f, xyf.ix, xyf.iy) : xyfToRingBig(order, xyf.f, xyf.ix, xyf.iy);
}

function setThetaPhi(order: number, thetaRad: number, phiRad: number, scheme: HealpixScheme): void {
  const z = Math.cos(thetaRad);
  // sin θ is only consulted near the poles (see xyf.ts); skip the second trig call elsewhere.
  locToXyf(order, z, phiRad, usesSinTheta(thetaRad) ? Math.sin(thetaRad) : Number.NaN, xyf, scheme === "nested");
}

function setVec(order: number, x: number, y: number, z: number, scheme: HealpixScheme): void {
  const r = Math.hypot(x, y, z);
  locToXyf(order, z / r, Math.atan2(y, x), Math.hypot(x, y) / r, xyf, scheme === "nested");
}

/** Pixel containing colatitude thetaRad ∈ [0, π], longitude phiRad (any finite); order 0..24. */
export function ang2pix(order: number, thetaRad: number, phiRad: number, scheme: HealpixScheme = "nested"): number {
  checkOrder(order);
  checkAngles(thetaRad, phiRad);
  return ang2pixUnchecked(order, thetaRad, phiRad, scheme);
}

/** {@link ang2pix} without validation. */
export function ang2pixUnchecked(order: number, thetaRad: number, phiRad: number, scheme: HealpixScheme = "nested"): number {
  setThetaPhi(order, thetaRad, phiRad, scheme);
  return encode(order, scheme);
}

/** Pixel containing (raDeg, decDeg); dec in [-90, 90]; order 0..24. */
export function radec2pix(order: number, raDeg: number, decDeg: number, scheme: HealpixScheme = "nested"): number {
  checkOrder(order);
  checkRaDec(raDeg, decDeg);
  return ang2pixUnchecked(order, Math.PI / 2 - decDeg * D2R, raDeg * D2R, scheme);
}

/** Pixel containing the direction of (x, y, z) (any non-zero length); order 0..24. */
export function vec2pix(order: number, x: number, y: number, z: number, scheme: HealpixScheme = "nested"): number {
  checkOrder(order);
  setVec(order, x, y, z, scheme);
  return encode(order, scheme);
}

/** BigInt form of {@link ang2pix}, orders 0..29. */
export function ang2pixBig(order: number, thetaRad: number, phiRad: number, scheme: HealpixScheme = "nested"): bigint {
  checkOrder(order, MAX_ORDER);
  checkAngles(thetaRad, phiRad);
  setThetaPhi(order, thetaRad, phiRad, scheme);
  return encodeBig(order, scheme);
}

/** BigInt form of {@link radec2pix}, orders 0..29. */
export function radec2pixBig(order: number, raDeg: number, decDeg: number, scheme: HealpixScheme = "nested"): bigint {
  checkOrder(order, MAX_ORDER);
  checkRaDec(raDeg, decDeg);
  setThetaPhi(order, Math.PI / 2 - decDeg * D2R, raDeg * D2R, scheme);
  return encodeBig(order, scheme);
}

/** BigInt form of {@link vec2pix}, orders 0..29. */
export function vec2pixBig(order: number, x: number, y: number, z: number, scheme: HealpixScheme = "nested"): bigint {
  checkOrder(order, MAX_ORDER);
  setVec(order, x, y, z, scheme);
  return encodeBig(order, scheme);
}

/** Decodes a number index into the shared scratch (f, ix, iy). */
export function decodeInto(order: number, ipix: number, scheme: HealpixScheme, out: Xyf): void {
  if (scheme === "nested") nestToXyf(order, ipix, out);
  else ringToXyf(order, ipix, out);
}

/** Decodes a bigint index into (f, ix, iy). */
export function decodeBigInto(order: number, ipix: bigint, scheme: HealpixScheme, out: Xyf): void {
  if (scheme === "nested") nestBigToXyf(order, ipix, out);
  else ringBigToXyf(order, ipix, out);
}

function centreLoc(order: number): void {
  const n = POW2[order]!;
  faceToLoc(xyf.f, (xyf.ix + 0.5) / n, (xyf.iy + 0.5) / n, loc);
}

function thetaPhiOut(): ThetaPhi {
  return { thetaRad: Math.atan2(loc.sth, loc.z), phiRad: loc.phi };
}

function raDecOut(): RaDec {
  return { raDeg: loc.phi * R2D, decDeg: Math.atan2(loc.z, loc.sth) * R2D };
}

/** Centre of pixel ipix (0-based) as colatitude/longitude in radians; order 0..24. */
export function pix2ang(order: number, ipix: number, scheme: HealpixScheme = "nested"): ThetaPhi {
  checkOrder(order);
  checkPixel(order, ipix);
  decodeInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return thetaPhiOut();
}

/** Centre of pixel ipix as RA/Dec degrees; order 0..24. */
export function pix2radec(order: number, ipix: number, scheme: HealpixScheme = "nested"): RaDec {
  checkOrder(order);
  checkPixel(order, ipix);
  decodeInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return raDecOut();
}

/** Centre of pixel ipix as a unit vector; order 0..24. */
export function pix2vec(order: number, ipix: number, scheme: HealpixScheme = "nested"): [number, number, number] {
  checkOrder(order);
  checkPixel(order, ipix);
  decodeInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return [loc.sth * Math.cos(loc.phi), loc.sth * Math.sin(loc.phi), loc.z];
}

/** BigInt form of {@link pix2ang}, orders 0..29. */
export function pix2angBig(order: number, ipix: bigint, scheme: HealpixScheme = "nested"): ThetaPhi {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  decodeBigInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return thetaPhiOut();
}

/** BigInt form of {@link pix2radec}, orders 0..29. */
export function pix2radecBig(order: number, ipix: bigint, scheme: HealpixScheme = "nested"): RaDec {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  decodeBigInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return raDecOut();
}

/** BigInt form of {@link pix2vec}, orders 0..29. */
export function pix2vecBig(order: number, ipix: bigint, scheme: HealpixScheme = "nested"): [number, number, number] {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  decodeBigInto(order, ipix, scheme, xyf);
  centreLoc(order);
  return [loc.sth * Math.cos(loc.phi), loc.sth * Math.sin(loc.phi), loc.z];
}

/** NESTED → RING index; order 0..24. */
export function nest2ring(order: number, ipix: number): number {
  checkOrder(order);
  checkPixel(order, ipix);
  nestToXyf(order, ipix, xyf);
  return xyfToRing(order, xyf.f, xyf.ix, xyf.iy);
}

/** RING → NESTED index; order 0..24. */
export function ring2nest(order: number, ipix: number): number {
  checkOrder(order);
  checkPixel(order, ipix);
  ringToXyf(order, ipix, xyf);
  return xyfToNest(order, xyf.f, xyf.ix, xyf.iy);
}

/** NESTED → RING index as bigint; orders 0..29. */
export function nest2ringBig(order: number, ipix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  nestBigToXyf(order, ipix, xyf);
  return xyfToRingBig(order, xyf.f, xyf.ix, xyf.iy);
}

/** RING → NESTED index as bigint; orders 0..29. */
export function ring2nestBig(order: number, ipix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  ringBigToXyf(order, ipix, xyf);
  return xyfToNestBig(order, xyf.f, xyf.ix, xyf.iy);
}
