/**
 * Spatial columns from a footprint polygon (ObsCore 1.1 §4.11-4.13): `s_ra`/`s_dec` at the
 * normalised mean of the vertices (inside any convex polygon, unlike a bounding-box centre near
 * RA 0), `s_fov` twice the largest centre-to-vertex angle, and `s_region` as a DALI polygon.
 */
import { type ConvexPolygon, polygonRaDec, raDecFromUnitVector, type UnitVector } from "../model/index.js";

const DEG = 180 / Math.PI;

/** Centre, diameter and DALI text of a convex polygon. */
export interface FootprintColumns {
  readonly s_ra: number;
  readonly s_dec: number;
  /** Degrees: the diameter of the circle about (s_ra, s_dec) that holds every vertex. */
  readonly s_fov: number;
  /** DALI polygon "ra1 dec1 ra2 dec2 …" in ICRS degrees. */
  readonly s_region: string;
}

/** Rounds to 1e-10 degree (36 µas), far below any footprint's accuracy, for stable text. */
function fmt(deg: number): string {
  return String(Number(deg.toFixed(10)));
}

/** The spatial columns of a footprint. */
export function footprintColumns(p: ConvexPolygon): FootprintColumns {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const v of p.vertices) {
    x += v[0];
    y += v[1];
    z += v[2];
  }
  const n = Math.hypot(x, y, z);
  const c: UnitVector = [x / n, y / n, z / n];
  let maxRad = 0;
  for (const v of p.vertices) {
    const d = Math.atan2(Math.hypot(c[1] * v[2] - c[2] * v[1], c[2] * v[0] - c[0] * v[2], c[0] * v[1] - c[1] * v[0]), c[0] * v[0] + c[1] * v[1] + c[2] * v[2]);
    if (d > maxRad) maxRad = d;
  }
  const [ra, dec] = raDecFromUnitVector(c);
  return {
    s_ra: ra,
    s_dec: dec,
    s_fov: 2 * maxRad * DEG,
    s_region: polygonRaDec(p).map(([r, d]) => `${fmt(r)} ${fmt(d)}`).join(" "),
  };
}
