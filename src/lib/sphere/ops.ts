/**
 * Region operations for services and ADQL functions: point containment, region intersection,
 * area (ADQL AREA, square degrees) and bounding circles (for index prefilters). Exact for the
 * simple kinds; compounds are supported where the answer follows from the parts and otherwise
 * throw GeometryError("unsupported").
 */
import { GeometryError } from "./errors.js";
import { arcsCross, polygonAreaSr, polygonLocate, polygonVertexMean } from "./polygon.js";
import { arcMeetsParallel, rangeBoundaryDistRad, rangeContains, rangeCorners, rangeMeridianArcs, raWidthDeg } from "./range-geom.js";
import { type CircleRegion, circle, type PolygonRegion, type RangeRegion, type Region } from "./region.js";
import { compileRegion, type Shape } from "./shape.js";
import { angleRad, DEG, RAD, raDecFromVec, type Vec3, vecFromRaDec } from "./vector.js";

/**
 * Whether (raDeg, decDeg) lies inside or on the boundary of the region. A position with a
 * non-finite RA or a dec outside [-90, 90] is in no region (false, not an exception).
 */
export function contains(region: Region, raDeg: number, decDeg: number): boolean {
  if (!Number.isFinite(raDeg) || !(decDeg >= -90 && decDeg <= 90)) return false;
  const v = vecFromRaDec(raDeg, decDeg);
  if (region.kind === "range") return rangeContains(region, raDeg, decDeg);
  return compileRegion(region).contains(v[0], v[1], v[2]);
}

/** Whether the unit vector lies in the region. */
export function containsVec(region: Region, v: Vec3): boolean {
  return compileRegion(region).contains(v[0], v[1], v[2]);
}

/** Distance in radians from a unit vector to a simple region (0 inside). */
function distToRegionRad(shape: Shape, v: Vec3): number {
  const r = shape.region;
  switch (r.kind) {
    case "point":
      return angleRad(v, vecFromRaDec(r.raDeg, r.decDeg));
    case "circle":
      return Math.max(0, angleRad(v, vecFromRaDec(r.raDeg, r.decDeg)) - r.radiusDeg * DEG);
    case "polygon": {
      const loc = polygonLocate(shape.polygon!, v[0], v[1], v[2]);
      return loc.inside ? 0 : loc.distRad;
    }
    case "range": {
      if (shape.contains(v[0], v[1], v[2])) return 0;
      // relation() with growing radius would do; the boundary distance is the distance here.
      const { raDeg, decDeg } = raDecFromVec(v);
      return rangeBoundaryDistRad(r, raDeg, decDeg);
    }
    default:
      throw new GeometryError("unsupported", `distance to a ${r.kind} region`);
  }
}

function polygonsIntersect(a: Shape, b: Shape): boolean {
  const pa = a.polygon!;
  const pb = b.polygon!;
  if (pa.v.some((v) => b.contains(v[0], v[1], v[2]))) return true;
  if (pb.v.some((v) => a.contains(v[0], v[1], v[2]))) return true;
  const na = pa.v.length;
  const nb = pb.v.length;
  for (let i = 0; i < na; i++) {
    for (let j = 0; j < nb; j++) {
      if (arcsCross(pa.v[i]!, pa.v[(i + 1) % na]!, pb.v[j]!, pb.v[(j + 1) % nb]!)) return true;
    }
  }
  return false;
}

function polygonRangeIntersect(p: Shape, r: RangeRegion): boolean {
  const poly = p.polygon!;
  const rs = compileRegion(r);
  if (poly.v.some((v) => rs.contains(v[0], v[1], v[2]))) return true;
  if (rangeCorners(r).some((v) => p.contains(v[0], v[1], v[2]))) return true;
  const n = poly.v.length;
  const arcs = rangeMeridianArcs(r);
  for (let i = 0; i < n; i++) {
    const a = poly.v[i]!;
    const b = poly.v[(i + 1) % n]!;
    for (const [c, d] of arcs) if (arcsCross(a, b, c, d)) return true;
    if (arcMeetsParallel(a, b, r.decMinDeg, r) || arcMeetsParallel(a, b, r.decMaxDeg, r)) return true;
  }
  return false;
}

function rangesIntersect(a: RangeRegion, b: RangeRegion): boolean {
  const lo = Math.max(a.decMinDeg, b.decMinDeg);
  const hi = Math.min(a.decMaxDeg, b.decMaxDeg);
  if (lo > hi) return false;
  if (Math.abs(lo) === 90 || Math.abs(hi) === 90) return true; // they share a pole
  if (a.fullRa || b.fullRa) return true;
  const inA = (ra: number) => (a.raMinDeg <= a.raMaxDeg ? ra >= a.raMinDeg && ra <= a.raMaxDeg : ra >= a.raMinDeg || ra <= a.raMaxDeg);
  const inB = (ra: number) => (b.raMinDeg <= b.raMaxDeg ? ra >= b.raMinDeg && ra <= b.raMaxDeg : ra >= b.raMinDeg || ra <= b.raMaxDeg);
  return inA(b.raMinDeg) || inA(b.raMaxDeg % 360) || inB(a.raMinDeg) || inB(a.raMaxDeg % 360);
}

/**
 * Whether two regions share at least one point (ADQL INTERSECTS). Exact for point, circle,
 * polygon and range in any pairing; Union distributes; other compounds throw
 * GeometryError("unsupported").
 */
