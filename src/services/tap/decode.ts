/**
 * Turns database values into VOTable cells by the result column's ADQL type: geometry from DALI
 * text (SQLite) or pgSphere's radian text (PostgreSQL) into DALI number arrays in degrees
 * (TAP-18), timestamps into ISO 8601 without a zero millisecond part.
 */
import type { AdqlType, ColumnMeta } from "../../lib/adql/index.js";
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

const NUMERIC = new Set(["short", "int", "long", "unsignedByte", "float", "double"]);

/** A polygon as the STC-S string of an adql:REGION column ("Polygon ICRS ra dec …"). */
export function decodeStcsPolygon(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  // Stored DALI text (SQLite, and the text column everywhere): already degrees, just labelled.
  if (typeof v === "string" && /^\s*[-+\d.]/.test(v)) {
    const n = v.trim().split(/\s+/).length;
    return `${n === 2 ? "Position" : n === 3 ? "Circle" : "Polygon"} ICRS ${v.trim()}`;
  }
  const nums = decodeGeometry(v);
  if (nums === null) return null;
  if (nums.length === 2) return `Position ICRS ${nums.join(" ")}`;
  if (nums.length === 3) return `Circle ICRS ${nums.join(" ")}`;
  return `Polygon ICRS ${nums.join(" ")}`;
}

/** A decoder per column type (and, for uploaded arrays and booleans, its declared datatype). */
export function cellDecoder(t: AdqlType, meta?: ColumnMeta): (v: unknown) => Cell {
  if (meta?.xtype?.toLowerCase() === "adql:region") return decodeStcsPolygon;
  if (meta?.datatype === "boolean" && !meta.arraysize) return (v) => (v === null || v === undefined ? null : Boolean(Number(v)));
  if (t === "unknown" && meta?.arraysize && NUMERIC.has(meta.datatype)) {
    return (v) => (v === null || v === undefined ? null : String(v).trim().split(/\s+/).filter((x) => x !== "").map(Number));
  }
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
