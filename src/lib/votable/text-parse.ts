/**
 * TABLEDATA text → cell values (VOTable 1.4 §5.3, VOT-06), the reading twin of text-format.ts.
 * Parsing is tolerant where real files are sloppy (case-insensitive booleans, `Inf`/`inf`, hex
 * integers, commas between array elements, the legacy `string` datatype handled upstream) and
 * strict where a wrong value would be silently wrong (an unparseable number is an error).
 * An empty cell, or a scalar equal to the VALUES null sentinel, reads as null.
 */
import { charSlotWidth, columnShape, INTEGER_RANGE, isIntegerType } from "./datatypes.js";
import type { Cell, FieldLike } from "./model.js";

/** Parses TD text to a cell; throws a plain Error (the reader adds the position). */
export type TextParser = (text: string) => Cell;

const SPLIT = /[\s,]+/;
const NULLISH = /^([-+]?(nan|inf|infinity)|null|-)$/i;

function parseFloatText(t: string): number {
  const v = Number(t);
  if (!Number.isNaN(v) && t !== "") return v;
  const l = t.toLowerCase();
  if (l === "nan") return Number.NaN;
  if (l === "inf" || l === "+inf" || l === "infinity" || l === "+infinity") return Infinity;
  if (l === "-inf" || l === "-infinity") return -Infinity;
  if (l === "null" || l === "-") return Number.NaN; // legacy (IRSA) spellings of a missing float
  throw new Error(`bad floating-point value "${t.slice(0, 40)}"`);
}

function parseIntText(t: string, datatype: "unsignedByte" | "short" | "int" | "long"): number | bigint | null {
  let v: bigint;
  const neg = t.startsWith("-");
  const body = neg || t.startsWith("+") ? t.slice(1) : t;
  if (/^0[xX][0-9A-Fa-f]{1,16}$/.test(body)) {
    // Hex literals are two's-complement bit patterns of the column width (as FITS/astropy read them).
    v = BigInt(body);
    const bits = BigInt(datatype === "unsignedByte" ? 8 : datatype === "short" ? 16 : datatype === "int" ? 32 : 64);
    if (v >= 1n << bits) return null;
    if (datatype !== "unsignedByte") v = BigInt.asIntN(Number(bits), v);
    if (neg) v = -v;
  } else if (/^[0-9]{1,20}$/.test(body)) {
    v = BigInt(body);
    if (neg) v = -v;
  } else if (NULLISH.test(t)) {
    return null; // "NaN"/"Inf"/"null" in an integer column: no value (astropy masks these too)
  } else {
    throw new Error(`bad integer value "${t.slice(0, 40)}"`);
  }
  const [lo, hi] = INTEGER_RANGE[datatype];
  if (v < lo || v > hi) return null; // out of range for the column: no faithful value exists
  return Number.isSafeInteger(Number(v)) ? Number(v) : v;
}

function parseBool(t: string): boolean | null {
  switch (t.toLowerCase()) {
    case "t":
    case "true":
    case "1":
      return true;
    case "f":
    case "false":
    case "0":
      return false;
    case "?":
    case "":
      return null;
    default:
      throw new Error(`bad boolean value "${t.slice(0, 40)}"`);
  }
}

/** Splits an array cell into element tokens (whitespace or commas). */
export function splitTokens(text: string): string[] {
  const t = text.trim();
  return t === "" ? [] : t.split(SPLIT);
}

/** Builds the TABLEDATA parser of a column; `nullText` is the VALUES null sentinel, if any. */
export function makeTextParser(field: FieldLike): TextParser {
  const shape = columnShape(field);
  const nullText = field.values?.null;
  const dt = field.datatype;
  if (dt === "char" || dt === "unicodeChar") {
    const slot = charSlotWidth(field, shape);
    const max = shape.scalar ? 1 : shape.variable ? (shape.maxLast === undefined ? undefined : shape.maxLast * shape.count) : shape.count;
    return (text) => {
      if (text === "" || (nullText !== undefined && text === nullText)) return null;
      const s = max !== undefined && text.length > max ? text.slice(0, max) : text;
      if (slot <= 0) return s;
      const out: string[] = [];
      for (let i = 0; i < s.length; i += slot) out.push(s.slice(i, i + slot).replace(/[ \0]+$/, ""));
      return out;
    };
  }
  if (dt === "boolean") {
    if (shape.scalar) return (text) => parseBool(text.trim());
    return (text) => {
      const v = splitTokens(text).map(parseBool);
      return v.length === 0 || (!shape.variable && v.every((x) => x === null)) ? null : v;
    };
  }
  if (dt === "bit") {
    const bit = (t: string): boolean => {
      if (t === "1") return true;
      if (t === "0") return false;
      throw new Error(`bad bit value "${t.slice(0, 40)}"`);
    };
    if (shape.scalar) return (text) => (text.trim() === "" ? null : bit(text.trim()));
    return (text) => {
      const toks = splitTokens(text);
      if (toks.length === 0) return null;
      return (toks.length === 1 && toks[0]!.length > 1 ? [...toks[0]!] : toks).map(bit);
    };
  }
  const complex = dt === "floatComplex" || dt === "doubleComplex";
  const one: (t: string) => number | bigint | null = isIntegerType(dt)
    ? (t) => parseIntText(t, dt as "unsignedByte" | "short" | "int" | "long")
    : dt === "float"
      ? (t) => Math.fround(parseFloatText(t))
      : dt === "floatComplex"
        ? (t) => Math.fround(parseFloatText(t))
        : parseFloatText;
  if (shape.scalar && !complex) {
    return (text) => {
      const t = text.trim();
      if (t === "" || (nullText !== undefined && t === nullText)) return null;
      return one(t);
    };
  }
  const isLong = dt === "long";
  const fixed = !shape.variable;
  return (text) => {
    const toks = splitTokens(text);
    if (toks.length === 0) return null;
    // A fixed-size array whose every element is null (NaN, the sentinel) is a null cell: that is
    // how the writer spells it (text-format.ts nullText).
    if (fixed && toks.every((t) => t === nullText || /^nan$/i.test(t))) return null;
    if (isLong) {
      const vals = toks.map((t) => one(t) ?? 0);
      return vals.some((v) => typeof v === "bigint") ? vals.map((v) => BigInt(v)) : (vals as number[]);
    }
    return toks.map((t) => {
      const v = one(t);
      return typeof v === "number" ? v : 0;
    });
  };
}
