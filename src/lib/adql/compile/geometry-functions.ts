/**
 * ADQL geometry and math functions for engines without spatial types (the SQLite dialect
 * registers these; STYLE.md §4). Geometry values travel through SQL as DALI text — "ra dec" for a
 * point, "ra dec r" for a circle, "ra1 dec1 ra2 dec2 …" (≥ 3 vertices) for a polygon — so stored
 * DALI columns need no conversion; the number count says the kind. All geometry comes from
 * lib/sphere, the same code the PostgreSQL path's tests compare against.
 */
import { angleRad, arcsCross, areaDeg2, boundingCircle, type CircleRegion, circle, contains, cross, DEG, dot, intersects, normalize, normRaDeg, point, type PointRegion, type PolygonRegion, polygonFromFlat, RAD, raDecFromVec, type Region, type Vec3, vecFromRaDec } from "../../sphere/index.js";

type Num = number | bigint | null | undefined;

/** A function called with values it cannot work with: the query's fault, shown to the user. */
export class AdqlFunctionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AdqlFunctionError";
  }
}
type Text = string | null | undefined;

const fmt = (x: number): string => String(x);

/** A tiny LRU cache of parsed geometries: a literal shape is tested against every candidate row. */
class Cache {
  private readonly map = new Map<string, Region>();
  get(key: string): Region {
    let v = this.map.get(key);
    if (v === undefined) {
      v = parseGeometry(key);
      if (this.map.size >= 512) this.map.delete(this.map.keys().next().value as string);
      this.map.set(key, v);
    }
    return v;
  }
}
const cache = new Cache();

/** Parses DALI geometry text by its number count (2 point, 3 circle, ≥ 6 even polygon). */
export function parseGeometry(text: string): Region {
  const nums = text.trim().split(/\s+/).map(Number);
  if (nums.some((x) => !Number.isFinite(x))) throw new AdqlFunctionError(`invalid geometry value '${text.slice(0, 80)}'`);
  if (nums.length === 2) return point(nums[0] as number, nums[1] as number);
  if (nums.length === 3) return circle(nums[0] as number, nums[1] as number, nums[2] as number);
  if (nums.length >= 6 && nums.length % 2 === 0) return polygonFromFlat(nums);
  throw new AdqlFunctionError(`invalid geometry value '${text.slice(0, 80)}'`);
}

const num = (x: Num): number | undefined => (x === null || x === undefined ? undefined : Number(x));

export function adqlPoint(ra: Num, dec: Num): string | null {
  const a = num(ra);
  const d = num(dec);
  return a === undefined || d === undefined ? null : `${fmt(a)} ${fmt(d)}`;
}

export function adqlCircle(center: Text, radius: Num): string | null {
  const r = num(radius);
  if (center == null || r === undefined) return null;
  return `${center} ${fmt(r)}`;
}

export function adqlPolygon(...coords: Num[]): string | null {
  const n = coords.map(num);
  return n.some((x) => x === undefined) ? null : n.map((x) => fmt(x as number)).join(" ");
}

export function adqlPolygonOfPoints(...points: Text[]): string | null {
  return points.some((p) => p == null) ? null : points.join(" ");
}

/** CONTAINS(a, b): 1 when a lies inside b (ADQL 2.1 §4.2.3). */
export function adqlContains(a: Text, b: Text): number | null {
  if (a == null || b == null) return null;
  return regionContains(cache.get(a), cache.get(b)) ? 1 : 0;
}

/** INTERSECTS(a, b): 1 when a and b overlap (§4.2.7); a point behaves as CONTAINS (ADQL-03). */
export function adqlIntersects(a: Text, b: Text): number | null {
  if (a == null || b == null) return null;
  const ra = cache.get(a);
  const rb = cache.get(b);
  if (ra.kind === "point") return contains(rb, ra.raDeg, ra.decDeg) ? 1 : 0;
  if (rb.kind === "point") return contains(ra, rb.raDeg, rb.decDeg) ? 1 : 0;
  if (capsApart(ra, rb)) return 0;
  return intersects(ra, rb) ? 1 : 0;
}

