/**
 * Unit vectors and angles on the celestial sphere: the low-level layer every other sphere module
 * builds on. A direction is a unit vector (x, y, z) with x toward (ra 0, dec 0), z toward the north
 * pole. Angular distances use the atan2 form (|a×b|, a·b), well conditioned for tiny and for
 * near-antipodal separations (Vincenty 1975; see e.g. Meeus, *Astronomical Algorithms*, ch. 17 for
 * why acos of a dot product is not).
 */

/** A 3-vector (normally unit length), as a plain mutable-free tuple. */
export type Vec3 = readonly [number, number, number];

/** Degrees → radians. */
export const DEG = Math.PI / 180;
/** Radians → degrees. */
export const RAD = 180 / Math.PI;
/** The full sphere in square degrees: 4π (180/π)². */
export const FULL_SKY_DEG2 = 4 * Math.PI * RAD * RAD;

/** The unit vector of (raDeg, decDeg). Any finite raDeg is accepted (taken modulo 360). */
export function vecFromRaDec(raDeg: number, decDeg: number): Vec3 {
  const a = raDeg * DEG;
  const d = decDeg * DEG;
  const c = Math.cos(d);
  return [c * Math.cos(a), c * Math.sin(a), Math.sin(d)];
}

/** The unit vector of colatitude thetaRad (0 at the north pole) and longitude phiRad. */
export function vecFromThetaPhi(thetaRad: number, phiRad: number): Vec3 {
  const s = Math.sin(thetaRad);
  return [s * Math.cos(phiRad), s * Math.sin(phiRad), Math.cos(thetaRad)];
}

/** RA in [0, 360) and Dec in [-90, 90] degrees of a (not necessarily unit) vector; ra 0 at the poles. */
export function raDecFromVec(v: Vec3): { raDeg: number; decDeg: number } {
  const [x, y, z] = v;
  let ra = x === 0 && y === 0 ? 0 : Math.atan2(y, x) * RAD;
  if (ra < 0) ra += 360;
  if (ra >= 360) ra -= 360;
  return { raDeg: ra, decDeg: Math.atan2(z, Math.hypot(x, y)) * RAD };
}

/** Normalises RA in degrees to [0, 360). */
export function normRaDeg(raDeg: number): number {
  let r = raDeg % 360;
  if (r < 0) r += 360;
  return r >= 360 ? 0 : r;
}

/** Scalar product a·b. */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** Vector product a×b (right-handed). */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Euclidean length |a|. */
export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

/** a scaled to unit length; the zero vector stays zero. */
export function normalize(a: Vec3): Vec3 {
  const n = norm(a);
  return n === 0 ? a : [a[0] / n, a[1] / n, a[2] / n];
}

/** The angle between two vectors in radians, [0, π], stable for tiny and antipodal separations. */
export function angleRad(a: Vec3, b: Vec3): number {
  return Math.atan2(norm(cross(a, b)), dot(a, b));
}

/**
 * The angular distance in degrees between two (ra, dec) positions, by the Vincenty (atan2) form:
 * exact to rounding at 0 and 180 degrees, unlike the acos or plain haversine forms.
 */
export function angularDistanceDeg(ra1Deg: number, dec1Deg: number, ra2Deg: number, dec2Deg: number): number {
  const dra = (ra2Deg - ra1Deg) * DEG;
  const d1 = dec1Deg * DEG;
  const d2 = dec2Deg * DEG;
  const s1 = Math.sin(d1);
  const c1 = Math.cos(d1);
  const s2 = Math.sin(d2);
  const c2 = Math.cos(d2);
  const cd = Math.cos(dra);
  const num = Math.hypot(c2 * Math.sin(dra), c1 * s2 - s1 * c2 * cd);
  return Math.atan2(num, s1 * s2 + c1 * c2 * cd) * RAD;
}
