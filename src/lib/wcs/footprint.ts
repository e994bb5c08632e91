/**
 * Sky footprints of images: the polygon traced by the image border through the WCS, as
 * [lonDeg, latDeg] vertices in counter-clockwise order as seen from inside the celestial sphere
 * (the IVOA DALI/ObsCore s_region convention: north up, east left, vertices go N -> E -> S -> W).
 */
import { WcsError } from "./errors.js";
import type { WcsCore } from "./prepared.js";
import { pixToWorld } from "./transform.js";

/** Options for footprint. */
export interface FootprintOptions {
  /** Image size [NAXIS1, NAXIS2]; defaults to the header's NAXISn. */
  readonly imageSize?: readonly [number, number];
  /** Points per edge including the starting corner (1 = corners only). Default 1. */
  readonly pointsPerEdge?: number;
  /**
   * "edges" (default) traces the outer pixel edges (0.5 .. N + 0.5 in 1-based pixels), so the
   * polygon covers every pixel; "centres" joins the corner pixel centres (astropy's calc_footprint).
   */
  readonly corners?: "edges" | "centres";
}

function toVector(lonDeg: number, latDeg: number): [number, number, number] {
  const l = (lonDeg * Math.PI) / 180;
  const b = (latDeg * Math.PI) / 180;
  return [Math.cos(b) * Math.cos(l), Math.cos(b) * Math.sin(l), Math.sin(b)];
}

/**
 * True when the polygon's vertices run counter-clockwise seen from inside the sphere: the sum of
 * successive cross products points away from the polygon's mean direction.
 */
export function isCounterClockwiseOnSky(vertices: readonly (readonly [number, number])[]): boolean {
  const v = vertices.map(([a, b]) => toVector(a, b));
  const c = [0, 0, 0];
  for (const p of v) for (let k = 0; k < 3; k++) c[k] = c[k]! + p[k]!;
  let s = 0;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    const b = v[(i + 1) % v.length]!;
    s += (a[1] * b[2] - a[2] * b[1]) * c[0]! + (a[2] * b[0] - a[0] * b[2]) * c[1]! + (a[0] * b[1] - a[1] * b[0]) * c[2]!;
  }
  return s < 0;
}

/**
 * The sky polygon of an image: corners (and optionally intermediate points along each edge),
 * counter-clockwise on the sky, as [lonDeg, latDeg][] (header axis order normalised to lon, lat).
 * @throws WcsError WrongShape without a 2-axis celestial WCS or an image size; NoWcs-like
 *   BadParameter when a border point is outside the projection (NaN).
 */
export function footprint(wcs: WcsCore, options: FootprintOptions = {}): [number, number][] {
  const cel = wcs.celestial;
  if (!cel || wcs.naxis !== 2) throw new WcsError("WrongShape", "footprint needs a 2-axis celestial WCS");
  const size = options.imageSize ?? wcs.params.imageSize;
  if (!size || size.length < 2) throw new WcsError("WrongShape", "footprint needs the image size (NAXIS1, NAXIS2)");
  const n = Math.max(1, Math.floor(options.pointsPerEdge ?? 1));
  const centres = options.corners === "centres";
  const x0 = centres ? 1 : 0.5;
  const y0 = centres ? 1 : 0.5;
  const x1 = centres ? size[0]! : size[0]! + 0.5;
  const y1 = centres ? size[1]! : size[1]! + 0.5;
  const corners: [number, number][] = [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ];
  const pts: [number, number][] = [];
  for (let e = 0; e < 4; e++) {
    const [ax, ay] = corners[e]!;
    const [bx, by] = corners[(e + 1) % 4]!;
    for (let k = 0; k < n; k++) {
      const t = k / n;
      const w = pixToWorld(wcs, ax + (bx - ax) * t, ay + (by - ay) * t);
      const lon = w[cel.lonAxis]!;
      const lat = w[cel.latAxis]!;
      if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
        throw new WcsError("BadParameter", "part of the image border is outside the projection's domain");
      }
      pts.push([lon, lat]);
    }
  }
  return isCounterClockwiseOnSky(pts) ? pts : pts.reverse();
}
