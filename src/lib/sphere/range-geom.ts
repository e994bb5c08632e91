/**
 * Geometry of RA/Dec ranges (regions bounded by two meridians and two parallels, DALI 1.1 POS=RANGE)
 * with RA wrap through 0: containment, distance to the boundary, and crossings of great-circle arcs
 * with the bounding parallels (small circles), all on the unit sphere in radians.
 */
import type { RangeRegion } from "./region.js";
import { DEG, type Vec3, cross, dot, norm, vecFromRaDec } from "./vector.js";

/** Whether raDeg (any value) lies in the range's RA interval, wrap-aware, bounds inclusive. */
export function raInRange(r: RangeRegion, raDeg: number): boolean {
  if (r.fullRa) return true;
  let a = raDeg % 360;
  if (a < 0) a += 360;
  if (r.raMinDeg <= r.raMaxDeg) return a >= r.raMinDeg && a <= r.raMaxDeg;
  return a >= r.raMinDeg || a <= r.raMaxDeg;
}

/** The RA width in degrees (360 for the full circle). */
export function raWidthDeg(r: RangeRegion): number {
  if (r.fullRa) return 360;
  const w = r.raMaxDeg - r.raMinDeg;
  return w >= 0 ? w : w + 360;
}

function angDistRad(ra1: number, d1: number, ra2: number, d2: number): number {
  const dra = ra2 - ra1;
  const s1 = Math.sin(d1);
  const c1 = Math.cos(d1);
  const s2 = Math.sin(d2);
  const c2 = Math.cos(d2);
  const cd = Math.cos(dra);
  return Math.atan2(Math.hypot(c2 * Math.sin(dra), c1 * s2 - s1 * c2 * cd), s1 * s2 + c1 * c2 * cd);
}

/** Distance in radians from (raRad, decRad) to the meridian segment at raEdgeRad, dec in [loRad, hiRad]. */
function meridianDist(raRad: number, decRad: number, raEdgeRad: number, loRad: number, hiRad: number): number {
  const dra = raRad - raEdgeRad;
  const cdra = Math.cos(dra);
  if (cdra >= 0) {
    const decFoot = Math.atan2(Math.sin(decRad), Math.cos(decRad) * cdra);
    if (decFoot >= loRad && decFoot <= hiRad) return Math.asin(Math.min(1, Math.abs(Math.cos(decRad) * Math.sin(dra))));
  }
  return Math.min(angDistRad(raRad, decRad, raEdgeRad, loRad), angDistRad(raRad, decRad, raEdgeRad, hiRad));
}

/** Distance in radians from (raDeg, decDeg) to the nearest boundary point of the range. */
export function rangeBoundaryDistRad(r: RangeRegion, raDeg: number, decDeg: number): number {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const lo = r.decMinDeg * DEG;
  const hi = r.decMaxDeg * DEG;
  const inRa = raInRange(r, raDeg);
  let best = Number.POSITIVE_INFINITY;
  const raMin = r.raMinDeg * DEG;
  const raMax = r.raMaxDeg * DEG;
  for (const e of [lo, hi]) {
    // A parallel at ±90 degrees is a single point, reached the same way.
    const d = inRa ? Math.abs(dec - e) : r.fullRa ? Math.abs(dec - e) : Math.min(angDistRad(ra, dec, raMin, e), angDistRad(ra, dec, raMax, e));
    if (d < best) best = d;
  }
  if (!r.fullRa) {
    best = Math.min(best, meridianDist(ra, dec, raMin, lo, hi), meridianDist(ra, dec, raMax, lo, hi));
  }
  return best;
}

/** Whether (raDeg, decDeg) lies in the range (bounds inclusive). */
export function rangeContains(r: RangeRegion, raDeg: number, decDeg: number): boolean {
  if (decDeg < r.decMinDeg || decDeg > r.decMaxDeg) return false;
  // Every RA is the same point at a pole.
  if (Math.abs(decDeg) === 90) return true;
  return raInRange(r, raDeg);
}

/** The four corners as unit vectors (at a pole two coincide). */
export function rangeCorners(r: RangeRegion): Vec3[] {
  const out: Vec3[] = [];
  for (const ra of r.fullRa ? [0, 90, 180, 270] : [r.raMinDeg, r.raMaxDeg]) {
    out.push(vecFromRaDec(ra, r.decMinDeg), vecFromRaDec(ra, r.decMaxDeg));
  }
  return out;
}

/** The meridian edges as minor arcs (split at dec 0 so none spans 180 degrees). */
export function rangeMeridianArcs(r: RangeRegion): [Vec3, Vec3][] {
  if (r.fullRa) return [];
  const arcs: [Vec3, Vec3][] = [];
  for (const ra of [r.raMinDeg, r.raMaxDeg]) {
    const mid = (r.decMinDeg + r.decMaxDeg) / 2;
    arcs.push([vecFromRaDec(ra, r.decMinDeg), vecFromRaDec(ra, mid)], [vecFromRaDec(ra, mid), vecFromRaDec(ra, r.decMaxDeg)]);
  }
  return arcs;
}

/**
 * Whether the minor great-circle arc a→b meets the parallel at decDeg inside the range's RA
 * interval. Parametrises the arc as p(t) = a cos t + u sin t and solves z(t) = sin(dec).
 */
export function arcMeetsParallel(a: Vec3, b: Vec3, decDeg: number, r: RangeRegion): boolean {
  const n = cross(a, b);
  const nl = norm(n);
  if (nl === 0) return false;
  const u = cross([n[0] / nl, n[1] / nl, n[2] / nl], a);
  const theta = Math.atan2(nl, dot(a, b));
  const rho = Math.hypot(a[2], u[2]);
  const s = Math.sin(decDeg * DEG);
  if (rho === 0 || Math.abs(s) > rho) return false;
  const tau = Math.atan2(u[2], a[2]);
  const w = Math.acos(Math.min(1, Math.max(-1, s / rho)));
  for (let t of [tau + w, tau - w]) {
    t %= 2 * Math.PI;
    if (t < 0) t += 2 * Math.PI;
    if (t <= theta) {
      const px = a[0] * Math.cos(t) + u[0] * Math.sin(t);
      const py = a[1] * Math.cos(t) + u[1] * Math.sin(t);
      if (raInRange(r, Math.atan2(py, px) / DEG)) return true;
    }
  }
  return false;
}
