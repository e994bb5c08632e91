/**
 * Degree-based trigonometry shared by the projections and the spherical rotation. Exact results at
 * multiples of 90 degrees keep poles and the equator exact (a cos(90 deg) of 6e-17 would otherwise
 * give arbitrary longitudes at the pole); this is the usual practice of FITS WCS implementations.
 */

/** Degrees per radian (Paper II's R0 = 180/pi: the radius of the generating sphere in degrees). */
export const R2D = 180 / Math.PI;
/** Radians per degree. */
export const D2R = Math.PI / 180;

/** sin of an angle in degrees, exact at multiples of 90. */
export function sind(deg: number): number {
  if (deg % 90 === 0) {
    const q = ((Math.round(deg / 90) % 4) + 4) % 4;
    return q === 0 || q === 2 ? 0 : q === 1 ? 1 : -1;
  }
  return Math.sin(deg * D2R);
}

/** cos of an angle in degrees, exact at multiples of 90. */
export function cosd(deg: number): number {
  if (deg % 90 === 0) {
    const q = ((Math.round(deg / 90) % 4) + 4) % 4;
    return q === 1 || q === 3 ? 0 : q === 0 ? 1 : -1;
  }
  return Math.cos(deg * D2R);
}

/** tan of an angle in degrees, exact at multiples of 45 where finite. */
export function tand(deg: number): number {
  if (deg % 45 === 0) {
    const q = ((Math.round(deg / 45) % 4) + 4) % 4;
    if (q === 0) return 0;
    if (q === 1) return 1;
    if (q === 3) return -1;
  }
  return Math.tan(deg * D2R);
}

/** atan2 in degrees. */
export function atan2d(y: number, x: number): number {
  return Math.atan2(y, x) * R2D;
}

/** asin in degrees, clamping arguments within 1e-12 of +-1. Returns NaN further out. */
export function asind(v: number): number {
  if (v > 1) return v - 1 < 1e-12 ? 90 : Number.NaN;
  if (v < -1) return -1 - v < 1e-12 ? -90 : Number.NaN;
  return Math.asin(v) * R2D;
}

/** acos in degrees, clamping arguments within 1e-12 of +-1. Returns NaN further out. */
export function acosd(v: number): number {
  if (v > 1) return v - 1 < 1e-12 ? 0 : Number.NaN;
  if (v < -1) return -1 - v < 1e-12 ? 180 : Number.NaN;
  return Math.acos(v) * R2D;
}

/** atan in degrees. */
export function atand(v: number): number {
  return Math.atan(v) * R2D;
}

/** An angle in degrees reduced to [0, 360). */
export function norm360(deg: number): number {
  let a = deg % 360;
  if (a < 0) a += 360;
  return a === 360 ? 0 : a;
}

/** An angle in degrees reduced to [-180, 180]. */
export function norm180(deg: number): number {
  let a = deg % 360;
  if (a > 180) a -= 360;
  else if (a < -180) a += 360;
  return a;
}