/** Bounding caps (centre, radius in radians) of parsed circles and polygons, computed once each. */
const caps = new WeakMap<Region, { readonly centre: Vec3; readonly radiusRad: number }>();

/**
 * True when two circles or polygons certainly do not meet: their bounding caps (which hold them,
 * ops.ts boundingCircle) are further apart than the sum of the radii plus a margin far above the
 * rounding of the dot product. Most candidates a pixel prefilter passes are such misses; anything
 * closer, larger or of another kind goes to the exact test.
 */
function capsApart(a: Region, b: Region): boolean {
  if ((a.kind !== "circle" && a.kind !== "polygon") || (b.kind !== "circle" && b.kind !== "polygon")) return false;
  const p = capOf(a);
  const q = capOf(b);
  const sum = p.radiusRad + q.radiusRad + CAP_MARGIN_RAD;
  if (sum >= Math.PI / 2) return false;
  return dot(p.centre, q.centre) < Math.cos(sum);
}
/** 1e-7 rad (20 mas): a cosine this far below the touching value is never a rounding artefact. */
const CAP_MARGIN_RAD = 1e-7;

function capOf(g: Region): { readonly centre: Vec3; readonly radiusRad: number } {
  let cap = caps.get(g);
  if (cap === undefined) {
    const c = boundingCircle(g);
    cap = { centre: vecFromRaDec(c.raDeg, c.decDeg), radiusRad: c.radiusDeg * DEG };
    caps.set(g, cap);
  }
  return cap;
}

/** CONTAINS(POINT(ra, dec), b) without building the point text. */
export function adqlPointIn(ra: Num, dec: Num, b: Text): number | null {
  const a = num(ra);
  const d = num(dec);
  if (a === undefined || d === undefined || b == null) return null;
  return contains(cache.get(b), a, d) ? 1 : 0;
}

/** DISTANCE(p, q) in degrees (great-circle, numerically stable for small and large angles). */
export function adqlDistance(a: Text, b: Text): number | null {
  if (a == null || b == null) return null;
  const p = cache.get(a);
  const q = cache.get(b);
  if (p.kind !== "point" || q.kind !== "point") throw new AdqlFunctionError("DISTANCE needs two points");
  return distanceDeg(p.raDeg, p.decDeg, q.raDeg, q.decDeg);
}

export function adqlDistance4(ra1: Num, dec1: Num, ra2: Num, dec2: Num): number | null {
  const v = [ra1, dec1, ra2, dec2].map(num);
  if (v.some((x) => x === undefined)) return null;
  const [a, b, c, d] = v as [number, number, number, number];
  return distanceDeg(a, b, c, d);
}

/** Vincenty's formula on the sphere: accurate at every separation. */
export function distanceDeg(ra1: number, dec1: number, ra2: number, dec2: number): number {
  const l1 = ra1 * DEG;
  const l2 = ra2 * DEG;
  const p1 = dec1 * DEG;
  const p2 = dec2 * DEG;
  const dl = l2 - l1;
  const sdl = Math.sin(dl);
  const cdl = Math.cos(dl);
  const num1 = Math.cos(p2) * sdl;
  const num2 = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * cdl;
  const den = Math.sin(p1) * Math.sin(p2) + Math.cos(p1) * Math.cos(p2) * cdl;
  return Math.atan2(Math.hypot(num1, num2), den) * RAD;
}

/** AREA(g) in square degrees (0 for a point). */
export function adqlArea(g: Text): number | null {
  if (g == null) return null;
  const r = cache.get(g);
  return r.kind === "point" ? 0 : areaDeg2(r);
}

/** CENTROID(g): a circle's centre; a polygon's normalised mean vertex vector. */
export function adqlCentroid(g: Text): string | null {
  if (g == null) return null;
  const r = cache.get(g);
  const c = centroidOf(r);
  return `${fmt(c.raDeg)} ${fmt(c.decDeg)}`;
}

