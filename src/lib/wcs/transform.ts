/**
 * Pixel <-> world transforms (Paper I §2, Paper II §2-3 and the distortion conventions): the
 * plain-number foundation of the library. Pixel coordinates are 1-based FITS pixels (the centre of
 * the first pixel is 1.0; names end in 1: x1, y1, pix1); world coordinates are in normalised units
 * (degrees for celestial axes, SI for spectral), celestial longitude in [0, 360). Points outside a
 * projection's domain give NaN, never an exception. Array forms write into caller buffers and
 * allocate nothing per point.
 */
import { celestialToNative, celestialToNativeVector, nativeToCelestial } from "./celestial.js";
import { sipForwardCompiled, sipInverseCompiled } from "./distortion/sip.js";
import { tpvForward, tpvInverse } from "./distortion/tpv.js";
import { WcsError } from "./errors.js";
import { D2R, R2D } from "./math.js";
import type { CelestialCore, WcsCore } from "./prepared.js";

const BOUND_TOL = 1e-10;
// Scratch buffers: the transforms are synchronous and never re-entrant, so module-level scratch
// is safe and keeps the hot loops allocation-free.
const s2 = new Float64Array(2);
const t2 = new Float64Array(2);
let scratchN = new Float64Array(8);

/** A scratch vector of at least n elements (grown once, reused: no per-point allocation). */
function scratch(n: number): Float64Array {
  if (scratchN.length < n) scratchN = new Float64Array(n);
  return scratchN;
}

/**
 * TAN with the fiducial point at the native pole, plane -> sky without intermediate angles: with
 * (X, Y) the plane coordinates in radians and s = sqrt(1 + X^2 + Y^2), the native unit vector is
 * (cos(theta) sin(phi), cos(theta) cos(phi), sin(theta)) = (X, -Y, 1)/s (Paper II eqs. 12-13 and
 * 54 with R = cot(theta)), so Paper II eq. 2 needs no sin/cos of phi or theta. Same results as the
 * general path to rounding, about twice as fast.
 */
function tanPlaneToSky(cel: CelestialCore, xDeg: number, yDeg: number, out: Float64Array): void {
  const X = xDeg * D2R;
  const Y = yDeg * D2R;
  const s = 1 / Math.sqrt(1 + X * X + Y * Y);
  const rot = cel.rotation;
  // cos(theta) sin(phi - phi_p) and cos(theta) cos(phi - phi_p).
  const cs = (X * cel.cosPhiP + Y * cel.sinPhiP) * s;
  const cc = (X * cel.sinPhiP - Y * cel.cosPhiP) * s;
  const x = s * rot.cosDp - cc * rot.sinDp;
  const y = -cs;
  const z = s * rot.sinDp + cc * rot.cosDp;
  let lon = rot.alphaPDeg + Math.atan2(y, x) * R2D;
  if (lon >= 360) lon -= 360;
  else if (lon < 0) lon += 360;
  out[0] = lon;
  out[1] = Math.atan2(z, Math.sqrt(x * x + y * y)) * R2D;
}

/** Plane (x, y) of the longitude/latitude intermediate axes -> celestial, into out[0..1] (lon, lat). */
function planeToSky(cel: CelestialCore, wcs: WcsCore, xDeg: number, yDeg: number, out: Float64Array): void {
  let x = xDeg;
  let y = yDeg;
  const tpv = wcs.params.tpv;
  if (tpv) {
    tpvForward(tpv, x, y, t2);
    x = t2[0]!;
    y = t2[1]!;
  }
  if (cel.plainTan) {
    tanPlaneToSky(cel, x, y, out);
    return;
  }
  cel.projection.toNative(x + cel.x0Deg, y + cel.y0Deg, out);
  const phi = out[0]!;
  const theta = out[1]!;
  // Native coordinates must be on the sphere (wcslib-style bounds check with a small tolerance).
  if (!(phi >= -180 - BOUND_TOL && phi <= 180 + BOUND_TOL && theta >= -90 - BOUND_TOL && theta <= 90 + BOUND_TOL)) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return;
  }
  nativeToCelestial(cel.rotation, phi, Math.max(-90, Math.min(90, theta)), out);
}

/**
 * The inverse of tanPlaneToSky: Paper II eq. 5 gives the native unit vector (cos(theta) cos(phi -
 * phi_p), cos(theta) sin(phi - phi_p), sin(theta)); TAN's x = R0 cos(theta) sin(phi)/sin(theta),
 * y = -R0 cos(theta) cos(phi)/sin(theta) follow without evaluating phi or theta. NaN behind the
 * tangent plane (theta <= 0).
 */
