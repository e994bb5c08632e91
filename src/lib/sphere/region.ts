/**
 * The region model shared by DALI parameters, ADQL geometry values and STC-S: points, circles
 * (spherical caps), simple polygons with great-circle edges, RA/Dec ranges ("boxes" bounded by
 * meridians and parallels, DALI 1.1 §3.3.5 POS=RANGE) and the STC-S compounds Union, Intersection
 * and Not. All angles are ICRS degrees; constructors validate and normalise (RA to [0, 360), polygon
 * orientation) and throw {@link GeometryError}.
 */
import { GeometryError } from "./errors.js";
import { normalizePolygon } from "./polygon.js";
import { normRaDeg } from "./vector.js";

/** A position: raDeg in [0, 360), decDeg in [-90, 90]. */
export interface PointRegion {
  readonly kind: "point";
  readonly raDeg: number;
  readonly decDeg: number;
}

/** A spherical cap: every point within radiusDeg (0 < r ≤ 180) of the centre. */
export interface CircleRegion {
  readonly kind: "circle";
  readonly raDeg: number;
  readonly decDeg: number;
  readonly radiusDeg: number;
}

/**
 * A simple polygon with great-circle edges. `vertices` are stored without a closing repeat and
 * oriented so that the interior lies on the left of each edge seen from outside the sphere (RA
 * increasing along the southern edge); the interior is always the smaller of the two regions the
 * boundary separates (area ≤ 2π sr), whatever the input winding.
 */
export interface PolygonRegion {
  readonly kind: "polygon";
  readonly vertices: readonly { readonly raDeg: number; readonly decDeg: number }[];
}

/**
 * An RA/Dec range: RA from raMinDeg eastward to raMaxDeg (wrapping through 0 when raMin > raMax;
 * the full circle when `fullRa`), Dec from decMinDeg to decMaxDeg, bounds inclusive.
 */
export interface RangeRegion {
  readonly kind: "range";
  readonly raMinDeg: number;
  readonly raMaxDeg: number;
  readonly fullRa: boolean;
  readonly decMinDeg: number;
  readonly decMaxDeg: number;
}

/** STC-S Union: points in any member. */
export interface UnionRegion {
  readonly kind: "union";
  readonly regions: readonly Region[];
}

/** STC-S Intersection: points in every member. */
export interface IntersectionRegion {
  readonly kind: "intersection";
  readonly regions: readonly Region[];
}

/** STC-S Not: the complement of the member. */
export interface NotRegion {
  readonly kind: "not";
  readonly region: Region;
}

/** Any region; switch on `kind`. */
export type Region = PointRegion | CircleRegion | PolygonRegion | RangeRegion | UnionRegion | IntersectionRegion | NotRegion;

/** The simple (non-compound) regions. */
export type SimpleRegion = PointRegion | CircleRegion | PolygonRegion | RangeRegion;

function finite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new GeometryError("range", `${name} must be a finite number, got ${v}`);
}

function checkDec(name: string, decDeg: number): void {
  finite(name, decDeg);
  if (decDeg < -90 || decDeg > 90) throw new GeometryError("range", `${name} must lie in [-90, 90], got ${decDeg}`);
}

/** A point; throws GeometryError("range") for a non-finite RA or |dec| > 90. */
export function point(raDeg: number, decDeg: number): PointRegion {
  finite("ra", raDeg);
  checkDec("dec", decDeg);
  return { kind: "point", raDeg: normRaDeg(raDeg), decDeg };
}

/** A circle; radiusDeg must lie in (0, 180] (DALI 1.1 §3.3.4). */
export function circle(raDeg: number, decDeg: number, radiusDeg: number): CircleRegion {
  const p = point(raDeg, decDeg);
  finite("radius", radiusDeg);
  if (!(radiusDeg > 0 && radiusDeg <= 180)) throw new GeometryError("range", `circle radius must lie in (0, 180] degrees, got ${radiusDeg}`);
  return { kind: "circle", raDeg: p.raDeg, decDeg: p.decDeg, radiusDeg };
}

/**
 * A polygon from (raDeg, decDeg) vertices in either winding; a repeated closing vertex and
 * consecutive duplicates are dropped. Throws GeometryError("degenerate") for fewer than three
 * distinct vertices, antipodal neighbours, or crossing edges.
 */