export function centroidOf(r: Region): { raDeg: number; decDeg: number } {
  if (r.kind === "point") return { raDeg: r.raDeg, decDeg: r.decDeg };
  if (r.kind === "circle") return { raDeg: (r as CircleRegion).raDeg, decDeg: (r as CircleRegion).decDeg };
  if (r.kind !== "polygon") throw new AdqlFunctionError("CENTROID needs a point, circle or polygon");
  let x = 0;
  let y = 0;
  let z = 0;
  for (const v of (r as PolygonRegion).vertices) {
    const u = vecFromRaDec(v.raDeg, v.decDeg);
    x += u[0];
    y += u[1];
    z += u[2];
  }
  const { raDeg, decDeg } = raDecFromVec([x, y, z]);
  return { raDeg: normRaDeg(raDeg), decDeg };
}

export function adqlCoord(g: Text, axis: Num): number | null {
  if (g == null) return null;
  const r = cache.get(g);
  if (r.kind !== "point") throw new AdqlFunctionError("COORD1/COORD2 need a point");
  return Number(axis) === 1 ? (r as PointRegion).raDeg : (r as PointRegion).decDeg;
}

function regionContains(a: Region, b: Region): boolean {
  if (a.kind === "point") return contains(b, a.raDeg, a.decDeg);
  if (b.kind === "point") return false;
  if (b.kind === "circle") {
    const cb = vecFromRaDec(b.raDeg, b.decDeg);
    const rb = b.radiusDeg * DEG;
    if (a.kind === "circle") return angleRad(vecFromRaDec(a.raDeg, a.decDeg), cb) + a.radiusDeg * DEG <= rb;
    // A cap of radius ≤ 90° is convex: a polygon is inside when its vertices are.
    if (a.kind === "polygon") return a.vertices.every((v) => angleRad(vecFromRaDec(v.raDeg, v.decDeg), cb) <= rb);
  }
  if (b.kind === "polygon") {
    const bv = b.vertices.map((v) => vecFromRaDec(v.raDeg, v.decDeg));
    if (a.kind === "circle") {
      // Inside when the centre is and no edge of b comes closer than the radius.
      if (!contains(b, a.raDeg, a.decDeg)) return false;
      const c = vecFromRaDec(a.raDeg, a.decDeg);
      const r = a.radiusDeg * DEG;
      return bv.every((p, i) => arcDistanceRad(c, p, bv[(i + 1) % bv.length] as Vec3) >= r);
    }
    if (a.kind === "polygon") {
      // Inside when every vertex is and no edge of a crosses an edge of b.
      if (!a.vertices.every((v) => contains(b, v.raDeg, v.decDeg))) return false;
      const av = a.vertices.map((v) => vecFromRaDec(v.raDeg, v.decDeg));
      for (let i = 0; i < av.length; i++) {
        for (let j = 0; j < bv.length; j++) {
          if (arcsCross(av[i] as Vec3, av[(i + 1) % av.length] as Vec3, bv[j] as Vec3, bv[(j + 1) % bv.length] as Vec3)) return false;
        }
      }
      return true;
    }
  }
  throw new AdqlFunctionError(`CONTAINS(${a.kind}, ${b.kind}) is not supported`);
}

/** Angular distance from x to the great-circle arc p→q (shorter arc), radians. */
function arcDistanceRad(x: Vec3, p: Vec3, q: Vec3): number {
  const n = normalize(cross(p, q));
  const xn = dot(x, n);
  const proj = normalize([x[0] - xn * n[0], x[1] - xn * n[1], x[2] - xn * n[2]]);
  if (dot(cross(p, proj), n) >= 0 && dot(cross(proj, q), n) >= 0) return Math.asin(Math.min(1, Math.abs(xn)));
  return Math.min(angleRad(x, p), angleRad(x, q));
}

