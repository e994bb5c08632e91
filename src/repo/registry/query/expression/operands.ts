/**
 * What a sub-expression stands for while it is being checked: a typed scalar, NULL, a timespan
 * (column or value, as begin/end expressions), a region (column or value) or a bound list. Also
 * the conversion of bind values (lsst-image-services.md §2.5 "bind") into these operands.
 */
import type { CheckedExpr, ColumnExpr, ScalarValue, ValueExpr } from "./checked.js";
import type { SourcePosition } from "./errors.js";
import type { ScalarType } from "./lookup.js";
import { RegionValueError, regionFromBind, type SphereRegionValue } from "./region.js";
import { type TaiNs, taiFromDate, TimeFormatError } from "./time.js";

/** A checked sub-expression before it is used by an operator (see the module note). */
export type Operand =
  | { readonly sort: "scalar"; readonly expr: CheckedExpr }
  | { readonly sort: "null"; readonly pos: SourcePosition }
  | {
      readonly sort: "timespan";
      /** null: unbounded on that side. */
      readonly begin: CheckedExpr | null;
      readonly end: CheckedExpr | null;
      /** Set for a timespan column. */
      readonly column?: { readonly element: string; readonly field: string };
      readonly pos: SourcePosition;
    }
  | { readonly sort: "region-column"; readonly element: string; readonly field: string; readonly pos: SourcePosition }
  | { readonly sort: "region-value"; readonly region: SphereRegionValue; readonly pos: SourcePosition }
  | { readonly sort: "list"; readonly name: string; readonly items: readonly ValueExpr[]; readonly pos: SourcePosition };

/** Words for messages: "visit.exposure_time (float)", "a string", "a timespan". */
export function describeOperand(o: Operand): string {
  switch (o.sort) {
    case "scalar":
      return describeExpr(o.expr);
    case "null":
      return "NULL";
    case "timespan":
      return o.column ? `${o.column.element}.${o.column.field} (timespan)` : "a timespan";
    case "region-column":
      return `${o.element}.${o.field} (region)`;
    case "region-value":
      return `a region (${o.region.kind})`;
    case "list":
      return `the list bound to :${o.name}`;
  }
}

/** Words for a scalar in messages: "visit (int)", "a string value". */
export function describeExpr(e: CheckedExpr): string {
  if (e.kind === "column") return `${columnName(e)} (${e.type})`;
  if (e.kind === "timespan-bound") return `${e.element}.${e.field}.${e.bound} (datetime)`;
  const article = e.type === "int" || e.type === "uuid" ? "an" : "a";
  return `${article} ${e.type === "datetime" ? "time" : e.type} ${e.kind === "value" ? "value" : "expression"}`;
}

/** `element` or `element.field`. */
export function columnName(c: ColumnExpr): string {
  return c.field === null ? c.element : `${c.element}.${c.field}`;
}

/** Where an operand starts in the text. */
export function positionOf(o: Operand): SourcePosition {
  return o.sort === "scalar" ? o.expr.pos : o.pos;
}

/** A value node. */
export const value = (type: ScalarType, v: ScalarValue, pos: SourcePosition): ValueExpr => ({ kind: "value", type, value: v, pos });

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** The canonical lower-case, hyphenated form of a UUID string, or undefined when it is not one. */
export function canonicalUuid(s: string): string | undefined {
  const t = s.trim();
  if (!UUID.test(t)) return undefined;
  const h = t.replace(/-/g, "").toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A time bind value: TAI nanoseconds since 1970-01-01T00:00:00 TAI (a plain bigint binds an int). */
export interface TimeBindValue {
  readonly kind: "time";
  readonly taiNs: TaiNs;
}

/** Wraps TAI nanoseconds so a bind value is read as a time, not an integer. */
export function timeBind(taiNs: TaiNs): TimeBindValue {
  return { kind: "time", taiNs };
}

/** A bind value that cannot be used; the checker adds the bind name and position. */
export class BindValueError extends Error {}

function timeOf(v: unknown): TaiNs | undefined {
  if (v instanceof Date) return taiFromDate(v);
  if (typeof v === "object" && v !== null && (v as { kind?: unknown }).kind === "time" && typeof (v as { taiNs?: unknown }).taiNs === "bigint") {
    return (v as TimeBindValue).taiNs;
  }
  return undefined;
}

/** A scalar bind value (or list item) as a value expression, or undefined when not a scalar. */
function scalarBind(v: unknown, pos: SourcePosition): ValueExpr | undefined {
  switch (typeof v) {
    case "string":
      return value("string", v, pos);
    case "boolean":
      return value("bool", v, pos);
    case "bigint":
      return value("int", v, pos);
    case "number":
      if (!Number.isFinite(v)) throw new BindValueError(`is not a finite number (${v})`);
      return value(Number.isSafeInteger(v) ? "int" : "float", v, pos);
    default: {
      const t = timeOf(v);
      return t === undefined ? undefined : value("datetime", t, pos);
    }
  }
}

/**
 * Converts a bind value: string, number, bigint (int), boolean, null, Date or timeBind() (time),
 * `{ begin, end }` with bigint TAI ns / Date / null bounds (timespan), a region (see
 * regionFromBind), or an array of scalars (a list, only valid on the right of IN).
 * @throws BindValueError for anything else, or for invalid values (bad region, NaN, bad Date).
 */
export function bindOperand(v: unknown, name: string, pos: SourcePosition): Operand {
  try {
    if (v === null) return { sort: "null", pos };
    const scalar = scalarBind(v, pos);
    if (scalar) return { sort: "scalar", expr: scalar };
    if (Array.isArray(v)) {
      const items = v.map((item, i) => {
        const s = item === null ? undefined : scalarBind(item, pos);
        if (!s) throw new BindValueError(`item ${i} of the list is not a string, number, boolean or time`);
        return s;
      });
      return { sort: "list", name, items, pos };
    }
    const region = regionFromBind(v);
    if (region) return { sort: "region-value", region, pos };
    if (typeof v === "object" && "begin" in v && "end" in v) {
      const bound = (b: unknown): CheckedExpr | null => {
        if (b === null || b === undefined) return null;
        const t = typeof b === "bigint" ? b : timeOf(b);
        if (t === undefined) throw new BindValueError("timespan bounds must be bigint TAI ns, Date or null");
        return value("datetime", t, pos);
      };
      const begin = bound(v.begin);
      const end = bound(v.end);
      if (begin && end && (begin as ValueExpr).value >= (end as ValueExpr).value) throw new BindValueError("is an empty timespan (begin >= end)");
      return { sort: "timespan", begin, end, pos };
    }
  } catch (e) {
    if (e instanceof RegionValueError || e instanceof TimeFormatError) throw new BindValueError(e.message);
    throw e;
  }
  throw new BindValueError(`has an unsupported type (${typeof v === "object" ? (v.constructor?.name ?? "object") : typeof v})`);
}
