/**
 * Which pixels of an image a sky region covers: the pixel box of a cut-out (SODA 1.0 §3.3: the
 * "best possible match", clipped to the data) and the per-pixel inside/outside flags of a stencil.
 *
 * The box is the bounding box of (region ∩ image) in pixel coordinates. That set is bounded by the
 * parts of the region's boundary that lie inside the image and by the parts of the image's border
 * that lie inside the region, so the box is the bounding box of (a) the projected boundary polyline
 * clipped to the image rectangle (Liang–Barsky) and (b) border points of the image inside the
 * region. The boundary is sampled densely enough (≤ SAMPLE_PIX pixels between samples) that the
 * chord error is far below a pixel; a pixel belongs to the box when any part of it is covered
 * (pixel i spans [i − 0.5, i + 0.5] in 1-based coordinates). Conventions: 1-based FITS pixels,
 * x = NAXIS1, inclusive ranges; degrees on the sky.
 */
import { type CircleRegion, compileRegion, contains, DEG, type PolygonRegion, type RangeRegion, RAD, type Vec3, vecFromRaDec } from "../sphere/index.js";
import type { WcsCore } from "./prepared.js";
import { pixToWorld, worldToPix } from "./transform.js";

/** A region a cut-out can be asked for. */
export type CutoutRegion = CircleRegion | PolygonRegion | RangeRegion;

/** A box of pixels, 1-based and inclusive on both ends (x along NAXIS1). */
export interface PixelBox1 {
  readonly x1: number;
  readonly x2: number;
  readonly y1: number;
  readonly y2: number;
}

/** Most pixels between two boundary samples (chord sag then stays ≪ 0.01 px for our shapes). */
const SAMPLE_PIX = 2;
const MAX_SAMPLES_PER_EDGE = 20_000;
/** Border sampling: points per image edge when the region crosses the border. */
const BORDER_SAMPLES = 512;

/** The image's pixel scale in degrees near its centre (mean of the two axes). */
export function pixelScaleDeg(wcs: WcsCore, size: readonly [number, number]): number {
  const cx = (size[0] + 1) / 2;
  const cy = (size[1] + 1) / 2;
  const [a1, d1] = pixToWorld(wcs, cx, cy);
  const [a2, d2] = pixToWorld(wcs, cx + 1, cy);
  const [a3, d3] = pixToWorld(wcs, cx, cy + 1);
  const sep = (ra1: number, de1: number, ra2: number, de2: number) => {
    const u = vecFromRaDec(ra1, de1);
    const v = vecFromRaDec(ra2, de2);
    return Math.atan2(Math.hypot(u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0]), u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) * RAD;
  };
  const s = (sep(a1, d1, a2, d2) + sep(a1, d1, a3, d3)) / 2;
  return Number.isFinite(s) && s > 0 ? s : 1 / 3600;
}

/** Points (ra, dec) along a great-circle arc from a to b, a included, b excluded. */
function arcPoints(a: Vec3, b: Vec3, stepDeg: number, out: number[]): void {
  const omega = Math.acos(Math.max(-1, Math.min(1, a[0] * b[0] + a[1] * b[1] + a[2] * b[2])));
  const n = Math.min(MAX_SAMPLES_PER_EDGE, Math.max(2, Math.ceil((omega * RAD) / stepDeg)));
  const so = Math.sin(omega);
  for (let i = 0; i < n; i++) {
    const t = i / n;
    let x: number;
    let y: number;
    let z: number;
    if (so < 1e-12) {
      x = a[0] + t * (b[0] - a[0]);
      y = a[1] + t * (b[1] - a[1]);
      z = a[2] + t * (b[2] - a[2]);
    } else {
      const fa = Math.sin((1 - t) * omega) / so;
      const fb = Math.sin(t * omega) / so;
      x = fa * a[0] + fb * b[0];
      y = fa * a[1] + fb * b[1];
      z = fa * a[2] + fb * b[2];
    }
    out.push(((Math.atan2(y, x) * RAD) + 360) % 360, Math.atan2(z, Math.hypot(x, y)) * RAD);
  }
}

/**
 * The region's boundary as closed rings of (ra, dec) samples, ≤ stepDeg apart. A RANGE gives one
 * ring (its four edges); with the full RA circle, one ring per finite latitude bound.
 */