export function intersects(a: Region, b: Region): boolean {
  if (a.kind === "union") return a.regions.some((r) => intersects(r, b));
  if (b.kind === "union") return b.regions.some((r) => intersects(a, r));
  if (a.kind === "intersection" || a.kind === "not" || b.kind === "intersection" || b.kind === "not") {
    throw new GeometryError("unsupported", "INTERSECTS with an Intersection or Not region is not supported; use a MOC");
  }
  if (a.kind === "point") return contains(b, a.raDeg, a.decDeg);
  if (b.kind === "point") return contains(a, b.raDeg, b.decDeg);
  if (a.kind === "circle") return distToRegionRad(compileRegion(b), vecFromRaDec(a.raDeg, a.decDeg)) <= a.radiusDeg * DEG;
  if (b.kind === "circle") return intersects(b, a);
  if (a.kind === "range" && b.kind === "range") return rangesIntersect(a, b);
  if (a.kind === "polygon" && b.kind === "polygon") return polygonsIntersect(compileRegion(a), compileRegion(b));
  if (a.kind === "polygon" && b.kind === "range") return polygonRangeIntersect(compileRegion(a), b);
  if (a.kind === "range" && b.kind === "polygon") return polygonRangeIntersect(compileRegion(b), a);
  throw new GeometryError("unsupported", `INTERSECTS(${a.kind}, ${b.kind})`);
}

/** Area in steradians; GeometryError("unsupported") for Union and Intersection. */
export function areaSr(region: Region): number {
  switch (region.kind) {
    case "point":
      return 0;
    case "circle":
      return 2 * Math.PI * (1 - Math.cos(region.radiusDeg * DEG));
    case "polygon":
      return polygonAreaSr(compileRegion(region).polygon!);
    case "range":
      return (Math.sin(region.decMaxDeg * DEG) - Math.sin(region.decMinDeg * DEG)) * raWidthDeg(region) * DEG;
    case "not":
      return 4 * Math.PI - areaSr(region.region);
    default:
      throw new GeometryError("unsupported", `area of a ${region.kind}; build a MOC and use its area`);
  }
}

/** Area in square degrees (ADQL AREA). */
export function areaDeg2(region: Region): number {
  return areaSr(region) * RAD * RAD;
}

/**
 * A circle enclosing the region (not necessarily the smallest). The whole sky (radius 180) for
 * Not regions and for polygons whose vertices spread beyond a hemisphere.
 */
export function boundingCircle(region: Region): CircleRegion {
  switch (region.kind) {
    case "point":
      return { kind: "circle", raDeg: region.raDeg, decDeg: region.decDeg, radiusDeg: 0 };
    case "circle":
      return region;
    case "polygon":
      return polygonBound(region);
    case "range":
      return rangeBound(region);
    case "union": {
      const caps = region.regions.map(boundingCircle);
      let x = 0;
      let y = 0;
      let z = 0;
      for (const c of caps) {
        const v = vecFromRaDec(c.raDeg, c.decDeg);
        x += v[0];
        y += v[1];
        z += v[2];
      }
      const centre = raDecFromVec([x, y, z]);
      const cv = vecFromRaDec(centre.raDeg, centre.decDeg);
      const r = Math.max(...caps.map((c) => angleRad(cv, vecFromRaDec(c.raDeg, c.decDeg)) * RAD + c.radiusDeg));
      return { kind: "circle", raDeg: centre.raDeg, decDeg: centre.decDeg, radiusDeg: Math.min(180, r) };
    }
    case "intersection": {
      const caps = region.regions.map(boundingCircle);
      return caps.reduce((m, c) => (c.radiusDeg < m.radiusDeg ? c : m));
    }
    case "not":
      return { kind: "circle", raDeg: 0, decDeg: 0, radiusDeg: 180 };
  }
}

function polygonBound(region: PolygonRegion): CircleRegion {
  const poly = compileRegion(region).polygon!;
  const c = polygonVertexMean(poly);
  let r = 0;
  for (const v of poly.v) r = Math.max(r, angleRad(c, v));
  const { raDeg, decDeg } = raDecFromVec(c);
  // A cap of radius < 90 degrees is convex, so holding the vertices it holds the edges and the
  // (smaller) interior; beyond that fall back to the whole sky.
  if (r >= Math.PI / 2) return { kind: "circle", raDeg, decDeg, radiusDeg: 180 };
  return circle(raDeg, decDeg, Math.max(r * RAD * (1 + 1e-12), 1e-12));
}

function rangeBound(r: RangeRegion): CircleRegion {
  const corners = rangeCorners(r);
  const candidates: Vec3[] = [];
  const raMid = r.fullRa ? 0 : r.raMinDeg + raWidthDeg(r) / 2;
  if (!r.fullRa) candidates.push(vecFromRaDec(raMid, (r.decMinDeg + r.decMaxDeg) / 2));
  candidates.push([0, 0, 1], [0, 0, -1]);
  let best: CircleRegion | undefined;
  for (const c of candidates) {
    let rad = 0;
    for (const v of corners) rad = Math.max(rad, angleRad(c, v));
    const { raDeg, decDeg } = raDecFromVec(c);
    const cand: CircleRegion = { kind: "circle", raDeg, decDeg, radiusDeg: Math.min(180, rad * RAD * (1 + 1e-12)) };
    if (best === undefined || cand.radiusDeg < best.radiusDeg) best = cand;
  }
  return best!;
}
