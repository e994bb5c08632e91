/**
 * Spatial parameters: SIA 2.0 / SODA 1.0 POS (`CIRCLE lon lat r`, `RANGE lon1 lon2 lat1 lat2`,
 * `POLYGON lon1 lat1 …`), SODA CIRCLE (DALI circle, double[3]) and POLYGON (DALI polygon,
 * double[*]) → lib/sphere regions (standards.md §1.3, §8.1, §9.2; SIA-05, SIA-13). Parsing and
 * range checks (lat in [-90, 90], radius in (0, 180], ≥ 3 vertices, even count) are lib/sphere's;
 * this module only wraps its GeometryErrors as UsageFaults naming parameter and value.
 */
import {
  type CircleRegion,
  formatDali,
  formatDaliPos,
  type PolygonRegion,
  parseDaliCircle,
  parseDaliPolygon,
  parseDaliPos,
  type RangeRegion,
} from "../sphere/index.js";
import { invalid, wrapGeometry } from "./fault.js";

/** What a POS value denotes. */
export type PosRegion = CircleRegion | RangeRegion | PolygonRegion;

/** Options for the shape parsers. */
export interface ShapeOptions {
  /** Largest polygon vertex count accepted (a service limit); unlimited when absent. */
  readonly maxPolygonVertices?: number;
}

function checkVertices(param: string, value: string, region: PosRegion, opts: ShapeOptions): void {
  const max = opts.maxPolygonVertices;
  if (region.kind === "polygon" && max !== undefined && region.vertices.length > max) {
    throw invalid(param, value, `polygon has ${region.vertices.length} vertices; at most ${max} are allowed`);
  }
}

/**
 * RANGE latitudes: lib/sphere clamps them to [-90, 90] so that ±Inf works; a finite latitude
 * outside that interval is still a client mistake (SIA-13), so it is refused here.
 */
function checkRangeLatitudes(param: string, value: string): void {
  const words = value.trim().split(/\s+/);
  for (const w of words.slice(3, 5)) {
    const n = Number(w);
    if (Number.isFinite(n) && (n < -90 || n > 90)) throw invalid(param, value, `RANGE latitude must lie in [-90, 90] (or be ±Inf), got ${w}`);
  }
}

/**
 * Longitudes of CIRCLE and POLYGON: lib/sphere wraps them into [0, 360), but a value outside
 * [0, 360] is a client mistake the standard rules out (SIA-05), so it is refused here.
 */
function checkLongitudes(param: string, value: string, skipKeyword: boolean): void {
  const nums = value.trim().split(/\s+/).slice(skipKeyword ? 1 : 0);
  const lons = nums.length === 3 ? [nums[0]] : nums.filter((_, i) => i % 2 === 0);
  for (const w of lons) {
    const n = Number(w);
    if (Number.isFinite(n) && (n < 0 || n > 360)) throw invalid(param, value, `longitude must lie in [0, 360], got ${w}`);
  }
}

/** POS (SIA 2.0 §3.1, SODA §3.3): shape keyword (case-insensitive) then ICRS degrees. */
export function parsePos(value: string, opts: ShapeOptions = {}, param = "POS"): PosRegion {
  const region = wrapGeometry(param, value, () => parseDaliPos(value));
  if (region.kind === "range") checkRangeLatitudes(param, value);
  else checkLongitudes(param, value, true);
  checkVertices(param, value, region, opts);
  return region;
}

/** CIRCLE (SODA §3.3.2): `lon lat radius` in degrees, radius in (0, 180]. */
export function parseCircle(value: string, param = "CIRCLE"): CircleRegion {
  const region = wrapGeometry(param, value, () => parseDaliCircle(value));
  checkLongitudes(param, value, false);
  return region;
}

/** POLYGON (SODA §3.3.3): `lon1 lat1 lon2 lat2 …`, ≥ 3 vertices, even number count. */
export function parsePolygon(value: string, opts: ShapeOptions = {}, param = "POLYGON"): PolygonRegion {
  const region = wrapGeometry(param, value, () => parseDaliPolygon(value));
  checkLongitudes(param, value, false);
  checkVertices(param, value, region, opts);
  return region;
}

/** The POS text of a region (`CIRCLE 10 20 1` …), inverse of parsePos. */
export function formatPos(region: PosRegion): string {
  return formatDaliPos(region);
}

/** The DALI literal of a circle or polygon (`10 20 1`), inverse of parseCircle/parsePolygon. */
export function formatShape(region: CircleRegion | PolygonRegion): string {
  return formatDali(region);
}
