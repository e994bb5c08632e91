/**
 * Regions compiled for repeated tests on unit vectors: containment, distance from a point, and the
 * relation of a spherical cap to a (possibly dilated) region. The cap relation is what HEALPix
 * coverage (query_disc/query_polygon, MOC building) descends with: a cell is represented by a cap
 * that encloses it, and the answer must be conservative (never OUTSIDE or INSIDE when it is not).
 */
import { GeometryError } from "./errors.js";
import { type CompiledPolygon, compilePolygon, polygonContains, polygonLocate } from "./polygon.js";
import { rangeBoundaryDistRad, rangeContains } from "./range-geom.js";
import type { Region } from "./region.js";
import { DEG, RAD, type Vec3, vecFromRaDec } from "./vector.js";

/** A cap is entirely outside the region (-1), straddles its boundary (0), or lies inside (1). */
export type CapRelation = -1 | 0 | 1;
export const OUTSIDE: CapRelation = -1;
export const PARTIAL: CapRelation = 0;
export const INSIDE: CapRelation = 1;

/** A region prepared for fast tests. All angles in radians, points as unit-vector components. */
export interface Shape {
  readonly region: Region;
  /** Whether the unit vector lies in the region (boundary included). */
  contains(x: number, y: number, z: number): boolean;
  /**
   * The relation of the cap (centre (x, y, z), radius rRad) to the region grown by dilateRad.
   * Conservative: PARTIAL whenever unsure. Convex polygons grow edge by edge (each great-circle
   * half-space widened by dilateRad), a superset of the exact dilation near vertices, as HEALPix
   * inclusive polygon queries do.
   */
  relation(x: number, y: number, z: number, rRad: number, dilateRad: number): CapRelation;
  /** The polygon data, for polygons. */
  readonly polygon?: CompiledPolygon;
}

function raDecOf(x: number, y: number, z: number): [number, number] {
  let ra = Math.atan2(y, x) * RAD;
  if (ra < 0) ra += 360;
  return [ra, Math.atan2(z, Math.hypot(x, y)) * RAD];
}

/** Relation from a point's distance to the region (0 inside) and distance to the boundary. */
function byDistance(inside: boolean, boundaryRad: number, rRad: number, dilateRad: number): CapRelation {
  if (inside) return boundaryRad >= rRad ? INSIDE : PARTIAL;
  if (boundaryRad > rRad + dilateRad) return OUTSIDE;
  return boundaryRad + rRad <= dilateRad ? INSIDE : PARTIAL;
}

