/**
 * Datatype and arraysize facts (VOTable 1.4 §2.1–§2.2): element byte sizes for BINARY, which
 * datatypes are integers/floats/complex/characters, and the parsed shape of an `arraysize`
 * attribute ("3", "*", "10*", "8x*", "2x3x*"). Both writers and the reader derive their per-column
 * codecs from `columnShape`.
 */
import type { Datatype, FieldLike } from "./model.js";

/** Bytes per element in BINARY/BINARY2 (bit is special: packed 8 per byte). */
export const ELEMENT_BYTES: Readonly<Record<Datatype, number>> = {
  boolean: 1,
  bit: 1,
  unsignedByte: 1,
  short: 2,
  int: 4,
  long: 8,
  char: 1,
  unicodeChar: 2,
  float: 4,
  double: 8,
  floatComplex: 8,
  doubleComplex: 16,
};

/** True for the integer datatypes (unsignedByte, short, int, long). */
export function isIntegerType(t: Datatype): boolean {
  return t === "unsignedByte" || t === "short" || t === "int" || t === "long";
}

/** True for float and double. */
export function isFloatType(t: Datatype): boolean {
  return t === "float" || t === "double";
}

/** True for floatComplex and doubleComplex. */
export function isComplexType(t: Datatype): boolean {
  return t === "floatComplex" || t === "doubleComplex";
}

/** True for char and unicodeChar. */
export function isCharType(t: Datatype): boolean {
  return t === "char" || t === "unicodeChar";
}

/** Inclusive integer ranges, as bigint. */
export const INTEGER_RANGE: Readonly<Record<"unsignedByte" | "short" | "int" | "long", readonly [bigint, bigint]>> = {
  unsignedByte: [0n, 255n],
  short: [-32768n, 32767n],
  int: [-2147483648n, 2147483647n],
  long: [-9223372036854775808n, 9223372036854775807n],
};

/** The null sentinel the BINARY writer declares for integer columns that have none. */
export const DEFAULT_BINARY_NULL: Readonly<Record<"unsignedByte" | "short" | "int" | "long", string>> = {
  unsignedByte: "255",
  short: "-32768",
  int: "-2147483648",
  long: "-9223372036854775808",
};

/**
 * The parsed `arraysize`: `dims` are the fixed dimensions (first varies fastest, as in FITS), and
 * `variable` says whether the last dimension is open ("*" or "n*"). `count` is the element count of
 * the fixed part (product of dims), `maxLast` the bound of a "n*" last dimension.
 */
export interface ColumnShape {
  /** True when arraysize is absent (a scalar; `count` is 1). */
  readonly scalar: boolean;
  /** True when the last dimension is variable. */
  readonly variable: boolean;
  /** Product of the fixed dimensions (for "8x*" that is 8; for "*" it is 1; for "3" it is 3). */
  readonly count: number;
  /** Upper bound of the variable last dimension ("10*" → 10), or undefined for "*". */
  readonly maxLast?: number;
  /** Number of dimensions (scalar 0). */
  readonly ndim: number;
}

const SCALAR: ColumnShape = { scalar: true, variable: false, count: 1, ndim: 0 };

/** Largest fixed element count we accept in an arraysize (guards readers against huge allocations). */
export const MAX_FIXED_ELEMENTS = 1 << 24;

/**
 * Parses an arraysize attribute. Returns undefined on syntax errors (e.g. "0", "x3", "*x2").
 * @example parseArraysize("8x*") // { variable: true, count: 8, ndim: 2, ... }
 */
export function parseArraysize(arraysize: string | undefined): ColumnShape | undefined {
  if (arraysize === undefined) return SCALAR;
  const parts = arraysize.trim().split("x");
  let count = 1;
  let variable = false;
  let maxLast: number | undefined;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    const last = i === parts.length - 1;
    const m = /^(\d*)(\*?)$/.exec(p);
    if (m === null || (m[1] === "" && m[2] === "")) return undefined;
    if (m[2] === "*") {
      if (!last) return undefined;
      variable = true;
      if (m[1] !== "") {
        maxLast = Number(m[1]);
        if (!(maxLast > 0)) return undefined;
      }
    } else {
      const n = Number(m[1]);
      if (!(n > 0)) return undefined;
      count *= n;
      if (count > MAX_FIXED_ELEMENTS) return undefined;
    }
  }
  return { scalar: false, variable, count, ndim: parts.length, ...(maxLast === undefined ? {} : { maxLast }) };
}

/**
 * The shape of a column; for a 1-D "n*" the fixed count is 1 and maxLast n. Throws `Error` with a
 * readable message on a bad arraysize (callers wrap it in their own error type).
 */
export function columnShape(f: FieldLike): ColumnShape {
  const s = parseArraysize(f.arraysize);
  if (s === undefined) throw new Error(`bad arraysize "${f.arraysize}" on ${f.name}`);
  return s;
}

/**
 * For char/unicodeChar with ndim ≥ 2 (e.g. "8x*"), cells are string arrays, one per slot of width
 * `dims[0]`; this returns that width, or 0 for 1-D/scalar character columns.
 */
export function charSlotWidth(f: FieldLike, shape: ColumnShape): number {
  if (shape.ndim < 2) return 0;
  const first = f.arraysize!.split("x")[0]!;
  return Number(first.replace("*", ""));
}
