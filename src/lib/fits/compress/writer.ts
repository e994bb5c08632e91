/**
 * Writes tile-compressed images (FITS 4.0 standard §10): an image (header + stored values) becomes
 * a BINTABLE HDU with one row per tile, the codec streams in the heap (1PB descriptors), and the
 * Z-keywords that describe the image. RICE_1 and GZIP_1/GZIP_2 are lossless for integers; floats
 * are stored losslessly with GZIP (ZQUANTIZ = 'NONE'), or quantised (quantize.ts) with ZSCALE/ZZERO
 * columns and subtractive dithering. Tiles that cannot be quantised (constant, ±Inf) go to the
 * GZIP_COMPRESSED_DATA column losslessly. The HDU is returned for the core writer, which adds
 * CHECKSUM/DATASUM (`writeFits(..., { checksum: true })`).
 */
import type { Card } from "../card.js";
import { bitpixOf, encodeRaw, type RawArray } from "../data/bitpix.js";
import { formatCard } from "../format.js";
import { FitsHeader } from "../header.js";
import { hduLayout } from "../layout.js";
import { bytesData, type WritableHdu } from "../writer.js";
import { FitsCompressionError } from "./errors.js";
import { gzipTile, shuffleBytes } from "./gzip.js";
import { COMPRESSION_KEYS, TABLE_KEYS } from "./header.js";
import { NULL_VALUE, type QuantizeMethod, quantizeTile } from "./quantize.js";
import { RICE_DEFAULT_BLOCKSIZE, type RiceBytePix, riceEncode } from "./rice.js";
import { boxSize, tileBox, tileGrid } from "./tiles.js";

/** The algorithms the writer offers. */
export type WriteAlgorithm = "RICE_1" | "GZIP_1" | "GZIP_2";

/** How to compress an image. */
export interface CompressOptions {
  readonly algorithm: WriteAlgorithm;
  /** ZTILEn, FITS order (default: one row per tile, [NAXIS1, 1, …]). */
  readonly tile?: readonly number[];
  /** Quantize level q > 0 for float images (ZSCALE = noise / q); absent = lossless (GZIP only). */
  readonly quantizeLevel?: number;
  /** Quantisation method (default SUBTRACTIVE_DITHER_1). */
  readonly quantizeMethod?: QuantizeMethod;
  /** ZDITHER0, 1…10000 (default 1). */
  readonly zdither0?: number;
  /** RICE_1 BLOCKSIZE (default 32). */
  readonly blockSize?: number;
  /** zlib level for GZIP (default 6). */
  readonly gzipLevel?: number;
}

/** An image to compress: its header (primary or IMAGE extension) and stored values. */
export interface ImageToCompress {
  readonly header: FitsHeader;
  /** Stored values (before BSCALE/BZERO), row-major with NAXIS1 fastest. */
  readonly data: RawArray;
}

/** Copies the box of an image (FITS order axes) into a new array of the same type. */
function extractBox(src: RawArray, axes: readonly number[], start0: readonly number[], end0: readonly number[]): RawArray {
  const n = start0.reduce((a, s, i) => a * (end0[i]! - s), 1);
  const out = new (src.constructor as new (n: number) => RawArray)(n);
  const nd = axes.length;
  const run = end0[0]! - start0[0]!;
  const idx = start0.slice();
  let o = 0;
  for (;;) {
    let so = 0;
    for (let i = nd - 1; i >= 0; i--) so = so * axes[i]! + idx[i]!;
    (out as Exclude<RawArray, BigInt64Array>).set((src as Exclude<RawArray, BigInt64Array>).subarray(so, so + run), o);
    o += run;
    let i = 1;
    while (i < nd && idx[i] === end0[i]! - 1) {
      idx[i] = start0[i]!;
      i++;
    }
    if (i >= nd) break;
    idx[i]!++;
  }
  return out;
}

interface TileOut {
  readonly main: Uint8Array;
  readonly fallback: Uint8Array;
  readonly zscale: number;
  readonly zzero: number;
  readonly hasNull: boolean;
}

