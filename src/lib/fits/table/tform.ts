/**
 * Binary-table column formats (FITS 4.0 standard §7.3.1, Table 18): TFORMn = rTa, with the
 * variable-length array descriptors P/Q (§7.3.5) and TDIMn (§7.3.2). Widths are validated so a
 * table row layout can never be sized by an absurd repeat count.
 */
import { FitsFormatError } from "../errors.js";

/** Binary-table element type codes. */
export type BinType = "L" | "X" | "B" | "I" | "J" | "K" | "A" | "E" | "D" | "C" | "M";

/** A parsed TFORMn of a binary table. */
export interface BinFormat {
  /** Repeat count r (for X: bits; for A: characters; for P/Q: 1 descriptor when r is 1). */
  readonly repeat: number;
  /** Element type (for P/Q: the type of the heap elements). */
  readonly type: BinType;
  /** P or Q descriptor (§7.3.5), else undefined. */
  readonly varlen: "P" | "Q" | undefined;
  /** Max elements declared as P/Q(emax), when given. */
  readonly maxLength: number | undefined;
  /** Bytes this column takes in a row. */
  readonly width: number;
}

/** Bytes per element of each type (X handled per bit). */
export const ELEMENT_BYTES: Readonly<Record<BinType, number>> = { L: 1, X: 1, B: 1, I: 2, J: 4, K: 8, A: 1, E: 4, D: 8, C: 8, M: 16 };

const TFORM_RE = /^\s*(\d*)\s*([LXBIJKAEDCMPQ])\s*([LXBIJKAEDCM]?)\s*(?:\(\s*(\d+)\s*\))?(.*)$/i;

/** Parses a binary-table TFORM. Throws FitsFormatError("BAD_TFORM"). */
export function parseBinTform(tform: string, maxRepeat = 2 ** 31): BinFormat {
  const m = TFORM_RE.exec(tform);
  if (!m) throw new FitsFormatError("BAD_TFORM", `bad TFORM ${JSON.stringify(tform)}`);
  const repeat = m[1] === "" ? 1 : Number(m[1]);
  if (!Number.isSafeInteger(repeat) || repeat > maxRepeat) throw new FitsFormatError("BAD_TFORM", `repeat count too large in ${tform}`);
  const code = m[2]!.toUpperCase();
  if (code === "P" || code === "Q") {
    const t = m[3]!.toUpperCase();
    if (t === "" || repeat > 1) throw new FitsFormatError("BAD_TFORM", `bad variable-length TFORM ${JSON.stringify(tform)}`);
    return { repeat, type: t as BinType, varlen: code, maxLength: m[4] === undefined ? undefined : Number(m[4]), width: repeat * (code === "P" ? 8 : 16) };
  }
  if (m[3] !== "") throw new FitsFormatError("BAD_TFORM", `bad TFORM ${JSON.stringify(tform)}`);
  const type = code as BinType;
  const width = type === "X" ? Math.ceil(repeat / 8) : repeat * ELEMENT_BYTES[type];
  return { repeat, type, varlen: undefined, maxLength: undefined, width };
}

/** Parses TDIMn = '(l,m,n...)' into axis lengths (fastest first); undefined when absent/bad. */
export function parseTdim(tdim: string | undefined): number[] | undefined {
  if (tdim === undefined) return undefined;
  const m = /^\s*\(([\d\s,]+)\)\s*$/.exec(tdim);
  if (!m) return undefined;
  const dims = m[1]!.split(",").map((x) => Number(x.trim()));
  return dims.every((d) => Number.isSafeInteger(d) && d >= 0) ? dims : undefined;
}

/** An ASCII-table TFORMn (§7.2.5, Table 15): Aw, Iw, Fw.d, Ew.d, Dw.d. */
export interface AsciiFormat {
  readonly type: "A" | "I" | "F" | "E" | "D";
  readonly width: number;
  readonly decimals: number;
}

/** Parses an ASCII-table TFORM. Throws FitsFormatError("BAD_TFORM"). */
export function parseAsciiTform(tform: string): AsciiFormat {
  const m = /^\s*([AIFED])\s*(\d+)(?:\.(\d+))?\s*$/i.exec(tform);
  if (!m) throw new FitsFormatError("BAD_TFORM", `bad ASCII-table TFORM ${JSON.stringify(tform)}`);
  const width = Number(m[2]);
  if (width < 1 || width > 1_000_000) throw new FitsFormatError("BAD_TFORM", `bad field width in ${tform}`);
  return { type: m[1]!.toUpperCase() as AsciiFormat["type"], width, decimals: m[3] === undefined ? 0 : Number(m[3]) };
}
