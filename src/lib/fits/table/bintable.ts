/**
 * Reads binary-table data (FITS 4.0 standard §7.3): fixed-width rows of big-endian fields, scaled
 * with TSCALn/TZEROn (incl. the unsigned convention, §7.3.2 Table 19), and variable-length arrays
 * P/Q stored in the heap after THEAP (§7.3.5). Only the requested rows, and the heap when a
 * variable-length column is asked for, are read; every descriptor is checked against the heap.
 */
import { type ByteSource, readExact } from "../byte-source.js";
import { decodeRaw, type RawArray } from "../data/bitpix.js";
import { type PhysicalArray, toPhysical, unsignedKind } from "../data/scale.js";
import { FitsFormatError } from "../errors.js";
import { bytesToLatin1 } from "../header.js";
import { DEFAULT_MAX_DATA_BYTES, type HduEntry } from "../reader.js";
import { type BinColumn, binColumns } from "./columns.js";
import { type BinType, ELEMENT_BYTES } from "./tform.js";

/**
 * Values of one column for the rows read, flattened row by row (`repeat` values per row).
 * - number: B I J K E D, TSCAL/TZERO applied (float64), unsigned convention gives unsigned arrays;
 *   values equal to TNULLn are kept as read (as astropy does) and flagged in `nulls` (1 = null);
 * - logical: 1 = T, 0 = F, −1 = null (byte 0);  bits: one 0/1 byte per bit, `repeat` per row;
 * - string: per row, split into TDIM1-character items when TDIM says so (NUL ends, spaces trimmed);
 * - complex: re, im interleaved (2 × repeat per row);  varlen: one entry per row.
 */
export type ColumnValues =
  | { readonly kind: "number"; readonly values: PhysicalArray; readonly repeat: number; readonly nulls?: Uint8Array }
  | { readonly kind: "logical"; readonly values: Int8Array; readonly repeat: number }
  | { readonly kind: "bits"; readonly values: Uint8Array; readonly repeat: number }
  | { readonly kind: "string"; readonly values: string[]; readonly perRow: number }
  | { readonly kind: "complex"; readonly values: Float32Array | Float64Array; readonly repeat: number }
  | { readonly kind: "varlen"; readonly values: readonly ColumnValues[] };

/** A table read: the columns and their values for rows [rowStart0, rowEnd0). */
export interface BinTableData {
  readonly columns: readonly BinColumn[];
  readonly rowStart0: number;
  readonly rowEnd0: number;
  readonly values: readonly ColumnValues[];
}

/** Options of readBinTable. */
export interface ReadTableOptions {
  /** First row, 0-based inclusive (default 0). */
  readonly rowStart0?: number;
  /** Last row, 0-based exclusive (default NAXIS2). */
  readonly rowEnd0?: number;
  /** 0-based indices of the columns to decode (default all). */
  readonly columns?: readonly number[];
  /** Largest read in bytes (default 1 GiB). */
  readonly maxBytes?: number;
}

const BITPIX_OF: Partial<Record<BinType, number>> = { B: 8, I: 16, J: 32, K: 64, E: -32, D: -64 };

/** Decodes `count` elements of `type` from contiguous big-endian bytes. */
export function decodeElements(type: BinType, bytes: Uint8Array, count: number, col: BinColumn | undefined): ColumnValues {
  switch (type) {
    case "L": {
      const v = new Int8Array(count);
      for (let i = 0; i < count; i++) v[i] = bytes[i] === 0x54 ? 1 : bytes[i] === 0x46 ? 0 : -1;
      return { kind: "logical", values: v, repeat: count };
    }
    case "X": {
      const v = new Uint8Array(count);
      for (let i = 0; i < count; i++) v[i] = (bytes[i >> 3]! >> (7 - (i & 7))) & 1;
      return { kind: "bits", values: v, repeat: count };
    }
    case "A":
      return { kind: "string", values: [cleanString(bytes)], perRow: 1 };
    case "C":
    case "M": {
      const raw = decodeRaw(type === "C" ? -32 : -64, bytes) as Float32Array | Float64Array;
      return { kind: "complex", values: raw, repeat: count };
    }
    default: {
      const bitpix = BITPIX_OF[type]!;
      const raw = decodeRaw(bitpix, bytes);
      const nulls = bitpix > 0 && typeof col?.tnull === "bigint" ? nullMask(raw, col.tnull) : undefined;
      return { kind: "number", values: col ? scaleColumn(bitpix, raw, col) : raw, repeat: count, ...(nulls ? { nulls } : {}) };
    }
  }
}