/** ROUND(x, n) as PostgreSQL's numeric rounding: decimal, half away from zero. */
export function adqlRound(x: Num, n: Num = 0): number | null {
  const v = num(x);
  const d = num(n) ?? 0;
  if (v === undefined) return null;
  return decimalRound(v, digitsOf(d, "ROUND"), "round");
}

/** TRUNCATE(x, n): toward zero at n decimals. */
export function adqlTruncate(x: Num, n: Num = 0): number | null {
  const v = num(x);
  const d = num(n) ?? 0;
  if (v === undefined) return null;
  return decimalRound(v, digitsOf(d, "TRUNCATE"), "trunc");
}

/** The digits argument of ROUND/TRUNCATE, within what a double can mean. */
function digitsOf(d: number, fn: string): number {
  if (!Number.isFinite(d) || Math.abs(d) > 400) throw new AdqlFunctionError(`${fn}: the number of decimal places must be between -400 and 400`);
  return Math.trunc(d);
}

/** Rounds the shortest decimal form of v (what PostgreSQL's float → numeric cast sees). */
function decimalRound(v: number, digits: number, mode: "round" | "trunc"): number {
  if (!Number.isFinite(v) || v === 0) return v;
  const [mant, expPart] = Math.abs(v).toExponential().split("e") as [string, string];
  const ds = mant.replace(".", "");
  // |v| = 0.ds × 10^(exp+1): keep the digits down to 10^-digits.
  const keep = Number(expPart) + 1 + digits;
  if (keep < 0) return 0;
  let k = keep === 0 ? 0n : BigInt(ds.slice(0, keep).padEnd(keep, "0"));
  if (mode === "round" && keep < ds.length && ds.charCodeAt(keep) - 48 >= 5) k += 1n;
  const r = Number(`${k}e${-digits}`);
  return v < 0 ? -r : r;
}

/** MOD(a, b) with the sign of a (SQL). */
export function adqlMod(a: Num, b: Num): number | bigint | null {
  if (a === null || a === undefined || b === null || b === undefined) return null;
  if (typeof a === "bigint" && typeof b === "bigint") {
    if (b === 0n) throw new AdqlFunctionError("division by zero");
    return a % b;
  }
  const y = Number(b);
  if (y === 0) throw new AdqlFunctionError("division by zero");
  return Number(a) % y;
}

const unary = (f: (x: number) => number) => (x: Num): number | null => {
  const v = num(x);
  return v === undefined ? null : f(v);
};

function checkedLog(f: (x: number) => number, what: string) {
  return unary((x) => {
    if (x < 0) throw new AdqlFunctionError(`cannot take ${what} of a negative number`);
    if (x === 0) throw new AdqlFunctionError(`cannot take ${what} of zero`);
    return f(x);
  });
}

/** The scalar functions the SQLite dialect registers, by SQL name. */
export const SQLITE_ADQL_FUNCTIONS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  adql_point: adqlPoint,
  adql_circle: adqlCircle,
  adql_polygon: adqlPolygon,
  adql_polygon_pts: adqlPolygonOfPoints,
  adql_contains: adqlContains,
  adql_intersects: adqlIntersects,
  adql_point_in: adqlPointIn,
  adql_distance: adqlDistance,
  adql_distance4: adqlDistance4,
  adql_area: adqlArea,
  adql_centroid: adqlCentroid,
  adql_coord: adqlCoord,
  adql_round: adqlRound,
  adql_truncate: adqlTruncate,
  adql_mod: adqlMod,
  adql_ln: checkedLog(Math.log, "the logarithm"),
  adql_log10: checkedLog(Math.log10, "the logarithm"),
  adql_sqrt: unary((x) => {
    if (x < 0) throw new AdqlFunctionError("cannot take the square root of a negative number");
    return Math.sqrt(x);
  }),
  adql_cot: unary((x) => 1 / Math.tan(x)),
  adql_float32: unary(Math.fround),
  adql_trunc_int: unary(Math.trunc),
};
