/**
 * Builds BINTABLE HDUs for the writer (FITS 4.0 standard §7.3): encodes rows big-endian, puts
 * variable-length arrays (P/Q, §7.3.5) in a heap right after the main table (PCOUNT = heap size,
 * no THEAP needed), and writes TTYPE/TFORM/TUNIT/TDIM/TNULL/TSCAL/TZERO cards. Values are the
 * stored (raw) values: the writer applies no TSCAL/TZERO.
 */
import type { Card } from "../card.js";
import { FitsFormatError } from "../errors.js";
import { formatCard } from "../format.js";
import { FitsHeader } from "../header.js";
import { bytesData, type WritableHdu } from "../writer.js";
import { type BinFormat, type BinType, ELEMENT_BYTES, parseBinTform } from "./tform.js";

/** Values of one array cell: numbers/bigints (B I J K E D, C/M interleaved re,im), 0/1 bits, booleans or null (L). */
export type CellArray = ArrayLike<number | bigint | boolean | null>;

/** A column to write. */
export interface BinColumnSpec {
  readonly name: string;
  /** TFORM, e.g. "1J", "3E", "16A", "12X", "1PE(100)", "1QD". */
  readonly tform: string;
  readonly unit?: string;
  /** TDIMn axis lengths, fastest first. */
  readonly tdim?: readonly number[];
  readonly tnull?: number | bigint;
  readonly tscal?: number;
  readonly tzero?: number | bigint;
  /**
   * Fixed columns: a flat row-major array of nRows × repeat stored values (A: one string per row).
   * P/Q columns: one CellArray (or, for A, one string) per row.
   */
  readonly values: CellArray | readonly string[] | readonly (CellArray | string)[];
}

function putElements(dv: DataView, at: number, type: BinType, src: ArrayLike<unknown>, from: number, count: number): void {
  for (let k = 0; k < count; k++) {
    const v = src[from + k];
    const o = at + k * ELEMENT_BYTES[type];
    switch (type) {
      case "L": dv.setUint8(o, v === null || v === undefined ? 0 : v ? 0x54 : 0x46); break;
      case "B": dv.setUint8(o, Number(v) & 0xff); break;
      case "I": dv.setInt16(o, Number(v)); break;
      case "J": dv.setInt32(o, Number(v)); break;
      case "K": dv.setBigInt64(o, typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v)))); break;
      case "E": dv.setFloat32(o, Number(v)); break;
      case "D": dv.setFloat64(o, Number(v)); break;
      case "C": dv.setFloat32(o, Number(src[2 * (from + k)])); dv.setFloat32(o + 4, Number(src[2 * (from + k) + 1])); break;
      case "M": dv.setFloat64(o, Number(src[2 * (from + k)])); dv.setFloat64(o + 8, Number(src[2 * (from + k) + 1])); break;
      default: throw new FitsFormatError("BAD_ARGUMENT", `cannot write element type ${type} here`);
    }
  }
}

function putString(bytes: Uint8Array, at: number, s: string, width: number): void {
  for (let k = 0; k < width; k++) bytes[at + k] = k < s.length ? s.charCodeAt(k) & 0x7f : 0x20;
}

function putBits(bytes: Uint8Array, at: number, src: ArrayLike<unknown>, from: number, count: number): void {
  for (let k = 0; k < count; k++) if (src[from + k]) bytes[at + (k >> 3)]! |= 0x80 >> (k & 7);
}

function heapBytes(f: BinFormat, cell: CellArray | string): { bytes: Uint8Array; count: number } {
  if (typeof cell === "string") {
    const b = new Uint8Array(cell.length);
    putString(b, 0, cell, cell.length);
    return { bytes: b, count: cell.length };
  }
  const count = f.type === "C" || f.type === "M" ? cell.length / 2 : cell.length;
  const size = f.type === "X" ? Math.ceil(count / 8) : count * ELEMENT_BYTES[f.type];
  const b = new Uint8Array(size);
  if (f.type === "X") putBits(b, 0, cell, 0, count);
  else putElements(new DataView(b.buffer), 0, f.type, cell, 0, count);
  return { bytes: b, count };
}

/** Builds a BINTABLE extension HDU from columns of `nRows` rows. Throws on inconsistent input. */
export function binTableHdu(columns: readonly BinColumnSpec[], nRows: number, extraCards: readonly Card[] = []): WritableHdu {
  const formats = columns.map((c) => parseBinTform(c.tform));
  const rowBytes = formats.reduce((a, f) => a + f.width, 0);
  const main = new Uint8Array(rowBytes * nRows);
  const dv = new DataView(main.buffer);
  const heap: Uint8Array[] = [];
  let heapSize = 0;
  let offset = 0;
  columns.forEach((col, ci) => {
    const f = formats[ci]!;
    const vals = col.values;
    for (let r = 0; r < nRows; r++) {
      const at = r * rowBytes + offset;
      if (f.varlen) {
        const cell = vals[r] as CellArray | string | undefined;
        if (cell === undefined) throw new FitsFormatError("BAD_ARGUMENT", `column ${col.name}: no value for row ${r}`);
        const { bytes, count } = heapBytes(f, cell);
        if (f.varlen === "P") {
          dv.setUint32(at, count);
          dv.setUint32(at + 4, heapSize);
        } else {
          dv.setBigUint64(at, BigInt(count));
          dv.setBigUint64(at + 8, BigInt(heapSize));
        }
        heap.push(bytes);
        heapSize += bytes.length;
      } else if (f.type === "A") {
        putString(main, at, String(vals[r] ?? ""), f.repeat);
      } else if (f.type === "X") {
        putBits(main, at, vals, r * f.repeat, f.repeat);
      } else {
        putElements(dv, at, f.type, vals, r * f.repeat, f.repeat);
      }
    }
    offset += f.width;
  });
  const cards: Card[] = [
    formatCard("XTENSION", "BINTABLE", "binary table extension"),
    formatCard("BITPIX", 8),
    formatCard("NAXIS", 2),
    formatCard("NAXIS1", rowBytes, "bytes per row"),
    formatCard("NAXIS2", nRows, "number of rows"),
    formatCard("PCOUNT", heapSize, "heap size"),
    formatCard("GCOUNT", 1),
    formatCard("TFIELDS", columns.length),
  ];
  columns.forEach((c, i) => {
    const n = i + 1;
    cards.push(formatCard(`TTYPE${n}`, c.name), formatCard(`TFORM${n}`, c.tform));
    if (c.unit !== undefined) cards.push(formatCard(`TUNIT${n}`, c.unit));
    if (c.tdim !== undefined) cards.push(formatCard(`TDIM${n}`, `(${c.tdim.join(",")})`));
    if (c.tnull !== undefined) cards.push(formatCard(`TNULL${n}`, c.tnull));
    if (c.tscal !== undefined) cards.push(formatCard(`TSCAL${n}`, c.tscal, "", { float: true }));
    if (c.tzero !== undefined) cards.push(formatCard(`TZERO${n}`, c.tzero));
  });
  cards.push(...extraCards);
  return { header: new FitsHeader(cards), data: bytesData(main, ...heap) };
}
