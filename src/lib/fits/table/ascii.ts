/**
 * Reads ASCII-table data (FITS 4.0 standard §7.2): rows of NAXIS1 characters, field n starting at
 * TBCOLn (1-based), formats Aw Iw Fw.d Ew.d Dw.d (§7.2.5). Numbers follow Fortran list rules: a
 * field without a decimal point has d implied decimals; D exponents are accepted; TSCAL/TZERO apply.
 */
import { type ByteSource, readExact } from "../byte-source.js";
import { FitsFormatError } from "../errors.js";
import { bytesToLatin1 } from "../header.js";
import { DEFAULT_MAX_DATA_BYTES, type HduEntry } from "../reader.js";
import { type AsciiColumn, asciiColumns } from "./columns.js";

/** Values of one ASCII-table column: strings for A, numbers for I/F/E/D (null field → NaN). */
export type AsciiColumnValues =
  | { readonly kind: "string"; readonly values: string[] }
  | { readonly kind: "number"; readonly values: Float64Array; readonly nulls: Uint8Array };

/** An ASCII table read. */
export interface AsciiTableData {
  readonly columns: readonly AsciiColumn[];
  readonly values: readonly AsciiColumnValues[];
}

// Unambiguous on purpose (no nested optional digit runs), so a long field cannot backtrack.
const NUM_RE = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[EeDd][+-]?\d+|[+-]\d+)?$/;

/** Parses one numeric field; NaN for blank/unparsable. Throws nothing. */
export function parseAsciiNumber(field: string, decimals: number): number {
  const t = field.trim();
  if (t === "" || !NUM_RE.test(t)) return Number.NaN;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[EeDd]([+-]?\d+)|([+-]\d+))?$/.exec(t);
  if (!m) return Number.NaN;
  let mant = m[1]!;
  if (!mant.includes(".") && decimals > 0) {
    // §7.2.5: without an explicit point the last d digits are decimals.
    const sign = mant[0] === "-" || mant[0] === "+" ? mant[0] : "";
    const digits = (sign ? mant.slice(1) : mant).padStart(decimals + 1, "0");
    mant = `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  }
  const exp = m[2] ?? m[3];
  return Number(exp === undefined ? mant : `${mant}e${exp}`);
}

/** Reads all rows of an ASCII TABLE HDU. Throws FitsFormatError for bad columns or truncation. */
export async function readAsciiTable(source: ByteSource, entry: HduEntry, maxBytes = DEFAULT_MAX_DATA_BYTES): Promise<AsciiTableData> {
  if (entry.layout.kind !== "table") throw new FitsFormatError("BAD_ARGUMENT", `HDU ${entry.index} is not an ASCII table`, { hduIndex: entry.index });
  const [rowBytes = 0, nRows = 0] = entry.layout.axes;
  const columns = asciiColumns(entry.header, rowBytes);
  if (rowBytes * nRows > maxBytes) throw new FitsFormatError("TOO_LARGE", "table exceeds the read limit", { hduIndex: entry.index });
  const bytes = await readExact(source, entry.dataOffset, rowBytes * nRows, entry.index);
  const text = bytesToLatin1(bytes);
  const values = columns.map((col): AsciiColumnValues => {
    const w = col.format.width;
    if (col.format.type === "A") {
      const out: string[] = [];
      for (let r = 0; r < nRows; r++) out.push(text.substr(r * rowBytes + col.offset, w).replace(/ +$/, ""));
      return { kind: "string", values: out };
    }
    const out = new Float64Array(nRows);
    const nulls = new Uint8Array(nRows);
    const tnull = typeof col.tnull === "string" ? col.tnull.trim() : undefined;
    for (let r = 0; r < nRows; r++) {
      const field = text.substr(r * rowBytes + col.offset, w);
      if (tnull !== undefined && field.trim() === tnull) {
        nulls[r] = 1;
        out[r] = Number.NaN;
        continue;
      }
      const v = parseAsciiNumber(field, col.format.type === "I" ? 0 : col.format.decimals);
      if (Number.isNaN(v)) nulls[r] = 1;
      out[r] = v * col.tscal + col.tzero;
    }
    return { kind: "number", values: out, nulls };
  });
  return { columns, values };
}
