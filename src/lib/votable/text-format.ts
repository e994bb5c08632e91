/**
 * Cell → text, as used inside TABLEDATA TD elements (VOTable 1.4 §5.3) and in DALI literals for
 * CSV/TSV (DALI 1.1 §3): numbers in shortest round-trip form, NaN/+Inf/-Inf for floats, arrays
 * space-separated, char arrays as plain strings (2-D char slots padded to their width), booleans
 * true/false (`?` for a null array element), timestamps without zone. A null cell formats as ""
 * (the writer then emits an empty TD). Per-column formatters are built once so the row loop only
 * dispatches through a closure.
 */
import { charSlotWidth, columnShape, INTEGER_RANGE, isIntegerType } from "./datatypes.js";
import { VOTableModelError } from "./errors.js";
import type { Cell, Field } from "./model.js";
import { formatTimestamp } from "./xtypes.js";

/** Formats one non-null cell of a column to its text form (unescaped). */
export type TextFormatter = (cell: Exclude<Cell, null | undefined>) => string;

/** Shortest decimal that reads back as the same float32 (VOTable float, IEEE single). */
export function formatFloat32(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  const f = Math.fround(v);
  if (f === Infinity) return "+Inf";
  if (f === -Infinity) return "-Inf";
  for (let p = 1; p < 9; p++) {
    const s = f.toPrecision(p);
    if (Math.fround(Number(s)) === f) return String(Number(s));
  }
  return String(f);
}

/** Shortest round-trip decimal of a double, with VOTable spellings of NaN and infinities. */
export function formatFloat64(v: number): string {
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v); // "NaN" for NaN
}

function intFormatter(field: Field): (v: number | bigint) => string {
  const t = field.datatype as "unsignedByte" | "short" | "int" | "long";
  const [lo, hi] = INTEGER_RANGE[t];
  const loN = Number(lo);
  const hiN = Number(hi);
  return (v) => {
    if (typeof v === "bigint") {
      if (v < lo || v > hi) throw new VOTableModelError(`${v} out of range for ${t} column ${field.name}`);
      return v.toString();
    }
    if (!Number.isInteger(v) || v < loN || v > hiN) throw new VOTableModelError(`${v} is not a valid ${t} for column ${field.name}`);
    return String(v);
  };
}

function scalarFormatter(field: Field): (v: unknown) => string {
  switch (field.datatype) {
    case "boolean":
      return (v) => (v === null || v === undefined ? "?" : v ? "true" : "false");
    case "bit":
      return (v) => (v ? "1" : "0");
    case "float":
      return (v) => formatFloat32(Number(v));
    case "double":
      return (v) => formatFloat64(Number(v));
    case "floatComplex":
      return (v) => formatFloat32(Number(v));
    case "doubleComplex":
      return (v) => formatFloat64(Number(v));
    default: {
      if (isIntegerType(field.datatype)) {
        const f = intFormatter(field);
        return (v) => f(typeof v === "bigint" ? v : Number(v));
      }
      return (v) => String(v);
    }
  }
}

function fixLength(s: string, max: number | undefined): string {
  return max !== undefined && s.length > max ? s.slice(0, max) : s;
}

function charFormatter(field: Field): TextFormatter {
  const shape = columnShape(field);
  const slot = charSlotWidth(field, shape);
  const isTimestamp = field.xtype === "timestamp";
  if (slot > 0) {
    const maxSlots = shape.variable ? (shape.maxLast ?? Infinity) : shape.count / slot;
    return (cell) => {
      const list = typeof cell === "string" ? [cell] : (cell as readonly string[]);
      let out = "";
      const n = Math.min(list.length, maxSlots);
      for (let i = 0; i < n; i++) out += fixLength(String(list[i] ?? ""), slot).padEnd(slot, " ");
      return out;
    };
  }
  const max = shape.scalar ? 1 : shape.variable ? shape.maxLast : shape.count;
  return (cell) => {
    const s = cell instanceof Date && isTimestamp ? formatTimestamp(cell) : String(cell);
    return fixLength(s, max);
  };
}

/** Builds the text formatter for a column. Throws VOTableModelError on a bad arraysize. */
export function makeTextFormatter(field: Field): TextFormatter {
  if (field.datatype === "char" || field.datatype === "unicodeChar") return charFormatter(field);
  let shape: ReturnType<typeof columnShape>;
  try {
    shape = columnShape(field);
  } catch (e) {
    throw new VOTableModelError((e as Error).message);
  }
  const one = scalarFormatter(field);
  const complex = field.datatype === "floatComplex" || field.datatype === "doubleComplex";
  const per = complex ? 2 : 1;
  if (shape.scalar && !complex) return (cell) => one(cell);
  const fixed = shape.variable ? undefined : shape.count * per;
  const max = shape.variable && shape.maxLast !== undefined ? shape.count * shape.maxLast * per : undefined;
  return (cell) => {
    const arr = cell as ArrayLike<unknown>;
    if (typeof arr !== "object" || typeof arr.length !== "number") {
      throw new VOTableModelError(`column ${field.name} (arraysize ${field.arraysize ?? "scalar"}) needs an array cell`);
    }
    if (fixed !== undefined && arr.length !== fixed) {
      throw new VOTableModelError(`column ${field.name} needs ${fixed} values, got ${arr.length}`);
    }
    const n = max === undefined ? arr.length : Math.min(arr.length, max);
    let out = "";
    for (let i = 0; i < n; i++) out += (i === 0 ? "" : " ") + one(arr[i]);
    return out;
  };
}

/**
 * The TD text written for a null cell. Empty for scalars and variable arrays (VOTable 1.3+ reads an
 * empty TD as null); fixed-size arrays are filled with element nulls instead (NaN, the VALUES null
 * sentinel, `?` for booleans) because validators reject an empty TD for a fixed-size array, and
 * bit, which has no null in VOTable, is written as 0.
 */
export function nullText(field: Field): string {
  const shape = columnShape(field);
  const dt = field.datatype;
  if (dt === "char" || dt === "unicodeChar") return "";
  const complex = dt === "floatComplex" || dt === "doubleComplex";
  if (shape.variable || (shape.scalar && !complex && dt !== "bit")) return "";
  const n = shape.count * (complex ? 2 : 1);
  const el =
    dt === "bit" ? "0" : dt === "boolean" ? "?" : isIntegerType(dt) ? (field.values?.null ?? "") : "NaN";
  if (el === "") return "";
  return Array.from({ length: n }, () => el).join(" ");
}