function nullMask(raw: RawArray, tnull: bigint): Uint8Array {
  const out = new Uint8Array(raw.length);
  if (raw instanceof BigInt64Array) {
    for (let i = 0; i < raw.length; i++) out[i] = raw[i] === tnull ? 1 : 0;
  } else {
    const t = Number(tnull);
    for (let i = 0; i < raw.length; i++) out[i] = raw[i] === t ? 1 : 0;
  }
  return out;
}

function cleanString(bytes: Uint8Array): string {
  const nul = bytes.indexOf(0);
  return bytesToLatin1(nul < 0 ? bytes : bytes.subarray(0, nul)).replace(/ +$/, "");
}

function scaleColumn(bitpix: number, raw: RawArray, col: BinColumn): PhysicalArray {
  if (col.tscal === 1 && col.tzero === 0) return raw;
  const s = { bscale: col.tscal, bzero: col.tzero, bzeroExact: col.tzeroExact, blank: undefined };
  if (unsignedKind(bitpix, s) !== undefined) return toPhysical(bitpix, raw, s);
  const out = new Float64Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!) * col.tscal + col.tzero;
  return out;
}

/** Gathers one column's bytes from `n` rows of `rowBytes` into a contiguous buffer. */
function gather(rows: Uint8Array, n: number, rowBytes: number, col: BinColumn): Uint8Array {
  const w = col.format.width;
  const out = new Uint8Array(n * w);
  for (let r = 0; r < n; r++) out.set(rows.subarray(r * rowBytes + col.offset, r * rowBytes + col.offset + w), r * w);
  return out;
}

function fixedColumn(rows: Uint8Array, n: number, rowBytes: number, col: BinColumn): ColumnValues {
  const { type, repeat, width } = col.format;
  // A zero-width column (e.g. TFORM 0A, §7.3.1) holds nothing however many rows there are.
  if (width === 0 || repeat === 0) return emptyColumn(type);
  const bytes = gather(rows, n, rowBytes, col);
  if (type === "A") {
    const item = col.tdim && col.tdim.length > 1 && col.tdim[0]! > 0 ? col.tdim[0]! : Math.max(repeat, 1);
    const perRow = repeat === 0 ? 0 : Math.ceil(repeat / item);
    const values: string[] = [];
    for (let r = 0; r < n; r++) for (let k = 0; k < perRow; k++) values.push(cleanString(bytes.subarray(r * width + k * item, Math.min(r * width + (k + 1) * item, (r + 1) * width))));
    return { kind: "string", values, perRow };
  }
  if (type === "X") {
    const v = new Uint8Array(n * repeat);
    for (let r = 0; r < n; r++) for (let i = 0; i < repeat; i++) v[r * repeat + i] = (bytes[r * width + (i >> 3)]! >> (7 - (i & 7))) & 1;
    return { kind: "bits", values: v, repeat };
  }
  const all = decodeElements(type, bytes, n * repeat, col);
  return { ...all, repeat } as ColumnValues;
}

function emptyColumn(type: BinType): ColumnValues {
  if (type === "A") return { kind: "string", values: [], perRow: 0 };
  return decodeElements(type, new Uint8Array(0), 0, undefined);
}

