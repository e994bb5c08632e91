/**
 * Value conversions from a Butler SQLite registry's storage forms to Skyport's domain values:
 * INTEGER (read as bigint) to numbers where exact, dataset IDs stored as 32 hex digits to
 * canonical UUIDs, sphgeom regions (raw bytes, hex or base64 text) to convex polygons, skymap
 * hashes (base64 text) to bytes, and TAI-nanosecond bound pairs to timespans with the Butler's
 * "unbounded" sentinels turned into null.
 */
import { type ConvexPolygon, decodeConvexPolygon, type FieldSpec, isUuid, type Timespan } from "../../model/index.js";
import { ButlerSqliteError } from "./source.js";

/**
 * The Butler stores an unbounded timespan end as 2100-01-01T00:00:00 TAI in nanoseconds
 * (4102444800 s after the 1970 epoch) and an unbounded begin as 0; calibration tables declare
 * these as the column DEFAULTs, so {@link butlerTimeBounds} prefers what the file says.
 */
export const BUTLER_MAX_TAI_NS = 4_102_444_800_000_000_000n;
export const BUTLER_MIN_TAI_NS = 0n;

/** An integer as a JS number when exactly representable, else as bigint. */
export function intValue(v: unknown): number | bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  if (typeof v === "number") return Number.isInteger(v) ? v : null;
  if (typeof v === "string" && /^-?\d+$/.test(v)) return intValue(BigInt(v));
  return null;
}

/** A bigint TAI-nanosecond value, or null. */
export function bigValue(v: unknown): bigint | null {
  if (v === null || v === undefined) return null;
  if (typeof v === "bigint") return v;
  if (typeof v === "number" && Number.isInteger(v)) return BigInt(v);
  if (typeof v === "string" && /^-?\d+$/.test(v)) return BigInt(v);
  return null;
}

/** Bytes from a BLOB, or from text holding base64 (how SQLAlchemy's Base64Bytes stores them). */
function bytesValue(v: unknown): Uint8Array | null {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (typeof v === "string") return new Uint8Array(Buffer.from(v, "base64"));
  return null;
}

/**
 * A source value converted to what Skyport's registry takes for a field of this spec.
 * @throws ButlerSqliteError when the value cannot be represented (names `where`).
 */
export function fieldValue(v: unknown, spec: FieldSpec, where: string): unknown {
  if (v === null || v === undefined) return null;
  switch (spec.type) {
    case "int": {
      const n = intValue(v);
      if (n === null) break;
      return n;
    }
    case "float":
      if (typeof v === "number") return v;
      if (typeof v === "bigint") return Number(v);
      break;
    case "bool":
      if (typeof v === "boolean") return v;
      if (typeof v === "bigint" || typeof v === "number") return Number(v) !== 0;
      break;
    case "hash":
      return bytesValue(v) ?? undefinedValue(v, spec, where);
    case "datetime":
      return bigValue(v) ?? undefinedValue(v, spec, where);
    default:
      if (typeof v === "string") return v;
      if (typeof v === "bigint" || typeof v === "number") return String(v);
  }
  return undefinedValue(v, spec, where);
}

function undefinedValue(v: unknown, spec: FieldSpec, where: string): never {
  throw new ButlerSqliteError(`${where}: ${typeof v === "bigint" ? String(v) : JSON.stringify(v)} is not a valid ${spec.type}`);
}

/** A data ID value: numbers for integer keys (must be exact), strings otherwise. */
export function dataIdValue(v: unknown, spec: FieldSpec | undefined, where: string): string | number {
  if (spec?.type === "int") {
    const n = intValue(v);
    if (typeof n === "number") return n;
    throw new ButlerSqliteError(`${where}: ${String(v)} is not an integer a data ID can hold exactly`);
  }
  if (typeof v === "string") return v;
  if (typeof v === "bigint" || typeof v === "number") return String(v);
  throw new ButlerSqliteError(`${where}: missing value`);
}