export function polygon(vertices: readonly { readonly raDeg: number; readonly decDeg: number }[]): PolygonRegion {
  for (const v of vertices) {
    finite("polygon ra", v.raDeg);
    checkDec("polygon dec", v.decDeg);
  }
  return { kind: "polygon", vertices: normalizePolygon(vertices) };
}

/** A polygon from a flat [ra1, dec1, ra2, dec2, ...] list in degrees. */
export function polygonFromFlat(coordsDeg: readonly number[]): PolygonRegion {
  if (coordsDeg.length % 2 !== 0) throw new GeometryError("syntax", "polygon needs an even number of coordinates");
  const vs: { raDeg: number; decDeg: number }[] = [];
  for (let i = 0; i < coordsDeg.length; i += 2) vs.push({ raDeg: coordsDeg[i]!, decDeg: coordsDeg[i + 1]! });
  return polygon(vs);
}

/**
 * An RA/Dec range (DALI POS=RANGE ra1 ra2 dec1 dec2). raMinDeg > raMaxDeg (after normalisation)
 * wraps through RA 0; ra bounds that span ≥ 360 degrees, or -Inf/+Inf, give the full circle.
 * Dec bounds are clamped to [-90, 90] (±Inf allowed) and must satisfy decMin ≤ decMax.
 */
export function range(raMinDeg: number, raMaxDeg: number, decMinDeg: number, decMaxDeg: number): RangeRegion {
  if (Number.isNaN(raMinDeg) || Number.isNaN(raMaxDeg) || Number.isNaN(decMinDeg) || Number.isNaN(decMaxDeg)) {
    throw new GeometryError("range", "range bounds must be numbers");
  }
  const dLo = Math.max(-90, decMinDeg);
  const dHi = Math.min(90, decMaxDeg);
  if (dLo > dHi) throw new GeometryError("range", `range needs decMin ≤ decMax, got ${decMinDeg} > ${decMaxDeg}`);
  const fullRa = !Number.isFinite(raMinDeg) || !Number.isFinite(raMaxDeg) || raMaxDeg - raMinDeg >= 360;
  return {
    kind: "range",
    raMinDeg: fullRa ? 0 : normRaDeg(raMinDeg),
    raMaxDeg: fullRa ? 360 : raMaxDeg === 360 ? 360 : normRaDeg(raMaxDeg),
    fullRa,
    decMinDeg: dLo,
    decMaxDeg: dHi,
  };
}

/**
 * ADQL/STC-S BOX(ra, dec, width, height): the polygon with great-circle edges through the four
 * corners (ra ± width/2, dec ± height/2). Throws GeometryError when the box reaches a pole or is
 * wider than 180 degrees (the corners would not define a simple polygon).
 */
export function box(raDeg: number, decDeg: number, widthDeg: number, heightDeg: number): PolygonRegion {
  finite("box width", widthDeg);
  finite("box height", heightDeg);
  if (!(widthDeg > 0 && widthDeg < 180 && heightDeg > 0)) throw new GeometryError("range", "box width must lie in (0, 180) and height be > 0 degrees");
  const lo = decDeg - heightDeg / 2;
  const hi = decDeg + heightDeg / 2;
  if (lo <= -90 || hi >= 90) throw new GeometryError("range", "box must not reach a pole; use a RANGE or POLYGON instead");
  const w = widthDeg / 2;
  return polygon([
    { raDeg: raDeg - w, decDeg: lo },
    { raDeg: raDeg + w, decDeg: lo },
    { raDeg: raDeg + w, decDeg: hi },
    { raDeg: raDeg - w, decDeg: hi },
  ]);
}

/** Union of regions (at least one). */
export function union(regions: readonly Region[]): UnionRegion {
  if (regions.length === 0) throw new GeometryError("degenerate", "Union needs at least one region");
  return { kind: "union", regions };
}

/** Intersection of regions (at least one). */
export function intersection(regions: readonly Region[]): IntersectionRegion {
  if (regions.length === 0) throw new GeometryError("degenerate", "Intersection needs at least one region");
  return { kind: "intersection", regions };
}

/** Complement of a region. */
export function not(region: Region): NotRegion {
  return { kind: "not", region };
}