function compressTile(values: RawArray, index0: number, rowLength: number, o: CompressOptions): TileOut {
  const gz = (be: Uint8Array, size: number) => gzipTile(o.algorithm === "GZIP_2" ? shuffleBytes(be, size) : be, o.gzipLevel ?? 6);
  const rice = (ints: Int32Array, bytePix: RiceBytePix) => riceEncode(ints, o.blockSize ?? RICE_DEFAULT_BLOCKSIZE, bytePix);
  const none = new Uint8Array(0);
  if (values instanceof Float32Array || values instanceof Float64Array) {
    if (o.quantizeLevel === undefined) return { main: gz(encodeRaw(values), values.BYTES_PER_ELEMENT), fallback: none, zscale: 0, zzero: 0, hasNull: false };
    const q = quantizeTile(values, rowLength, o.quantizeLevel, o.quantizeMethod ?? "SUBTRACTIVE_DITHER_1", index0 + 1, o.zdither0 ?? 1);
    if (!q) return { main: none, fallback: gzipTile(encodeRaw(values), o.gzipLevel ?? 6), zscale: 0, zzero: 0, hasNull: false };
    const main = o.algorithm === "RICE_1" ? rice(q.ints, 4) : gz(encodeRaw(q.ints), 4);
    return { main, fallback: none, zscale: q.quantization.zscale, zzero: q.quantization.zzero, hasNull: q.hasNull };
  }
  if (values instanceof BigInt64Array) {
    if (o.algorithm === "RICE_1") throw new FitsCompressionError("UNSUPPORTED", "RICE_1 cannot code 64-bit integers; use GZIP_1 or GZIP_2", { codec: "RICE_1" });
    return { main: gz(encodeRaw(values), 8), fallback: none, zscale: 0, zzero: 0, hasNull: false };
  }
  if (o.algorithm === "RICE_1") {
    const ints = values instanceof Int32Array ? values : Int32Array.from(values);
    return { main: rice(ints, values.BYTES_PER_ELEMENT as RiceBytePix), fallback: none, zscale: 0, zzero: 0, hasNull: false };
  }
  return { main: gz(encodeRaw(values), values.BYTES_PER_ELEMENT), fallback: none, zscale: 0, zzero: 0, hasNull: false };
}

/** Image cards the compressed header re-expresses or must not repeat. */
const IMAGE_STRUCTURAL = /^(SIMPLE|XTENSION|BITPIX|NAXIS\d*|EXTEND|PCOUNT|GCOUNT|GROUPS|CHECKSUM|DATASUM|END)$/;

function checkOptions(o: CompressOptions, bitpix: number, axes: readonly number[]): number[] {
  if (!["RICE_1", "GZIP_1", "GZIP_2"].includes(o.algorithm)) throw new FitsCompressionError("BAD_ARGUMENT", `cannot write ${o.algorithm}`);
  if (o.quantizeLevel !== undefined && !(o.quantizeLevel > 0 && Number.isFinite(o.quantizeLevel))) {
    throw new FitsCompressionError("BAD_ARGUMENT", `quantize level must be > 0, got ${o.quantizeLevel}`);
  }
  if (bitpix < 0 && o.algorithm === "RICE_1" && o.quantizeLevel === undefined) {
    throw new FitsCompressionError("BAD_ARGUMENT", "RICE_1 codes integers: float images need a quantize level (or GZIP for lossless)");
  }
  const z0 = o.zdither0 ?? 1;
  if (!Number.isInteger(z0) || z0 < 1 || z0 > 10000) throw new FitsCompressionError("BAD_ARGUMENT", `ZDITHER0 must be in 1…10000, got ${z0}`);
  const tile = o.tile ? o.tile.slice() : axes.map((n, i) => (i === 0 ? n : 1));
  if (tile.length !== axes.length || tile.some((t, i) => !Number.isInteger(t) || t < 1 || t > axes[i]!)) {
    throw new FitsCompressionError("BAD_ARGUMENT", `tile ${JSON.stringify(o.tile)} does not fit axes ${JSON.stringify(axes)}`);
  }
  return tile;
}

/**
 * Compresses an image into a tile-compressed BINTABLE HDU (an extension: write an empty primary
 * before it). Throws FitsCompressionError for unusable options (e.g. RICE_1 on floats without a
 * quantize level, 64-bit integers with RICE_1) and FitsFormatError for an inconsistent image.
 */
export function compressImage(image: ImageToCompress, options: CompressOptions): WritableHdu {
  const layout = hduLayout(image.header, image.header.has("SIMPLE") ? 0 : 1);
  const bitpix = bitpixOf(image.data);
  const axes = layout.axes;
  if (layout.bitpix !== bitpix) throw new FitsCompressionError("BAD_ARGUMENT", `BITPIX ${layout.bitpix} but data of BITPIX ${bitpix}`);
  const n = axes.reduce((a, b) => a * b, 1);
  if (axes.length === 0 || n !== image.data.length) throw new FitsCompressionError("BAD_ARGUMENT", `NAXISn imply ${n} pixels, data has ${image.data.length}`);
  const tile = checkOptions(options, bitpix, axes);
  const grid = tileGrid(axes, tile);
  const quantized = bitpix < 0 && options.quantizeLevel !== undefined;
  const tiles: TileOut[] = [];
  for (let t = 0; t < grid.total; t++) {
    const box = tileBox(grid, t);
    const values = grid.total === 1 ? image.data : extractBox(image.data, axes, box.start0, box.end0);
    if (boxSize(box) !== values.length) throw new FitsCompressionError("BAD_STRUCTURE", "tile extraction failed");
    tiles.push(compressTile(values, t, box.end0[0]! - box.start0[0]!, options));
  }
  const hasFallback = tiles.some((t) => t.fallback.length > 0);
  const hasNull = tiles.some((t) => t.hasNull);
  // Columns: COMPRESSED_DATA [, GZIP_COMPRESSED_DATA] [, ZSCALE, ZZERO].
  const cols: [string, string][] = [["COMPRESSED_DATA", `1PB(${Math.max(0, ...tiles.map((t) => t.main.length))})`]];
  if (hasFallback) cols.push(["GZIP_COMPRESSED_DATA", `1PB(${Math.max(0, ...tiles.map((t) => t.fallback.length))})`]);
  if (quantized) cols.push(["ZSCALE", "1D"], ["ZZERO", "1D"]);
  const rowBytes = 8 * (hasFallback ? 2 : 1) + (quantized ? 16 : 0);
  const table = new Uint8Array(rowBytes * grid.total);
  const dv = new DataView(table.buffer);
  const heapBytes = tiles.reduce((a, t) => a + t.main.length + t.fallback.length, 0);
  if (heapBytes >= 2 ** 31) throw new FitsCompressionError("TOO_LARGE", "heap beyond 2 GiB (1P descriptors)");
  const heap = new Uint8Array(heapBytes);
  let h = 0;
  tiles.forEach((t, r) => {
    let c = r * rowBytes;
    for (const part of hasFallback ? [t.main, t.fallback] : [t.main]) {
      dv.setInt32(c, part.length);
      dv.setInt32(c + 4, part.length > 0 ? h : 0);
      heap.set(part, h);
      h += part.length;
      c += 8;
    }
    if (quantized) {
      dv.setFloat64(c, t.zscale);
      dv.setFloat64(c + 8, t.zzero);
    }
  });
  const header = compressedHeader(image.header, layout.primary, bitpix, axes, tile, cols, rowBytes, grid.total, heapBytes, options, quantized, hasNull);
  return { header, data: bytesData(table, heap) };
}

