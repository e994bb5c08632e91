/**
 * Column definitions of binary and ASCII tables read from TFIELDS, TTYPEn, TFORMn, TUNITn,
 * TSCALn, TZEROn, TNULLn, TDIMn, TBCOLn (FITS 4.0 standard §7.2.2, §7.3.2). Column indices in
 * this API are 0-based (column n of the standard is index n − 1).
 */
import { FitsFormatError } from "../errors.js";
import type { FitsHeader } from "../header.js";
import { type AsciiFormat, type BinFormat, parseAsciiTform, parseBinTform, parseTdim } from "./tform.js";

/** What every table column has. */
export interface ColumnBase {
  /** 0-based column index (TTYPE1 is index 0). */
  readonly index: number;
  /** TTYPEn ('' when absent). */
  readonly name: string;
  readonly tform: string;
  readonly unit: string | undefined;
  readonly tscal: number;
  readonly tzero: number;
  /** TZEROn exactly (bigint for 2^63), for the unsigned convention. */
  readonly tzeroExact: number | bigint;
  /** TNULLn: an integer for binary tables, a string for ASCII tables. */
  readonly tnull: bigint | string | undefined;
  /** Byte offset of the field inside a row. */
  readonly offset: number;
}

/** A binary-table column. */
export interface BinColumn extends ColumnBase {
  readonly format: BinFormat;
  /** TDIMn axis lengths (fastest first), when given and valid. */
  readonly tdim: number[] | undefined;
}

/** An ASCII-table column. */
export interface AsciiColumn extends ColumnBase {
  readonly format: AsciiFormat;
}

function num(h: FitsHeader, key: string, fallback: number): number {
  const v = h.get(key);
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : fallback;
}

function base(h: FitsHeader, i: number, offset: number, tform: string): ColumnBase {
  const n = i + 1;
  const name = h.get(`TTYPE${n}`);
  const unit = h.get(`TUNIT${n}`);
  const z = h.get(`TZERO${n}`);
  const tnull = h.get(`TNULL${n}`);
  return {
    index: i,
    name: typeof name === "string" ? name.trim() : "",
    tform,
    unit: typeof unit === "string" ? unit : undefined,
    tscal: num(h, `TSCAL${n}`, 1),
    tzero: num(h, `TZERO${n}`, 0),
    tzeroExact: typeof z === "number" || typeof z === "bigint" ? z : 0,
    tnull: typeof tnull === "bigint" ? tnull : typeof tnull === "number" && Number.isInteger(tnull) ? BigInt(tnull) : typeof tnull === "string" ? tnull : undefined,
    offset,
  };
}

function tfields(h: FitsHeader, rowBytes: number): number {
  const v = h.get("TFIELDS");
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0 || v > 999) {
    throw new FitsFormatError("BAD_KEYWORD_VALUE", `TFIELDS = ${String(v)} is not in [0, 999]`);
  }
  if (v > rowBytes + 999) throw new FitsFormatError("BAD_STRUCTURE", "more columns than row bytes");
  return v;
}

/** Binary-table columns; throws FitsFormatError when the widths exceed NAXIS1. */
export function binColumns(h: FitsHeader, rowBytes: number): BinColumn[] {
  const n = tfields(h, rowBytes);
  const cols: BinColumn[] = [];
  let offset = 0;
  for (let i = 0; i < n; i++) {
    const tform = h.get(`TFORM${i + 1}`);
    if (typeof tform !== "string") throw new FitsFormatError("MISSING_KEYWORD", `missing TFORM${i + 1}`);
    const format = parseBinTform(tform, rowBytes * 8 + 8);
    const tdim = h.get(`TDIM${i + 1}`);
    cols.push({ ...base(h, i, offset, tform), format, tdim: parseTdim(typeof tdim === "string" ? tdim : undefined) });
    offset += format.width;
    if (offset > rowBytes) throw new FitsFormatError("BAD_STRUCTURE", `columns need ${offset} bytes, NAXIS1 = ${rowBytes}`);
  }
  return cols;
}

/** ASCII-table columns; throws FitsFormatError when a field falls outside the row. */
export function asciiColumns(h: FitsHeader, rowBytes: number): AsciiColumn[] {
  const n = tfields(h, rowBytes);
  const cols: AsciiColumn[] = [];
  for (let i = 0; i < n; i++) {
    const tform = h.get(`TFORM${i + 1}`);
    const tbcol = h.get(`TBCOL${i + 1}`);
    if (typeof tform !== "string") throw new FitsFormatError("MISSING_KEYWORD", `missing TFORM${i + 1}`);
    if (typeof tbcol !== "number" || !Number.isInteger(tbcol) || tbcol < 1) throw new FitsFormatError("BAD_KEYWORD_VALUE", `bad TBCOL${i + 1}`);
    const format = parseAsciiTform(tform);
    if (tbcol - 1 + format.width > rowBytes) throw new FitsFormatError("BAD_STRUCTURE", `column ${i + 1} extends past NAXIS1`);
    const tnull = h.get(`TNULL${i + 1}`);
    cols.push({ ...base(h, i, tbcol - 1, tform), tnull: typeof tnull === "string" ? tnull : tnull === undefined || tnull === null ? undefined : String(tnull), format });
  }
  return cols;
}
