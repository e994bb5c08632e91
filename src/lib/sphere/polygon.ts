/**
 * Spherical polygons with great-circle edges: orientation normalisation, containment, distance to
 * the boundary and area. Area is by the Gauss–Bonnet theorem (area = 2π − Σ turning angles, e.g.
 * Todhunter, *Spherical Trigonometry* §99; the exterior-angle form of Girard's theorem), which
 * also fixes the orientation: the interior is taken to be the side of area ≤ 2π. Containment of a
 * concave polygon uses the nearest boundary point (the side of the nearest edge decides), exact
 * up to rounding and with no reference point that could itself be ambiguous.
 */
import { GeometryError } from "./errors.js";
import { angleRad, cross, dot, normalize, normRaDeg, type Vec3, vecFromRaDec } from "./vector.js";

type RaDec = { readonly raDeg: number; readonly decDeg: number };

/** A polygon prepared for repeated tests: unit vertices, unit edge normals (left side positive). */
export interface CompiledPolygon {
  readonly v: readonly Vec3[];
  /** normals[i] = unit(v[i] × v[i+1]); the interior is where normals·p ≥ 0 near the edge. */
  readonly normals: readonly Vec3[];
  /** True when every vertex turns left, so the interior is the intersection of the half-spaces. */
  readonly convex: boolean;
  /** Turning angle at each vertex in radians (left positive). */
  readonly turns: readonly number[];
}

function turnAngles(v: readonly Vec3[], normals: readonly Vec3[]): number[] {
  const n = v.length;
  const turns: number[] = [];
  for (let i = 0; i < n; i++) {
    const nin = normals[(i + n - 1) % n]!;
    const nout = normals[i]!;
    const p = v[i]!;
    // Tangents of travel along the incoming and outgoing edges at p: n × p.
    const tin = cross(nin, p);
    const tout = cross(nout, p);
    turns.push(Math.atan2(dot(cross(tin, tout), p), dot(tin, tout)));
  }
  return turns;
}

function edgeNormals(v: readonly Vec3[]): Vec3[] {
  const n = v.length;
  const out: Vec3[] = [];
  for (let i = 0; i < n; i++) {
    const c = cross(v[i]!, v[(i + 1) % n]!);
    const len = Math.hypot(c[0], c[1], c[2]);
    if (len < 1e-15) throw new GeometryError("degenerate", `polygon edge ${i} has coincident or antipodal ends`);
    out.push([c[0] / len, c[1] / len, c[2] / len]);
  }
  return out;
}

/** Area in steradians of the region left of the closed path `v` (may exceed 2π before normalising). */
function leftArea(turns: readonly number[]): number {
  let s = 0;
  for (const t of turns) s += t;
  return 2 * Math.PI - s;
}

/** Whether the minor arcs AB and CD cross at a point interior to both. */
export function arcsCross(a: Vec3, b: Vec3, c: Vec3, d: Vec3): boolean {
  const n1 = cross(a, b);
  const n2 = cross(c, d);
  const x = cross(n1, n2);
  if (Math.hypot(x[0], x[1], x[2]) < 1e-300) return false;
  for (const s of [1, -1]) {
    const p: Vec3 = [s * x[0], s * x[1], s * x[2]];
    if (dot(cross(a, p), n1) > 0 && dot(cross(p, b), n1) > 0 && dot(cross(c, p), n2) > 0 && dot(cross(p, d), n2) > 0) return true;
  }
  return false;
}

/**
 * Drops repeats, checks simplicity and returns the vertices oriented interior-left with area ≤ 2π.
 * Throws GeometryError("degenerate") when fewer than 3 distinct vertices remain or edges cross.
 */
export function normalizePolygon(vertices: readonly RaDec[]): RaDec[] {
  const vecs: Vec3[] = [];
  const kept: RaDec[] = [];
  for (const p of vertices) {
    const v = vecFromRaDec(p.raDeg, p.decDeg);
    const last = vecs[vecs.length - 1];
    if (last !== undefined && angleRad(last, v) < 1e-14) continue;
    vecs.push(v);
    kept.push(p);
  }
  while (vecs.length > 1 && angleRad(vecs[0]!, vecs[vecs.length - 1]!) < 1e-14) {
    vecs.pop();
    kept.pop();
  }
  if (vecs.length < 3) throw new GeometryError("degenerate", "a polygon needs at least 3 distinct vertices");
  const n = vecs.length;
  const normals = edgeNormals(vecs);
  // Simple polygons only: no two non-adjacent edges may cross (O(n²), polygons here are small).
  if (n <= 1000) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 2; j < n; j++) {
        if (i === 0 && j === n - 1) continue;
        if (arcsCross(vecs[i]!, vecs[(i + 1) % n]!, vecs[j]!, vecs[(j + 1) % n]!)) {
          throw new GeometryError("degenerate", `polygon edges ${i} and ${j} cross: not a simple polygon`);
        }
      }
    }
  }
  const area = leftArea(turnAngles(vecs, normals));
  // Keep the caller's numbers (RA normalised to [0, 360)) so printing round-trips exactly.
  const norm = kept.map((p) => ({ raDeg: normRaDeg(p.raDeg), decDeg: p.decDeg }));
  return area > 2 * Math.PI ? norm.reverse() : norm;
}

