/**
 * Sky regions of the expression language as plain data (lsst-image-services.md §2.5): POINT,
 * CIRCLE, BOX, POLYGON and REGION('<SIAv2 POS>') values in degrees (ICRS). They stay plain objects
 * so the registry can hand them to its own geometry (pgSphere, HEALPix prefilter + src/lib/sphere).
 * POLYGON takes the convex hull of its vertices, so their order does not matter (as in the Butler);
 * the hull is computed in the gnomonic projection about the vertices' mean direction, where great
 * circles are straight lines, so it is exact on the sphere.
 */

/** An (RA, Dec) pair in degrees. */
export type RaDecDeg = readonly [raDeg: number, decDeg: number];

/**
 * A region value in ICRS degrees. RA is normalised to [0, 360). Polygons are convex with at least
 * three vertices, counter-clockwise seen from outside the sphere (interior on the left), edges
 * along great circles. BOX is centre plus full widths along RA and Dec (as ADQL BOX); RANGE is
 * the SIAv2 RANGE (RA and Dec intervals; raMinDeg > raMaxDeg wraps through RA 0).
 */
export type SphereRegionValue =
  | { readonly kind: "point"; readonly raDeg: number; readonly decDeg: number }
  | { readonly kind: "circle"; readonly raDeg: number; readonly decDeg: number; readonly radiusDeg: number }
  | { readonly kind: "box"; readonly raDeg: number; readonly decDeg: number; readonly widthDeg: number; readonly heightDeg: number }
  | { readonly kind: "polygon"; readonly vertices: readonly RaDecDeg[] }
  | { readonly kind: "range"; readonly raMinDeg: number; readonly raMaxDeg: number; readonly decMinDeg: number; readonly decMaxDeg: number };

/** An invalid region; the checker reports it with the position of the call or bind. */
export class RegionValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegionValueError";
  }
}

const DEG = Math.PI / 180;

function finite(name: string, v: number): number {
  if (!Number.isFinite(v)) throw new RegionValueError(`${name} must be a finite number, got ${v}`);
  return v;
}

function ra(v: number): number {
  const r = finite("RA", v) % 360;
  const wrapped = r < 0 ? r + 360 : r;
  // A tiny negative RA wraps to exactly 360 in floating point; -0 becomes 0.
  return wrapped >= 360 || wrapped === 0 ? 0 : wrapped;
}

function dec(v: number): number {
  if (finite("Dec", v) < -90 || v > 90) throw new RegionValueError(`Dec must be within [-90, 90], got ${v}`);
  return v;
}

/** POINT(ra, dec). */
export function pointRegion(raDeg: number, decDeg: number): SphereRegionValue {
  return { kind: "point", raDeg: ra(raDeg), decDeg: dec(decDeg) };
}

/** CIRCLE(ra, dec, radius); the radius must be in (0, 180]. */
export function circleRegion(raDeg: number, decDeg: number, radiusDeg: number): SphereRegionValue {
  if (!(finite("radius", radiusDeg) > 0 && radiusDeg <= 180)) throw new RegionValueError(`radius must be within (0, 180] degrees, got ${radiusDeg}`);
  return { kind: "circle", raDeg: ra(raDeg), decDeg: dec(decDeg), radiusDeg };
}

/** BOX(ra, dec, width, height): full widths in (0, 360] and (0, 180] degrees. */
export function boxRegion(raDeg: number, decDeg: number, widthDeg: number, heightDeg: number): SphereRegionValue {
  if (!(finite("width", widthDeg) > 0 && widthDeg <= 360)) throw new RegionValueError(`box width must be within (0, 360] degrees, got ${widthDeg}`);
  if (!(finite("height", heightDeg) > 0 && heightDeg <= 180)) throw new RegionValueError(`box height must be within (0, 180] degrees, got ${heightDeg}`);
  return { kind: "box", raDeg: ra(raDeg), decDeg: dec(decDeg), widthDeg, heightDeg };
}

/** RANGE: RA interval (any finite or infinite bounds; ±Inf means all RA) and Dec interval. */
export function rangeRegion(raMin: number, raMax: number, decMin: number, decMax: number): SphereRegionValue {
  const allRa = !Number.isFinite(raMin) || !Number.isFinite(raMax) || raMax - raMin >= 360;
  if (Number.isNaN(raMin) || Number.isNaN(raMax) || Number.isNaN(decMin) || Number.isNaN(decMax)) throw new RegionValueError("RANGE bounds must be numbers");
  const dMin = Math.max(-90, decMin);
  const dMax = Math.min(90, decMax);
  if (dMin > dMax) throw new RegionValueError(`RANGE Dec interval is empty: [${decMin}, ${decMax}]`);
  return { kind: "range", raMinDeg: allRa ? 0 : ra(raMin), raMaxDeg: allRa ? 360 : raMax === 360 ? 360 : ra(raMax), decMinDeg: dMin, decMaxDeg: dMax };
}