function compressedHeader(
  img: FitsHeader,
  primary: boolean,
  bitpix: number,
  axes: readonly number[],
  tile: readonly number[],
  cols: readonly [string, string][],
  rowBytes: number,
  rows: number,
  heapBytes: number,
  o: CompressOptions,
  quantized: boolean,
  hasNull: boolean,
): FitsHeader {
  const cards: Card[] = [
    formatCard("XTENSION", "BINTABLE", "binary table extension"),
    formatCard("BITPIX", 8, "8-bit bytes"),
    formatCard("NAXIS", 2, "2-dimensional binary table"),
    formatCard("NAXIS1", rowBytes, "width of table in bytes"),
    formatCard("NAXIS2", rows, "number of rows in table"),
    formatCard("PCOUNT", heapBytes, "size of special data area"),
    formatCard("GCOUNT", 1, "one data group"),
    formatCard("TFIELDS", cols.length, "number of fields in each row"),
  ];
  for (const [i, [name, form]] of cols.entries()) cards.push(formatCard(`TTYPE${i + 1}`, name), formatCard(`TFORM${i + 1}`, form));
  cards.push(formatCard("ZIMAGE", true, "extension contains compressed image"));
  for (const [i, t] of tile.entries()) cards.push(formatCard(`ZTILE${i + 1}`, t, "size of tiles to be compressed"));
  cards.push(formatCard("ZCMPTYPE", o.algorithm, "compression algorithm"));
  if (o.algorithm === "RICE_1") {
    cards.push(formatCard("ZNAME1", "BLOCKSIZE", "compression block size"), formatCard("ZVAL1", o.blockSize ?? RICE_DEFAULT_BLOCKSIZE, "pixels per block"));
    cards.push(formatCard("ZNAME2", "BYTEPIX", "bytes per pixel (1, 2, 4, or 8)"), formatCard("ZVAL2", quantized ? 4 : Math.abs(bitpix) / 8, "bytes per pixel"));
  }
  if (bitpix < 0) cards.push(formatCard("ZQUANTIZ", quantized ? (o.quantizeMethod ?? "SUBTRACTIVE_DITHER_1") : "NONE", "pixel quantization algorithm"));
  if (quantized && (o.quantizeMethod ?? "SUBTRACTIVE_DITHER_1") !== "NO_DITHER") cards.push(formatCard("ZDITHER0", o.zdither0 ?? 1, "dithering offset when quantizing floats"));
  if (hasNull) cards.push(formatCard("ZBLANK", NULL_VALUE, "null value in the compressed integer array"));
  cards.push(primary ? formatCard("ZSIMPLE", true, "file does conform to FITS standard") : formatCard("ZTENSION", "IMAGE", "image extension"));
  cards.push(formatCard("ZBITPIX", bitpix, "data type of original image"), formatCard("ZNAXIS", axes.length, "dimension of original image"));
  for (const [i, n] of axes.entries()) cards.push(formatCard(`ZNAXIS${i + 1}`, n, "length of original image axis"));
  if (primary) cards.push(formatCard("ZEXTEND", img.get("EXTEND") === true, "extensions are permitted"));
  else cards.push(formatCard("ZPCOUNT", 0, "number of parameters"), formatCard("ZGCOUNT", 1, "number of groups"));
  for (const c of img.cards) {
    if (IMAGE_STRUCTURAL.test(c.keyword) || TABLE_KEYS.test(c.keyword) || COMPRESSION_KEYS.test(c.keyword)) continue;
    if (/^(ZQUANTIZ|ZDITHER0|ZBLANK|ZSCALE|ZZERO)$/.test(c.keyword)) continue;
    cards.push(c);
  }
  return new FitsHeader(cards);
}
