/**
 * DALI 1.1 literal values (§3.3: point, circle, polygon xtypes) and the SIA 2.0 / DALI POS
 * parameter forms `CIRCLE lon lat r`, `RANGE lon1 lon2 lat1 lat2` and `POLYGON lon1 lat1 …`,
 * read and written. Values are blank-separated ICRS degrees; RANGE bounds may be ±Inf.
 */
import { GeometryError } from "../errors.js";
import {
  type CircleRegion,
  circle,
  type PointRegion,
  type PolygonRegion,
  point,
  polygonFromFlat,
  type RangeRegion,
  range,
  type Region,
} from "../region.js";
import { formatNumber, parseNumber } from "./tokens.js";

function numbers(text: string, what: string): number[] {
  const parts = text.trim().split(/\s+/).filter((s) => s.length > 0);
  return parts.map((p) => {
    const n = parseNumber(p);
    if (n === undefined) throw new GeometryError("syntax", `${what}: not a number: ${JSON.stringify(p)}`, text.indexOf(p));
    return n;
  });
}

function exactly(ns: number[], k: number, what: string): void {
  if (ns.length !== k) throw new GeometryError("syntax", `${what} needs ${k} numbers, got ${ns.length}`);
}

/**
 * DALI interval `lo hi` (DALI 1.1 §3.3.3: bounds inclusive, ±Inf allowed, lo ≤ hi); NaN bounds
 * and lo > hi throw GeometryError.
 */
export function parseDaliInterval(text: string): { readonly lo: number; readonly hi: number } {
  const ns = numbers(text, "interval");
  exactly(ns, 2, "interval");
  const [lo, hi] = [ns[0]!, ns[1]!];
  if (!(lo <= hi)) throw new GeometryError("range", `interval needs lo <= hi, got ${lo} ${hi}`);
  return { lo, hi };
}

/** DALI interval text `lo hi` (a scalar is written twice, as DALI asks). */
export function formatDaliInterval(lo: number, hi: number = lo): string {
  return `${formatNumber(lo)} ${formatNumber(hi)}`;
}

/** DALI point `lon lat`. */
export function parseDaliPoint(text: string): PointRegion {
  const ns = numbers(text, "point");
  exactly(ns, 2, "point");
  return point(ns[0]!, ns[1]!);
}

/** DALI circle `lon lat radius`. */
export function parseDaliCircle(text: string): CircleRegion {
  const ns = numbers(text, "circle");
  exactly(ns, 3, "circle");
  return circle(ns[0]!, ns[1]!, ns[2]!);
}

/** DALI polygon `lon1 lat1 lon2 lat2 lon3 lat3 …` (≥ 3 vertices, either winding). */
export function parseDaliPolygon(text: string): PolygonRegion {
  const ns = numbers(text, "polygon");
  if (ns.length < 6 || ns.length % 2 !== 0) throw new GeometryError("syntax", `polygon needs an even count ≥ 6 of numbers, got ${ns.length}`);
  return polygonFromFlat(ns);
}

/** The RANGE form `lon1 lon2 lat1 lat2` (±Inf allowed). */
export function parseDaliRange(text: string): RangeRegion {
  const ns = numbers(text, "range");
  exactly(ns, 4, "range");
  return range(ns[0]!, ns[1]!, ns[2]!, ns[3]!);
}

/**
 * A POS parameter value: `CIRCLE …`, `RANGE …` or `POLYGON …` (shape word case-insensitive).
 * Throws GeometryError("syntax") otherwise.
 */
export function parseDaliPos(text: string): CircleRegion | RangeRegion | PolygonRegion {
  const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(text);
  const word = m?.[1]?.toUpperCase();
  const rest = m?.[2] ?? "";
  switch (word) {
    case "CIRCLE":
      return parseDaliCircle(rest);
    case "RANGE":
      return parseDaliRange(rest);
    case "POLYGON":
      return parseDaliPolygon(rest);
    default:
      throw new GeometryError("syntax", `POS must start with CIRCLE, RANGE or POLYGON, got ${JSON.stringify(m?.[1] ?? "")}`, 0);
  }
}

/** The DALI xtype value of a point, circle or polygon (e.g. "10 20 1"); a range as its 4 numbers. */
export function formatDali(region: Region): string {
  switch (region.kind) {
    case "point":
      return `${formatNumber(region.raDeg)} ${formatNumber(region.decDeg)}`;
    case "circle":
      return `${formatNumber(region.raDeg)} ${formatNumber(region.decDeg)} ${formatNumber(region.radiusDeg)}`;
    case "polygon":
      return region.vertices.map((v) => `${formatNumber(v.raDeg)} ${formatNumber(v.decDeg)}`).join(" ");
    case "range":
      return region.fullRa
        ? `-Inf +Inf ${formatNumber(region.decMinDeg)} ${formatNumber(region.decMaxDeg)}`
        : [region.raMinDeg, region.raMaxDeg, region.decMinDeg, region.decMaxDeg].map(formatNumber).join(" ");
    default:
      throw new GeometryError("unsupported", `no DALI literal for a ${region.kind} region`);
  }
}

/** The POS parameter form of a circle, range or polygon, e.g. "CIRCLE 10 20 1". */
export function formatDaliPos(region: Region): string {
  if (region.kind === "circle" || region.kind === "polygon" || region.kind === "range") {
    return `${region.kind.toUpperCase()} ${formatDali(region)}`;
  }
  throw new GeometryError("unsupported", `POS cannot express a ${region.kind} region`);
}