function varlenColumn(rows: Uint8Array, n: number, rowBytes: number, col: BinColumn, heap: Uint8Array, hduIndex: number): ColumnValues {
  const q = col.format.varlen === "Q";
  const dv = new DataView(rows.buffer, rows.byteOffset, rows.byteLength);
  const out: ColumnValues[] = [];
  const type = col.format.type;
  for (let r = 0; r < n; r++) {
    const at = r * rowBytes + col.offset;
    const count = q ? Number(dv.getBigUint64(at)) : dv.getUint32(at);
    const offset = q ? Number(dv.getBigUint64(at + 8)) : dv.getUint32(at + 4);
    const bytes = type === "X" ? Math.ceil(count / 8) : count * ELEMENT_BYTES[type];
    if (!Number.isSafeInteger(offset + bytes) || offset + bytes > heap.length) {
      throw new FitsFormatError("BAD_STRUCTURE", `row ${r}, column ${col.index + 1}: array of ${bytes} bytes at heap offset ${offset} outside the heap (${heap.length} bytes)`, { hduIndex });
    }
    out.push(decodeElements(type, heap.subarray(offset, offset + bytes), count, col));
  }
  return { kind: "varlen", values: out };
}

/** Heap location: [start, end) relative to the data start (§7.3.5: THEAP default NAXIS1 × NAXIS2). */
export function heapRange(entry: HduEntry): { start: number; end: number } {
  const [rowBytes = 0, nRows = 0] = entry.layout.axes;
  const mainBytes = rowBytes * nRows;
  const theap = entry.header.get("THEAP");
  const start = typeof theap === "number" && Number.isInteger(theap) ? theap : mainBytes;
  const end = mainBytes + entry.layout.pcount;
  if (start < mainBytes || start > end) throw new FitsFormatError("BAD_KEYWORD_VALUE", `THEAP = ${start} outside [${mainBytes}, ${end}]`, { hduIndex: entry.index });
  return { start, end };
}

/**
 * Reads rows of a BINTABLE HDU (also the raw table of a tile-compressed image). Throws
 * FitsFormatError for bad TFORMs, truncation, descriptors outside the heap, or reads over maxBytes.
 */
export async function readBinTable(source: ByteSource, entry: HduEntry, options: ReadTableOptions = {}): Promise<BinTableData> {
  if (entry.layout.kind !== "bintable") throw new FitsFormatError("BAD_ARGUMENT", `HDU ${entry.index} is not a binary table`, { hduIndex: entry.index });
  const [rowBytes = 0, nRows = 0] = entry.layout.axes;
  const columns = binColumns(entry.header, rowBytes);
  const rowStart0 = options.rowStart0 ?? 0;
  const rowEnd0 = options.rowEnd0 ?? nRows;
  if (!(Number.isInteger(rowStart0) && Number.isInteger(rowEnd0) && rowStart0 >= 0 && rowStart0 <= rowEnd0 && rowEnd0 <= nRows)) {
    throw new FitsFormatError("OUT_OF_RANGE", `rows [${rowStart0}, ${rowEnd0}) outside [0, ${nRows})`, { hduIndex: entry.index });
  }
  const n = rowEnd0 - rowStart0;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DATA_BYTES;
  if (n * rowBytes > maxBytes) throw new FitsFormatError("TOO_LARGE", "table rows exceed the read limit", { hduIndex: entry.index });
  const rows = await readExact(source, entry.dataOffset + rowStart0 * rowBytes, n * rowBytes, entry.index);
  const wanted = options.columns ?? columns.map((c) => c.index);
  let heap: Uint8Array | undefined;
  const values: ColumnValues[] = [];
  for (const ci of wanted) {
    const col = columns[ci];
    if (!col) throw new FitsFormatError("BAD_ARGUMENT", `no column ${ci}`, { hduIndex: entry.index });
    if (col.format.varlen) {
      if (!heap) {
        const { start, end } = heapRange(entry);
        if (end - start > maxBytes) throw new FitsFormatError("TOO_LARGE", "heap exceeds the read limit", { hduIndex: entry.index });
        heap = await readExact(source, entry.dataOffset + start, end - start, entry.index);
      }
      values.push(varlenColumn(rows, n, rowBytes, col, heap, entry.index));
    } else {
      values.push(fixedColumn(rows, n, rowBytes, col));
    }
  }
  return { columns, rowStart0, rowEnd0, values };
}