/**
 * A dataset ID as a canonical lower-case UUID: the UUID managers store 32 hex digits (CHAR(32)) in
 * SQLite, or 16 raw bytes. Integer IDs (the pre-UUID managers) cannot be kept and are refused.
 */
export function datasetUuid(v: unknown): string {
  let hex: string | undefined;
  if (typeof v === "string") hex = v.replace(/-/g, "").toLowerCase();
  else if (v instanceof Uint8Array && v.length === 16) hex = Buffer.from(v).toString("hex");
  if (hex === undefined || !/^[0-9a-f]{32}$/.test(hex)) {
    throw new ButlerSqliteError(`dataset id ${String(v)} is not a UUID (integer dataset IDs of pre-UUID registries are not supported)`);
  }
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  if (!isUuid(id)) throw new ButlerSqliteError(`dataset id ${String(v)} is not a UUID`);
  return id;
}

/** Outcome of reading a region column: a polygon, nothing, or a reason it was not kept. */
export type RegionValue = { readonly kind: "polygon"; readonly polygon: ConvexPolygon } | { readonly kind: "none" } | { readonly kind: "unsupported"; readonly reason: string };

/**
 * Decodes a region cell: lsst.sphgeom's binary encoding, stored as a BLOB, as hex text, or as
 * base64 text. Only ConvexPolygon (type byte 0x70) maps onto Skyport's region model; boxes,
 * circles, ellipses and unions are reported as unsupported.
 */
export function regionValue(v: unknown): RegionValue {
  if (v === null || v === undefined || v === "") return { kind: "none" };
  let bytes: Buffer;
  if (v instanceof Uint8Array) bytes = Buffer.from(v);
  else if (typeof v === "string" && /^([0-9a-fA-F]{2})+$/.test(v) && /^70/i.test(v)) bytes = Buffer.from(v, "hex");
  else if (typeof v === "string") bytes = Buffer.from(v, "base64");
  else return { kind: "unsupported", reason: `region of JS type ${typeof v}` };
  if (bytes[0] !== 0x70) return { kind: "unsupported", reason: `sphgeom region type byte 0x${(bytes[0] ?? 0).toString(16)} is not a ConvexPolygon` };
  try {
    return { kind: "polygon", polygon: decodeConvexPolygon(bytes.toString("hex")) };
  } catch (e) {
    return { kind: "unsupported", reason: e instanceof Error ? e.message : String(e) };
  }
}

/** The "unbounded" sentinels a file uses, from a timespan column pair's DEFAULTs when declared. */
export interface TimeBounds {
  readonly min: bigint;
  readonly max: bigint;
}

/** Sentinels from DEFAULT expressions such as `0` and `4102444800000000000`, else the constants. */
export function butlerTimeBounds(beginDefault: string | null | undefined, endDefault: string | null | undefined): TimeBounds {
  const parse = (s: string | null | undefined) => (s && /^'?-?\d+'?$/.test(s.trim()) ? BigInt(s.trim().replace(/'/g, "")) : undefined);
  return { min: parse(beginDefault) ?? BUTLER_MIN_TAI_NS, max: parse(endDefault) ?? BUTLER_MAX_TAI_NS };
}

/**
 * A timespan from a stored [begin, end) pair of TAI nanoseconds. Bounds at or beyond the
 * sentinels become null (unbounded); both null gives undefined (no timespan at all).
 */
export function timespanValue(begin: unknown, end: unknown, bounds: TimeBounds = { min: BUTLER_MIN_TAI_NS, max: BUTLER_MAX_TAI_NS }): Timespan | undefined {
  let b = bigValue(begin);
  let e = bigValue(end);
  if (b !== null && b <= bounds.min) b = null;
  if (e !== null && e >= bounds.max) e = null;
  if (b === null && e === null && (begin === null || begin === undefined) && (end === null || end === undefined)) return undefined;
  return { begin: b, end: e };
}
