/**
 * Exact overlap of a convex spherical polygon (the registry's stored form: unit-vector vertices,
 * counter-clockwise from outside, lsst.sphgeom hex encoding) with a cap (a cone of angular radius
 * r around a unit vector c), computed directly on the vectors so the SQLite exact test costs well
 * under a microsecond per candidate. They overlap when c is inside every edge's half-space, or a
 * vertex is inside the cap, or some edge arc passes within r of c. Agreement with lib/sphere's
 * general `intersects` is checked by a property test.
 */

/** A cap prepared for repeated tests. */
export interface PreparedCap {
  readonly cx: number;
  readonly cy: number;
  readonly cz: number;
  /** cos r and sin r of the angular radius (r ≤ 90°). */
  readonly cosR: number;
  readonly sinR: number;
}

const DEG = Math.PI / 180;

/** A cap from its centre and radius in degrees; undefined for radii above 90° (not handled here). */
export function prepareCap(raDeg: number, decDeg: number, radiusDeg: number): PreparedCap | undefined {
  if (!(radiusDeg >= 0 && radiusDeg <= 90)) return undefined;
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const cd = Math.cos(dec);
  return { cx: cd * Math.cos(ra), cy: cd * Math.sin(ra), cz: Math.sin(dec), cosR: Math.cos(radiusDeg * DEG), sinR: Math.sin(radiusDeg * DEG) };
}

/** Reads the vertices of an encoded ConvexPolygon into a flat array (x0,y0,z0,x1,…); undefined if malformed. */
export function verticesFromHex(hex: string): Float64Array | undefined {
  const bytes = Buffer.from(hex, "hex");
  if (bytes[0] !== 0x70 || (bytes.length - 1) % 24 !== 0 || bytes.length < 73) return undefined;
  const n = (bytes.length - 1) / 24;
  const out = new Float64Array(3 * n);
  const view = new DataView(bytes.buffer, bytes.byteOffset + 1, bytes.length - 1);
  for (let i = 0; i < 3 * n; i++) out[i] = view.getFloat64(8 * i, true);
  return out;
}

/** True when the convex polygon (flat unit vectors, counter-clockwise) and the cap overlap. */
export function convexPolygonOverlapsCap(v: Float64Array, cap: PreparedCap): boolean {
  const n = v.length / 3;
  const { cx, cy, cz, cosR, sinR } = cap;
  let inside = true;
  for (let i = 0; i < n; i++) {
    const ax = v[3 * i]!;
    const ay = v[3 * i + 1]!;
    const az = v[3 * i + 2]!;
    // A vertex inside the cap.
    if (ax * cx + ay * cy + az * cz >= cosR) return true;
    const j = (i + 1) % n;
    const bx = v[3 * j]!;
    const by = v[3 * j + 1]!;
    const bz = v[3 * j + 2]!;
    // Edge normal (inward for counter-clockwise vertices), normalised.
    let nx = ay * bz - az * by;
    let ny = az * bx - ax * bz;
    let nz = ax * by - ay * bx;
    const nn = Math.hypot(nx, ny, nz);
    if (nn === 0) continue;
    nx /= nn;
    ny /= nn;
    nz /= nn;
    const d = nx * cx + ny * cy + nz * cz;
    if (d < 0) inside = false;
    // The edge's great circle passes within r of c, and the nearest point lies on the arc a→b.
    if (Math.abs(d) <= sinR) {
      let px = cx - d * nx;
      let py = cy - d * ny;
      let pz = cz - d * nz;
      const pn = Math.hypot(px, py, pz);
      if (pn > 0) {
        px /= pn;
        py /= pn;
        pz /= pn;
        const s1 = (ay * pz - az * py) * nx + (az * px - ax * pz) * ny + (ax * py - ay * px) * nz;
        const s2 = (py * bz - pz * by) * nx + (pz * bx - px * bz) * ny + (px * by - py * bx) * nz;
        if (s1 >= 0 && s2 >= 0 && px * cx + py * cy + pz * cz >= cosR) return true;
      }
    }
  }
  return inside;
}