/** Scratch for the TAN fast path's native vector (no allocation per point). */
const vec = new Float64Array(3);

function tanSkyToPlane(cel: CelestialCore, lonDeg: number, latDeg: number, out: Float64Array): void {
  celestialToNativeVector(cel.rotation, lonDeg, latDeg, vec);
  const x = vec[0]!;
  const y = vec[1]!;
  const z = vec[2]!;
  if (!(z > 0)) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return;
  }
  const k = R2D / z;
  out[0] = k * (y * cel.cosPhiP + x * cel.sinPhiP);
  out[1] = -k * (x * cel.cosPhiP - y * cel.sinPhiP);
}

/** Celestial (lon, lat) -> plane (x, y) of the intermediate axes, into out[0..1]. */
function skyToPlane(cel: CelestialCore, wcs: WcsCore, lonDeg: number, latDeg: number, out: Float64Array): void {
  if (!(latDeg >= -90 && latDeg <= 90)) {
    out[0] = Number.NaN;
    out[1] = Number.NaN;
    return;
  }
  if (cel.plainTan) tanSkyToPlane(cel, lonDeg, latDeg, out);
  else {
    celestialToNative(cel.rotation, lonDeg, latDeg, out);
    cel.projection.toPlane(out[0]!, out[1]!, out);
  }
  out[0] = out[0]! - cel.x0Deg;
  out[1] = out[1]! - cel.y0Deg;
  const tpv = wcs.params.tpv;
  if (tpv && Number.isFinite(out[0]!)) tpvInverse(tpv, out[0]!, out[1]!, out);
}

function require2(wcs: WcsCore): void {
  if (wcs.naxis !== 2) {
    throw new WcsError("WrongShape", `this form needs a 2-axis WCS, this one has ${wcs.naxis} axes (use the N-axis form or celestialWcs)`);
  }
}

/** 2-axis pixel -> world into out[0..1]; the core of the 2-D forms. */
function pix2Into(wcs: WcsCore, x1: number, y1: number, out: Float64Array): void {
  const p = wcs.params;
  let u = x1 - p.crpix[0]!;
  let v = y1 - p.crpix[1]!;
  if (wcs.sipCompiled) {
    sipForwardCompiled(wcs.sipCompiled, u, v, s2);
    u = s2[0]!;
    v = s2[1]!;
  }
  const m = wcs.matrix;
  const i0 = m[0]! * u + m[1]! * v;
  const i1 = m[2]! * u + m[3]! * v;
  const cel = wcs.celestial;
  if (!cel) {
    out[0] = p.crval[0]! + i0;
    out[1] = p.crval[1]! + i1;
    return;
  }
  if (cel.lonAxis === 0) {
    planeToSky(cel, wcs, i0, i1, out);
  } else {
    planeToSky(cel, wcs, i1, i0, s2);
    out[0] = s2[1]!;
    out[1] = s2[0]!;
  }
}

/** 2-axis world -> pixel into out[0..1]. */
function world2Into(wcs: WcsCore, w0: number, w1: number, out: Float64Array): void {
  const p = wcs.params;
  const cel = wcs.celestial;
  let i0: number;
  let i1: number;
  if (!cel) {
    i0 = w0 - p.crval[0]!;
    i1 = w1 - p.crval[1]!;
  } else if (cel.lonAxis === 0) {
    skyToPlane(cel, wcs, w0, w1, s2);
    i0 = s2[0]!;
    i1 = s2[1]!;
  } else {
    skyToPlane(cel, wcs, w1, w0, s2);
    i0 = s2[1]!;
    i1 = s2[0]!;
  }
  const inv = wcs.inverse;
  let u = inv[0]! * i0 + inv[1]! * i1;
  let v = inv[2]! * i0 + inv[3]! * i1;
  if (p.sip && wcs.sipCompiled && Number.isFinite(u) && Number.isFinite(v)) {
    sipInverseCompiled(wcs.sipCompiled, p.sip, u, v, s2);
    u = s2[0]!;
    v = s2[1]!;
  }
  out[0] = u + p.crpix[0]!;
  out[1] = v + p.crpix[1]!;
}

/**
 * Pixel -> world for a 2-axis WCS.
 * @param x1 1-based FITS pixel coordinate along axis 1
 * @param y1 1-based FITS pixel coordinate along axis 2
 * @returns [world1, world2] in header axis order (e.g. [raDeg, decDeg] for RA---TAN/DEC--TAN);
 *   NaN outside the projection's domain.
 * @throws WcsError WrongShape when the WCS does not have exactly 2 axes.
 */
