/**
 * Pieces both dialects share: the HEALPix pixel prefilter for indexed region columns and the
 * declination band that lets a B-tree index on dec narrow a cone or polygon search.
 */
import { coverRanges } from "../../healpix/index.js";
import { boundingCircle, type Region } from "../../sphere/index.js";
import type { GeometryOperand } from "./dialect.js";

/** More ranges than this and the prefilter costs more than it saves (large regions). */
const MAX_RANGES = 400;

/** `key IN (pixels covering region)`, or undefined when the region is too large to help. */
export function pixelPrefilter(indexed: NonNullable<GeometryOperand["indexed"]>, region: Region): string | undefined {
  const bc = boundingCircle(region);
  if (bc.radiusDeg > 30) return undefined;
  const ranges = coverRanges(region, indexed.index.order);
  if (ranges.length === 0) return "1 = 0";
  if (ranges.length > MAX_RANGES) return undefined;
  const terms = ranges.map(([b, e]) => (e - b === 1 ? `"x"."pix" = ${b}` : `"x"."pix" BETWEEN ${b} AND ${e - 1}`)).join(" OR ");
  return `${indexed.key} IN (SELECT "x".${quoteName(indexed.index.key)} FROM ${quoteName(indexed.index.table)} AS "x" WHERE ${terms})`;
}

/** `dec BETWEEN lo AND hi` bounding a region widened by `extraDeg`, or undefined near the poles. */
export function decBand(decSql: string, region: Region, extraDeg = 0): string | undefined {
  const bc = boundingCircle(region);
  const r = bc.radiusDeg + extraDeg + 1e-9;
  if (r >= 90) return undefined;
  const lo = Math.max(-90, bc.decDeg - r);
  const hi = Math.min(90, bc.decDeg + r);
  return `${decSql} BETWEEN ${lo} AND ${hi}`;
}

function quoteName(n: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) throw new Error(`refusing identifier ${JSON.stringify(n)}`);
  return `"${n}"`;
}

/** Shortest round-trip text of a number for SQL literals and geometry text. */
export const numText = (x: number): string => String(x);
