/**
 * Turns database values into VOTable cells by the result column's ADQL type: geometry from DALI
 * text (SQLite) or pgSphere's radian text (PostgreSQL) into DALI number arrays in degrees
 * (TAP-18), timestamps into ISO 8601 without a zero millisecond part.
 */
import type { AdqlType } from "../../lib/adql/index.js";
import type { Cell } from "../../lib/votable/index.js";

const NUMBER = /[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/g;
const RAD = 180 / Math.PI;

/** A geometry value as DALI numbers in degrees (RA in [0, 360)). */
export function decodeGeometry(v: unknown): number[] | null {
  if (v === null || v === undefined) return null;
  const text = String(v).trim();
  const nums = (text.match(NUMBER) ?? []).map(Number);
  const pgSphere = text.startsWith("(") || text.startsWith("<") || text.startsWith("{");
  if (!pgSphere) return nums;
  // pgSphere prints radians: (lon , lat), <(lon , lat) , r>, {(lon , lat),…}.
  return nums.map((x, i) => {
    const deg = x * RAD;
    const isRa = i % 2 === 0 && !(text.startsWith("<") && i === 2);
    return isRa ? ((deg % 360) + 360) % 360 : deg;
  });
}

/** A timestamp as 'YYYY-MM-DDThh:mm:ss[.fff]'. */
export function decodeTimestamp(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return String(v).replace(" ", "T").replace(/\.0+$/, "").replace(/(\.\d*?)0+$/, "$1");
}

/** A decoder per column type. */
export function cellDecoder(t: AdqlType): (v: unknown) => Cell {
  switch (t) {
    case "point":
    case "circle":
    case "polygon":
      return decodeGeometry;
    case "timestamp":
      return decodeTimestamp;
    case "int":
      return (v) => (v === null || v === undefined ? null : typeof v === "bigint" || typeof v === "number" ? v : Number(v));
    case "float":
      return (v) => (v === null || v === undefined ? null : typeof v === "number" ? v : Number(v));
    default:
      return (v) => (v === null || v === undefined ? null : typeof v === "string" || typeof v === "number" || typeof v === "bigint" ? v : String(v));
  }
}