export function pixToWorld(wcs: WcsCore, x1: number, y1: number): [number, number] {
  require2(wcs);
  const out = new Float64Array(2);
  pix2Into(wcs, x1, y1, out);
  return [out[0]!, out[1]!];
}

/**
 * World -> pixel for a 2-axis WCS: the inverse of pixToWorld (SIP and TPV inverted iteratively).
 * @returns [x1, y1], 1-based FITS pixels; NaN where the world point has no pixel.
 */
export function worldToPix(wcs: WcsCore, world1: number, world2: number): [number, number] {
  require2(wcs);
  const out = new Float64Array(2);
  world2Into(wcs, world1, world2, out);
  return [out[0]!, out[1]!];
}

/**
 * Pixel -> world over arrays for a 2-axis WCS, without allocation: reads x1[k], y1[k] (1-based),
 * writes outWorld1[k], outWorld2[k] (degrees for celestial axes). Output arrays may alias inputs.
 */
export function pixToWorldArrays(
  wcs: WcsCore,
  x1: ArrayLike<number>,
  y1: ArrayLike<number>,
  outWorld1: Float64Array,
  outWorld2: Float64Array,
): void {
  require2(wcs);
  const n = x1.length;
  const o = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    pix2Into(wcs, x1[k]!, y1[k]!, o);
    outWorld1[k] = o[0]!;
    outWorld2[k] = o[1]!;
  }
}

/** World -> pixel over arrays for a 2-axis WCS (see pixToWorldArrays). Outputs are 1-based. */
export function worldToPixArrays(
  wcs: WcsCore,
  world1: ArrayLike<number>,
  world2: ArrayLike<number>,
  outX1: Float64Array,
  outY1: Float64Array,
): void {
  require2(wcs);
  const n = world1.length;
  const o = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    world2Into(wcs, world1[k]!, world2[k]!, o);
    outX1[k] = o[0]!;
    outY1[k] = o[1]!;
  }
}

/**
 * Pixel -> world for any number of axes: `pix1` holds naxis 1-based pixel coordinates, the result
 * (or `out`, reused when given) naxis world coordinates in header axis order.
 */
export function pixToWorldN(wcs: WcsCore, pix1: ArrayLike<number>, out: Float64Array = new Float64Array(wcs.naxis)): Float64Array {
  const n = wcs.naxis;
  const p = wcs.params;
  const d = scratch(n);
  for (let j = 0; j < n; j++) d[j] = pix1[j]! - p.crpix[j]!;
  if (wcs.sipCompiled && n >= 2) {
    sipForwardCompiled(wcs.sipCompiled, d[0]!, d[1]!, s2);
    d[0] = s2[0]!;
    d[1] = s2[1]!;
  }
  const m = wcs.matrix;
  const cel = wcs.celestial;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += m[i * n + j]! * d[j]!;
    // Celestial axes keep the intermediate coordinate; CRVAL enters through the rotation.
    out[i] = cel && (i === cel.lonAxis || i === cel.latAxis) ? s : p.crval[i]! + s;
  }
  if (cel) {
    planeToSky(cel, wcs, out[cel.lonAxis]!, out[cel.latAxis]!, s2);
    out[cel.lonAxis] = s2[0]!;
    out[cel.latAxis] = s2[1]!;
  }
  return out;
}

/** World -> pixel for any number of axes (inverse of pixToWorldN); returns 1-based pixels. */
export function worldToPixN(wcs: WcsCore, world: ArrayLike<number>, out: Float64Array = new Float64Array(wcs.naxis)): Float64Array {
  const n = wcs.naxis;
  const p = wcs.params;
  const inter = scratch(n);
  for (let i = 0; i < n; i++) inter[i] = world[i]! - p.crval[i]!;
  const cel = wcs.celestial;
  if (cel) {
    skyToPlane(cel, wcs, world[cel.lonAxis]!, world[cel.latAxis]!, s2);
    inter[cel.lonAxis] = s2[0]!;
    inter[cel.latAxis] = s2[1]!;
  }
  const inv = wcs.inverse;
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += inv[j * n + i]! * inter[i]!;
    out[j] = s;
  }
  if (p.sip && wcs.sipCompiled && n >= 2 && Number.isFinite(out[0]!) && Number.isFinite(out[1]!)) {
    sipInverseCompiled(wcs.sipCompiled, p.sip, out[0]!, out[1]!, s2);
    out[0] = s2[0]!;
    out[1] = s2[1]!;
  }
  for (let j = 0; j < n; j++) out[j] = out[j]! + p.crpix[j]!;
  return out;
}