/** Prepares a (normalised) polygon for fast tests. */
export function compilePolygon(vertices: readonly RaDec[]): CompiledPolygon {
  const v = vertices.map((p) => vecFromRaDec(p.raDeg, p.decDeg));
  const normals = edgeNormals(v);
  const turns = turnAngles(v, normals);
  return { v, normals, turns, convex: turns.every((t) => t >= 0) };
}

/**
 * Polygon area in steradians. Polygons within a hemisphere around their vertex mean use a fan of
 * signed triangles with the stable solid-angle formula tan(E/2) = a·(b×c) / (1 + a·b + b·c + c·a)
 * (Van Oosterom & Strackee 1983, IEEE Trans. Biomed. Eng. 30, 125), accurate for tiny polygons
 * where 2π − Σ turns cancels catastrophically; larger ones use Gauss–Bonnet.
 */
export function polygonAreaSr(p: CompiledPolygon): number {
  const c = polygonVertexMean(p);
  if (!p.v.every((v) => dot(v, c) > 1e-3)) return leftArea(p.turns);
  let sum = 0;
  const n = p.v.length;
  for (let i = 0; i < n; i++) {
    const a = p.v[i]!;
    const b = p.v[(i + 1) % n]!;
    const triple = dot(c, cross(a, b));
    sum += 2 * Math.atan2(triple, 1 + dot(c, a) + dot(a, b) + dot(b, c));
  }
  return Math.abs(sum);
}

/**
 * Distance in radians from unit vector p to the nearest boundary point, and whether p is inside
 * (the side of that nearest point decides).
 */
export function polygonLocate(poly: CompiledPolygon, px: number, py: number, pz: number): { inside: boolean; distRad: number } {
  const { v, normals } = poly;
  const n = v.length;
  let best = Number.POSITIVE_INFINITY;
  let inside = false;
  for (let i = 0; i < n; i++) {
    const a = v[i]!;
    const b = v[(i + 1) % n]!;
    const nm = normals[i]!;
    const s = px * nm[0] + py * nm[1] + pz * nm[2];
    // Foot of the perpendicular q = p - s n; it lies on the arc when (a×q)·n ≥ 0 and (q×b)·n ≥ 0.
    const qx = px - s * nm[0];
    const qy = py - s * nm[1];
    const qz = pz - s * nm[2];
    const onArc = dot(cross(a, [qx, qy, qz]), nm) >= 0 && dot(cross([qx, qy, qz], b), nm) >= 0;
    if (onArc && (qx !== 0 || qy !== 0 || qz !== 0)) {
      const d = Math.asin(Math.min(1, Math.abs(s)));
      if (d < best) {
        best = d;
        inside = s >= 0;
      }
    }
  }
  for (let i = 0; i < n; i++) {
    const a = v[i]!;
    const d = angleRad(a, [px, py, pz]);
    if (d < best) {
      best = d;
      const nin = normals[(i + n - 1) % n]!;
      const nout = normals[i]!;
      const lin = px * nin[0] + py * nin[1] + pz * nin[2] >= 0;
      const lout = px * nout[0] + py * nout[1] + pz * nout[2] >= 0;
      inside = poly.turns[i]! >= 0 ? lin && lout : lin || lout;
    }
  }
  return { inside, distRad: best };
}

/** Whether unit vector p lies inside or on the polygon. */
export function polygonContains(poly: CompiledPolygon, px: number, py: number, pz: number): boolean {
  if (poly.convex) {
    for (const nm of poly.normals) if (px * nm[0] + py * nm[1] + pz * nm[2] < -1e-15) return false;
    return true;
  }
  return polygonLocate(poly, px, py, pz).inside;
}

/** The unit-vector mean of the vertices (a point near the middle of a small polygon). */
export function polygonVertexMean(poly: CompiledPolygon): Vec3 {
  let x = 0;
  let y = 0;
  let z = 0;
  for (const p of poly.v) {
    x += p[0];
    y += p[1];
    z += p[2];
  }
  return normalize([x, y, z]);
}
