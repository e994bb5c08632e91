/**
 * Sky regions as the registry stores them: convex spherical polygons given by unit-vector vertices,
 * counter-clockwise seen from outside the sphere, with the lsst.sphgeom binary encoding used in
 * `butler export` files (byte 0x70 'p', then each vertex as x, y, z little-endian float64).
 */

/** A unit vector (x, y, z). */
export type UnitVector = readonly [number, number, number];

export interface ConvexPolygon {
  readonly kind: "convex-polygon";
  readonly vertices: readonly UnitVector[];
}

export class RegionFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegionFormatError";
  }
}

const DEG = Math.PI / 180;

/** (RA, Dec) in degrees to a unit vector. */
export function unitVectorFromRaDec(raDeg: number, decDeg: number): UnitVector {
  const ra = raDeg * DEG;
  const dec = decDeg * DEG;
  const c = Math.cos(dec);
  return [c * Math.cos(ra), c * Math.sin(ra), Math.sin(dec)];
}

/** A unit vector to (RA in [0, 360), Dec) in degrees. */
export function raDecFromUnitVector(v: UnitVector): [number, number] {
  const [x, y, z] = v;
  let ra = Math.atan2(y, x) / DEG;
  if (ra < 0) ra += 360;
  if (ra >= 360) ra -= 360;
  const dec = Math.atan2(z, Math.hypot(x, y)) / DEG;
  return [ra, dec];
}

/** A convex polygon from (RA, Dec) vertices in degrees, oriented counter-clockwise. */
export function convexPolygonFromRaDec(vertices: readonly (readonly [number, number])[]): ConvexPolygon {
  if (vertices.length < 3) throw new RegionFormatError(`a polygon needs at least 3 vertices, got ${vertices.length}`);
  const v = vertices.map(([ra, dec]) => unitVectorFromRaDec(ra, dec));
  // Orientation: the sign of (v0 × v1) · v2 tells whether the turn is counter-clockwise.
  const [a, b, c] = [v[0]!, v[1]!, v[2]!];
  const cross = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const det = cross[0]! * c[0] + cross[1]! * c[1] + cross[2]! * c[2];
  return { kind: "convex-polygon", vertices: det < 0 ? [...v].reverse() : v };
}

/** The polygon's vertices as (RA, Dec) degrees. */
export function polygonRaDec(p: ConvexPolygon): [number, number][] {
  return p.vertices.map(raDecFromUnitVector);
}

/** Encodes a polygon in the lsst.sphgeom binary form, as lower-case hex. */
export function encodeConvexPolygon(p: ConvexPolygon): string {
  const buf = new DataView(new ArrayBuffer(1 + 24 * p.vertices.length));
  buf.setUint8(0, 0x70);
  p.vertices.forEach((v, i) => {
    buf.setFloat64(1 + 24 * i, v[0], true);
    buf.setFloat64(9 + 24 * i, v[1], true);
    buf.setFloat64(17 + 24 * i, v[2], true);
  });
  return Buffer.from(buf.buffer).toString("hex");
}

/** Decodes the hex form of an lsst.sphgeom ConvexPolygon. */
export function decodeConvexPolygon(hex: string): ConvexPolygon {
  if (!/^([0-9a-fA-F]{2})+$/.test(hex)) throw new RegionFormatError("encoded region is not hex");
  const bytes = Buffer.from(hex, "hex");
  if (bytes[0] !== 0x70) throw new RegionFormatError(`encoded region type 0x${(bytes[0] ?? 0).toString(16)} is not a ConvexPolygon (0x70)`);
  if ((bytes.length - 1) % 24 !== 0 || bytes.length < 1 + 3 * 24) {
    throw new RegionFormatError(`encoded ConvexPolygon has ${bytes.length} bytes; expected 1 + 24·n with n ≥ 3`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vertices: UnitVector[] = [];
  for (let o = 1; o < bytes.length; o += 24) {
    const v: UnitVector = [view.getFloat64(o, true), view.getFloat64(o + 8, true), view.getFloat64(o + 16, true)];
    const n = Math.hypot(...v);
    if (!Number.isFinite(n) || Math.abs(n - 1) > 1e-6) throw new RegionFormatError("encoded ConvexPolygon vertex is not a unit vector");
    vertices.push(v);
  }
  return { kind: "convex-polygon", vertices };
}