export function boundaryRings(region: CutoutRegion, stepDeg: number): number[][] {
  switch (region.kind) {
    case "circle": {
      const c = vecFromRaDec(region.raDeg, region.decDeg);
      // An orthonormal basis (u, v) of the plane perpendicular to c.
      const ref: Vec3 = Math.abs(c[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
      let u: Vec3 = [ref[1] * c[2] - ref[2] * c[1], ref[2] * c[0] - ref[0] * c[2], ref[0] * c[1] - ref[1] * c[0]];
      const nu = Math.hypot(...u);
      u = [u[0] / nu, u[1] / nu, u[2] / nu];
      const v: Vec3 = [c[1] * u[2] - c[2] * u[1], c[2] * u[0] - c[0] * u[2], c[0] * u[1] - c[1] * u[0]];
      const r = region.radiusDeg * DEG;
      const n = Math.min(MAX_SAMPLES_PER_EDGE, Math.max(64, Math.ceil((2 * Math.PI * Math.sin(r) * RAD) / stepDeg)));
      const ring: number[] = [];
      const cr = Math.cos(r);
      const sr = Math.sin(r);
      for (let i = 0; i < n; i++) {
        const t = (2 * Math.PI * i) / n;
        const ct = Math.cos(t);
        const st = Math.sin(t);
        const x = cr * c[0] + sr * (ct * u[0] + st * v[0]);
        const y = cr * c[1] + sr * (ct * u[1] + st * v[1]);
        const z = cr * c[2] + sr * (ct * u[2] + st * v[2]);
        ring.push(((Math.atan2(y, x) * RAD) + 360) % 360, Math.atan2(z, Math.hypot(x, y)) * RAD);
      }
      return [ring];
    }
    case "polygon": {
      const ring: number[] = [];
      const vs = region.vertices.map((p) => vecFromRaDec(p.raDeg, p.decDeg));
      for (let i = 0; i < vs.length; i++) arcPoints(vs[i]!, vs[(i + 1) % vs.length]!, stepDeg, ring);
      return [ring];
    }
    case "range": {
      const lo = Math.max(-90, region.decMinDeg);
      const hi = Math.min(90, region.decMaxDeg);
      const raSpan = region.fullRa ? 360 : (region.raMaxDeg - region.raMinDeg + 360) % 360 || 360;
      // Parallels are small circles: their step in RA grows as 1/cos(dec).
      const parallel = (dec: number, fromRa: number, span: number, out: number[]) => {
        const cosd = Math.max(1e-9, Math.cos(dec * DEG));
        const n = Math.min(MAX_SAMPLES_PER_EDGE, Math.max(2, Math.ceil((span * cosd) / stepDeg)));
        for (let i = 0; i < n; i++) out.push((fromRa + (span * i) / n + 360) % 360, dec);
      };
      if (region.fullRa) {
        return [lo, hi]
          .filter((d) => d > -90 && d < 90)
          .map((d) => {
            const ring: number[] = [];
            parallel(d, 0, 360, ring);
            return ring;
          });
      }
      const ring: number[] = [];
      const meridian = (ra: number, from: number, to: number) => {
        const n = Math.min(MAX_SAMPLES_PER_EDGE, Math.max(2, Math.ceil(Math.abs(to - from) / stepDeg)));
        for (let i = 0; i < n; i++) ring.push(ra, from + ((to - from) * i) / n);
      };
      parallel(lo, region.raMinDeg, raSpan, ring);
      meridian(region.raMaxDeg, lo, hi);
      parallel(hi, region.raMaxDeg, -raSpan, ring);
      meridian(region.raMinDeg, hi, lo);
      return [ring];
    }
  }
}

/** Growing bounds of a set of pixel positions. */
class Bounds {
  xmin = Number.POSITIVE_INFINITY;
  xmax = Number.NEGATIVE_INFINITY;
  ymin = Number.POSITIVE_INFINITY;
  ymax = Number.NEGATIVE_INFINITY;
  add(x: number, y: number): void {
    if (x < this.xmin) this.xmin = x;
    if (x > this.xmax) this.xmax = x;
    if (y < this.ymin) this.ymin = y;
    if (y > this.ymax) this.ymax = y;
  }
  get empty(): boolean {
    return !(this.xmin <= this.xmax && this.ymin <= this.ymax);
  }
}

/**
 * Clips the segment (x0,y0)–(x1,y1) to the rectangle [lo0, hi0] × [lo1, hi1] (Liang–Barsky) and adds
 * the clipped end points; returns whether any part was inside.
 */
function clipSegment(x0: number, y0: number, x1: number, y1: number, r: readonly [number, number, number, number], b: Bounds): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const p = [-dx, dx, -dy, dy];
  const q = [x0 - r[0], r[1] - x0, y0 - r[2], r[3] - y0];
  for (let i = 0; i < 4; i++) {
    const pi = p[i]!;
    const qi = q[i]!;
    if (pi === 0) {
      if (qi < 0) return false;
    } else {
      const t = qi / pi;
      if (pi < 0) {
        if (t > t1) return false;
        if (t > t0) t0 = t;
      } else {
        if (t < t0) return false;
        if (t < t1) t1 = t;
      }
    }
  }
  b.add(x0 + t0 * dx, y0 + t0 * dy);
  b.add(x0 + t1 * dx, y0 + t1 * dy);
  return true;
}


/**
 * The box of pixels of an image of `size` = [NAXIS1, NAXIS2] that the region covers, clipped to
 * the image; undefined when the region misses the image. `wcs` maps 1-based pixels to degrees.
 */
export function regionPixelBox(wcs: WcsCore, region: CutoutRegion, size: readonly [number, number]): PixelBox1 | undefined {
  const [nx, ny] = size;
  const rect = [0.5, nx + 0.5, 0.5, ny + 0.5] as const;
  const b = new Bounds();
  const step = pixelScaleDeg(wcs, size) * SAMPLE_PIX;
  let boundaryLeaves = false;
  // Consecutive samples further apart than the image is big straddle a discontinuity of the
  // projection (e.g. CAR's ±180° seam): they are not joined.
  const maxJoin = Math.max(nx, ny, 64);
  for (const ring of boundaryRings(region, step)) {
    const n = ring.length / 2;
    let px = Number.NaN;
    let py = Number.NaN;
    let fx = Number.NaN;
    let fy = Number.NaN;
    for (let i = 0; i <= n; i++) {
      const k = i % n;
      const [x, y] = i < n ? worldToPix(wcs, ring[2 * k]!, ring[2 * k + 1]!) : [fx, fy];
      if (i === 0) {
        fx = x;
        fy = y;
      }
      const ok = Number.isFinite(x) && Number.isFinite(y);
      if (!ok || !(x >= rect[0] && x <= rect[1] && y >= rect[2] && y <= rect[3])) boundaryLeaves = true;
      if (ok && Number.isFinite(px) && Math.abs(x - px) + Math.abs(y - py) < maxJoin) clipSegment(px, py, x, y, rect, b);
      else if (ok && x >= rect[0] && x <= rect[1] && y >= rect[2] && y <= rect[3]) b.add(x, y);
      px = x;
      py = y;
    }
  }
  // Only when the boundary leaves the image can parts of the image border lie inside the region.
  if (boundaryLeaves) {
    const shape = compileRegion(region);
    const inside = (x: number, y: number): boolean => {
      const [ra, dec] = pixToWorld(wcs, x, y);
      if (!Number.isFinite(ra) || !Number.isFinite(dec)) return false;
      if (region.kind === "range") return contains(region, ra, dec);
      const v = vecFromRaDec(ra, dec);
      return shape.contains(v[0], v[1], v[2]);
    };
    for (let i = 0; i <= BORDER_SAMPLES; i++) {
      const fx = rect[0] + ((rect[1] - rect[0]) * i) / BORDER_SAMPLES;
      const fy = rect[2] + ((rect[3] - rect[2]) * i) / BORDER_SAMPLES;
      if (inside(fx, rect[2])) b.add(fx, rect[2]);
      if (inside(fx, rect[3])) b.add(fx, rect[3]);
      if (inside(rect[0], fy)) b.add(rect[0], fy);
      if (inside(rect[1], fy)) b.add(rect[1], fy);
    }
  }
  if (b.empty) return undefined;
  const x1 = Math.max(1, Math.floor(b.xmin + 0.5));
  const y1 = Math.max(1, Math.floor(b.ymin + 0.5));
  const x2 = Math.min(nx, Math.max(x1, Math.ceil(b.xmax - 0.5)));
  const y2 = Math.min(ny, Math.max(y1, Math.ceil(b.ymax - 0.5)));
  if (x1 > nx || y1 > ny || x2 < 1 || y2 < 1) return undefined;
  return { x1, x2, y1, y2 };
}

/**
 * Flags the pixels of `box` whose centres lie outside the region: 1 outside, 0 inside, row-major
 * with x fastest (the order of the cut-out's pixels).
 */
export function pixelsOutsideRegion(wcs: WcsCore, region: CutoutRegion, box: PixelBox1): Uint8Array {
  const w = box.x2 - box.x1 + 1;
  const h = box.y2 - box.y1 + 1;
  const out = new Uint8Array(w * h);
  const shape = compileRegion(region);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const [ra, dec] = pixToWorld(wcs, box.x1 + i, box.y1 + j);
      let ins = false;
      if (Number.isFinite(ra) && Number.isFinite(dec)) {
        if (region.kind === "range") ins = contains(region, ra, dec);
        else {
          const v = vecFromRaDec(ra, dec);
          ins = shape.contains(v[0], v[1], v[2]);
        }
      }
      out[j * w + i] = ins ? 0 : 1;
    }
  }
  return out;
}