function compileSimple(region: Region): Shape {
  switch (region.kind) {
    case "point": {
      const c = vecFromRaDec(region.raDeg, region.decDeg);
      return {
        region,
        contains: (x, y, z) => Math.atan2(Math.hypot(c[1] * z - c[2] * y, c[2] * x - c[0] * z, c[0] * y - c[1] * x), c[0] * x + c[1] * y + c[2] * z) === 0,
        relation: (x, y, z, r, dil) => {
          const d = Math.atan2(Math.hypot(c[1] * z - c[2] * y, c[2] * x - c[0] * z, c[0] * y - c[1] * x), c[0] * x + c[1] * y + c[2] * z);
          return d > r + dil ? OUTSIDE : PARTIAL;
        },
      };
    }
    case "circle": {
      const c = vecFromRaDec(region.raDeg, region.decDeg);
      const R = region.radiusDeg * DEG;
      const cosR = Math.cos(R);
      const ang = (x: number, y: number, z: number): number =>
        Math.atan2(Math.hypot(c[1] * z - c[2] * y, c[2] * x - c[0] * z, c[0] * y - c[1] * x), c[0] * x + c[1] * y + c[2] * z);
      return {
        region,
        // The dot-product test is exact enough away from the rim and much faster; decide the
        // near-rim band with the stable angle.
        contains: (x, y, z) => {
          const d = c[0] * x + c[1] * y + c[2] * z - cosR;
          if (Math.abs(d) > 1e-9) return d > 0;
          return ang(x, y, z) <= R;
        },
        relation: (x, y, z, r, dil) => {
          const d = ang(x, y, z);
          if (d > R + dil + r) return OUTSIDE;
          return d + r <= R + dil ? INSIDE : PARTIAL;
        },
      };
    }
    case "polygon": {
      const poly = compilePolygon(region.vertices);
      return {
        region,
        polygon: poly,
        contains: (x, y, z) => polygonContains(poly, x, y, z),
        relation: (x, y, z, r, dil) => {
          if (poly.convex) {
            let allIn = true;
            for (const n of poly.normals) {
              // Angle between the cap centre and the edge pole; the half-space is a cap of π/2 + dil.
              const s = x * n[0] + y * n[1] + z * n[2];
              const a = Math.acos(Math.max(-1, Math.min(1, s)));
              if (a > Math.PI / 2 + dil + r) return OUTSIDE;
              if (a + r > Math.PI / 2 + dil) allIn = false;
            }
            if (allIn) return INSIDE;
            if (dil > 0) return PARTIAL;
          }
          const loc = polygonLocate(poly, x, y, z);
          return byDistance(loc.inside, loc.distRad, r, dil);
        },
      };
    }
    case "range": {
      return {
        region,
        contains: (x, y, z) => {
          const [ra, dec] = raDecOf(x, y, z);
          return rangeContains(region, ra, dec);
        },
        relation: (x, y, z, r, dil) => {
          const [ra, dec] = raDecOf(x, y, z);
          return byDistance(rangeContains(region, ra, dec), rangeBoundaryDistRad(region, ra, dec), r, dil);
        },
      };
    }
    default:
      throw new GeometryError("unsupported", `not a simple region: ${region.kind}`);
  }
}

const cache = new WeakMap<Region, Shape>();

/** Compiles (and caches, per region object) a region for repeated tests. */
export function compileRegion(region: Region): Shape {
  let s = cache.get(region);
  if (s !== undefined) return s;
  switch (region.kind) {
    case "union": {
      const parts = region.regions.map(compileRegion);
      s = {
        region,
        contains: (x, y, z) => parts.some((p) => p.contains(x, y, z)),
        relation: (x, y, z, r, dil) => {
          let all = true;
          for (const p of parts) {
            const q = p.relation(x, y, z, r, dil);
            if (q === INSIDE) return INSIDE;
            if (q !== OUTSIDE) all = false;
          }
          return all ? OUTSIDE : PARTIAL;
        },
      };
      break;
    }
    case "intersection": {
      const parts = region.regions.map(compileRegion);
      s = {
        region,
        contains: (x, y, z) => parts.every((p) => p.contains(x, y, z)),
        relation: (x, y, z, r, dil) => {
          let all = true;
          for (const p of parts) {
            const q = p.relation(x, y, z, r, dil);
            if (q === OUTSIDE) return OUTSIDE;
            if (q !== INSIDE) all = false;
          }
          return all ? INSIDE : PARTIAL;
        },
      };
      break;
    }
    case "not": {
      const inner = compileRegion(region.region);
      s = {
        region,
        contains: (x, y, z) => !inner.contains(x, y, z),
        // Grown complement = complement of the region shrunk by dil: conservative both ways.
        relation: (x, y, z, r, dil) => {
          if (inner.relation(x, y, z, r + dil, 0) === INSIDE) return OUTSIDE;
          return inner.relation(x, y, z, r, 0) === OUTSIDE ? INSIDE : PARTIAL;
        },
      };
      break;
    }
    default:
      s = compileSimple(region);
  }
  cache.set(region, s);
  return s;
}

/** Convenience: the unit vector of a point region, for callers holding a Region. */
export function pointVec(raDeg: number, decDeg: number): Vec3 {
  return vecFromRaDec(raDeg, decDeg);
}