type Vec = [number, number, number];
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const crossV = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const unit = (raDeg: number, decDeg: number): Vec => {
  const c = Math.cos(decDeg * DEG);
  return [c * Math.cos(raDeg * DEG), c * Math.sin(raDeg * DEG), Math.sin(decDeg * DEG)];
};

/**
 * POLYGON(ra1, dec1, ra2, dec2, …): the convex hull of the vertices, counter-clockwise seen from
 * outside. Repeated and collinear vertices are dropped.
 * @throws RegionValueError for an odd count, fewer than 3 distinct non-collinear vertices, or
 *   vertices not within one open hemisphere (no convex polygon contains them).
 */
export function polygonRegion(flatDeg: readonly number[]): SphereRegionValue {
  if (flatDeg.length % 2 !== 0) throw new RegionValueError(`POLYGON needs RA, Dec pairs, got ${flatDeg.length} numbers`);
  const points: RaDecDeg[] = [];
  for (let i = 0; i < flatDeg.length; i += 2) points.push([ra(flatDeg[i]!), dec(flatDeg[i + 1]!)]);
  if (points.length < 3) throw new RegionValueError(`POLYGON needs at least 3 vertices, got ${points.length}`);
  const vs = points.map(([r, d]) => unit(r, d));
  const sum = vs.reduce<Vec>((s, v) => [s[0] + v[0], s[1] + v[1], s[2] + v[2]], [0, 0, 0]);
  const len = Math.hypot(...sum);
  if (len < 1e-9) throw new RegionValueError("POLYGON vertices are not within one hemisphere");
  const c: Vec = [sum[0] / len, sum[1] / len, sum[2] / len];
  const eLen = Math.hypot(c[0], c[1]);
  const east: Vec = eLen < 1e-12 ? [0, 1, 0] : [-c[1] / eLen, c[0] / eLen, 0];
  const north = crossV(c, east);
  const projected = vs.map((v, index) => {
    const z = dot(v, c);
    if (z <= 1e-9) throw new RegionValueError("POLYGON vertices are not within one hemisphere");
    return { x: dot(v, east) / z, y: dot(v, north) / z, index };
  });
  const hull = convexHull2d(projected);
  if (hull.length < 3) throw new RegionValueError("POLYGON is degenerate (fewer than 3 distinct, non-collinear vertices)");
  return { kind: "polygon", vertices: hull.map((p) => points[p.index]!) };
}

interface P2 {
  readonly x: number;
  readonly y: number;
  readonly index: number;
}

/** Vertices closer than this (radians in the tangent plane, ~20 µas) count as one. */
const SAME_POINT_RAD = 1e-10;
/** Turns whose sine is below this count as straight (collinear vertices are dropped). */
const STRAIGHT_SIN = 1e-10;

/**
 * Gift wrapping (Jarvis march), counter-clockwise, without repeated or collinear vertices. Chosen
 * over a monotone chain because with a collinearity tolerance it stays right for long thin sets,
 * where sorting by x would follow rounding noise (a fast-check counterexample, pinned in tests).
 */
function convexHull2d(input: readonly P2[]): P2[] {
  const pts: P2[] = [];
  for (const p of input) {
    if (!pts.some((q) => Math.hypot(p.x - q.x, p.y - q.y) < SAME_POINT_RAD)) pts.push(p);
  }
  if (pts.length < 3) return pts;
  const start = pts.reduce((a, b) => (b.x < a.x || (b.x === a.x && b.y < a.y) ? b : a));
  const hull = [start];
  let p = start;
  for (let guard = 0; guard < pts.length; guard++) {
    let q: P2 | undefined;
    for (const r of pts) {
      if (r === p) continue;
      if (q === undefined) {
        q = r;
        continue;
      }
      const [ax, ay, bx, by] = [q.x - p.x, q.y - p.y, r.x - p.x, r.y - p.y];
      const cross = ax * by - ay * bx;
      // The sine of the angle decides, so the test does not depend on the polygon's size.
      const tol = STRAIGHT_SIN * Math.hypot(ax, ay) * Math.hypot(bx, by);
      // Take r when it is clockwise of p→q, or in line with it and farther away.
      if (cross < -tol || (Math.abs(cross) <= tol && Math.hypot(bx, by) > Math.hypot(ax, ay))) q = r;
    }
    // Back at the start, or (start skipped as in line with a farther point) at any earlier vertex.
    if (q === undefined || q === start || hull.includes(q)) return hull;
    hull.push(q);
    p = q;
  }
  // Did not close: numerically degenerate input.
  return [];
}

function numberToken(tok: string): number {
  const t = tok.toLowerCase();
  if (t === "inf" || t === "+inf" || t === "infinity" || t === "+infinity") return Number.POSITIVE_INFINITY;
  if (t === "-inf" || t === "-infinity") return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(tok)) throw new RegionValueError(`not a number: '${tok}'`);
  return Number(tok);
}

/**
 * Reads an SIAv2 POS string (IVOA SIA 2.0 §2.1.1): `CIRCLE ra dec radius`,
 * `RANGE raMin raMax decMin decMax` (±Inf allowed) or `POLYGON ra1 dec1 ra2 dec2 ra3 dec3 …`;
 * `POINT ra dec` is accepted too. Shape names are case-insensitive.
 * @throws RegionValueError when the string is not one of these.
 */
export function parseSiaPos(text: string): SphereRegionValue {
  const [shape = "", ...rest] = text.trim().split(/\s+/);
  const nums = rest.map(numberToken);
  const need = (n: number): void => {
    if (nums.length !== n) throw new RegionValueError(`${shape.toUpperCase()} needs ${n} numbers, got ${nums.length}`);
  };
  const finiteOnly = (): number[] => nums.map((n) => finite("coordinate", n));
  switch (shape.toUpperCase()) {
    case "CIRCLE": {
      need(3);
      const [a, b, r] = finiteOnly() as [number, number, number];
      return circleRegion(a, b, r);
    }
    case "RANGE": {
      need(4);
      const [a, b, c, d] = nums as [number, number, number, number];
      return rangeRegion(a, b, c, d);
    }
    case "POLYGON":
      return polygonRegion(finiteOnly());
    case "POINT": {
      need(2);
      const [a, b] = finiteOnly() as [number, number];
      return pointRegion(a, b);
    }
    default:
      throw new RegionValueError(`unknown POS shape '${shape}' (use CIRCLE, RANGE or POLYGON)`);
  }
}

const isNum = (v: unknown): v is number => typeof v === "number";

/**
 * Validates a region given as a bind value: one of the SphereRegionValue shapes (re-validated
 * through the constructors above), or the repository model's `{ kind: 'convex-polygon', vertices }`
 * of unit vectors. Returns undefined when `v` is not region-shaped at all.
 * @throws RegionValueError when it is region-shaped but invalid.
 */
export function regionFromBind(v: unknown): SphereRegionValue | undefined {
  if (typeof v !== "object" || v === null || !("kind" in v)) return undefined;
  const r = v as Record<string, unknown>;
  switch (r.kind) {
    case "point":
      if (isNum(r.raDeg) && isNum(r.decDeg)) return pointRegion(r.raDeg, r.decDeg);
      break;
    case "circle":
      if (isNum(r.raDeg) && isNum(r.decDeg) && isNum(r.radiusDeg)) return circleRegion(r.raDeg, r.decDeg, r.radiusDeg);
      break;
    case "box":
      if (isNum(r.raDeg) && isNum(r.decDeg) && isNum(r.widthDeg) && isNum(r.heightDeg)) return boxRegion(r.raDeg, r.decDeg, r.widthDeg, r.heightDeg);
      break;
    case "range":
      if (isNum(r.raMinDeg) && isNum(r.raMaxDeg) && isNum(r.decMinDeg) && isNum(r.decMaxDeg)) return rangeRegion(r.raMinDeg, r.raMaxDeg, r.decMinDeg, r.decMaxDeg);
      break;
    case "polygon":
      if (Array.isArray(r.vertices) && r.vertices.every((p) => Array.isArray(p) && p.length === 2 && p.every(isNum))) {
        return polygonRegion((r.vertices as number[][]).flat());
      }
      break;
    case "convex-polygon":
      if (Array.isArray(r.vertices) && r.vertices.every((p) => Array.isArray(p) && p.length === 3 && p.every(isNum))) {
        return polygonRegion((r.vertices as [number, number, number][]).flatMap(([x, y, z]) => [Math.atan2(y, x) / DEG, Math.atan2(z, Math.hypot(x, y)) / DEG]));
      }
      break;
    default:
      return undefined;
  }
  throw new RegionValueError(`malformed ${String(r.kind)} region`);
}
