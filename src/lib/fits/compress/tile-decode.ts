/**
 * Decodes one tile of a tile-compressed image from its table row and heap bytes (FITS 4.0
 * standard §10.1.2–10.3): the COMPRESSED_DATA descriptor selects the codec stream; an empty one
 * falls back to GZIP_COMPRESSED_DATA or UNCOMPRESSED_DATA (tiles that could not be compressed);
 * quantised float tiles are restored with the row's ZSCALE/ZZERO/ZBLANK (or the keywords).
 * The result is the tile's stored values in the image's BITPIX type, before BSCALE/BZERO.
 */
import { allocRaw, decodeRaw, type RawArray } from "../data/bitpix.js";
import type { BinColumn } from "../table/columns.js";
import { ELEMENT_BYTES } from "../table/tform.js";
import { FitsCompressionError } from "./errors.js";
import { gunzipTile, unshuffleBytes } from "./gzip.js";
import { hcompressDecode } from "./hcompress/decode.js";
import type { CompressedImageInfo } from "./header.js";
import { plioDecode } from "./plio.js";
import { type TileQuantization, unquantize } from "./quantize.js";
import { RICE_DEFAULT_BLOCKSIZE, type RiceBytePix, riceDecode } from "./rice.js";

/** The table columns a tile may use (by TTYPE, §10.1.2 Table 33). */
export interface TileColumns {
  readonly compressed: BinColumn;
  readonly gzipFallback: BinColumn | undefined;
  readonly uncompressed: BinColumn | undefined;
  readonly zscale: BinColumn | undefined;
  readonly zzero: BinColumn | undefined;
  readonly zblank: BinColumn | undefined;
}

/** A heap range: `count` elements of `elementBytes` bytes at byte `offset` from the heap start. */
export interface HeapRange {
  readonly offset: number;
  readonly bytes: number;
}

/** Reads a P/Q descriptor of a column in a row; byte range in the heap. */
export function descriptor(row: DataView, col: BinColumn): HeapRange {
  const f = col.format;
  const size = ELEMENT_BYTES[f.type];
  let count: number;
  let offset: number;
  if (f.varlen === "Q") {
    count = Number(row.getBigInt64(col.offset));
    offset = Number(row.getBigInt64(col.offset + 8));
  } else {
    count = row.getInt32(col.offset);
    offset = row.getInt32(col.offset + 4);
  }
  if (count < 0 || offset < 0 || !Number.isSafeInteger(count * size)) {
    throw new FitsCompressionError("BAD_STRUCTURE", `bad heap descriptor (${count}, ${offset}) in ${col.name}`);
  }
  return { offset, bytes: count * size };
}

function scalar(row: DataView, col: BinColumn | undefined): number | undefined {
  if (!col || col.format.varlen) return undefined;
  switch (col.format.type) {
    case "D": return row.getFloat64(col.offset);
    case "E": return row.getFloat32(col.offset);
    case "J": return row.getInt32(col.offset);
    case "I": return row.getInt16(col.offset);
    case "K": return Number(row.getBigInt64(col.offset));
    default: return undefined;
  }
}

/** What decodeTile needs besides the row. */
export interface TileContext {
  readonly info: CompressedImageInfo;
  readonly columns: TileColumns;
  /** Image BZERO/BSCALE, for the PLIO unsigned-16 offset. */
  readonly imageBzero: number;
  readonly imageBscale: number;
}

/** The heap ranges a tile row needs (compressed stream or its fallbacks). */
export function tileRanges(ctx: TileContext, row: DataView): HeapRange[] {
  const c = ctx.columns;
  const out = [descriptor(row, c.compressed)];
  if (c.gzipFallback) out.push(descriptor(row, c.gzipFallback));
  if (c.uncompressed) out.push(descriptor(row, c.uncompressed));
  return out;
}

function paramInt(info: CompressedImageInfo, name: string, fallback: number): number {
  const v = info.params.get(name);
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function isQuantized(ctx: TileContext): boolean {
  const { info, columns } = ctx;
  return info.zbitpix < 0 && info.quantize !== "NONE" && (columns.zscale !== undefined || info.zscale !== undefined);
}

function asInt32(raw: RawArray): Int32Array {
  if (raw instanceof Int32Array) return raw;
  const out = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) out[i] = Number(raw[i]!);
  return out;
}

/** Decodes the codec stream of a tile to integers (RICE/PLIO/HCOMPRESS) or raw values (GZIP/none). */
function decodeStream(ctx: TileContext, bytes: Uint8Array, npix: number, tileShape: readonly number[], target: Int32Array | undefined): RawArray {
  const { info } = ctx;
  const quantized = isQuantized(ctx);
  const natural = quantized ? 4 : Math.abs(info.zbitpix) / 8;
  switch (info.cmpType) {
    case "RICE_1": {
      const out = target && target.length === npix ? target : new Int32Array(npix);
      // §10.4.1: BYTEPIX defaults to 4 whatever ZBITPIX is (m13_rice.fits relies on it).
      const bytePix = paramInt(info, "BYTEPIX", 4);
      riceDecode(bytes, out, paramInt(info, "BLOCKSIZE", RICE_DEFAULT_BLOCKSIZE), bytePix as RiceBytePix);
      return out;
    }
    case "PLIO_1": {
      const words = new Int16Array(bytes.length >> 1);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let i = 0; i < words.length; i++) words[i] = dv.getInt16(2 * i);
      const out = new Int32Array(npix);
      plioDecode(words, out);
      // cfitsio codes unsigned 16-bit images (BZERO = 32768) by their physical values.
      if (info.zbitpix === 16 && ctx.imageBzero === 32768 && ctx.imageBscale === 1) for (let i = 0; i < npix; i++) out[i] = out[i]! - 32768;
      return out;
    }
    case "HCOMPRESS_1": {
      const nx = tileShape[0] ?? 1;
      const ny = npix / nx;
      return hcompressDecode(bytes, nx, ny, paramInt(info, "SMOOTH", 0));
    }
    case "GZIP_1":
    case "GZIP_2": {
      const maxBytes = npix * 8;
      let be = gunzipTile(bytes, maxBytes, info.cmpType);
      const size = be.length / npix;
      if (![1, 2, 4, 8].includes(size)) throw new FitsCompressionError("BAD_STRUCTURE", `${info.cmpType}: tile has ${be.length} bytes for ${npix} pixels`, { codec: info.cmpType });
      if (info.cmpType === "GZIP_2") be = unshuffleBytes(be, size);
      return decodeRaw(size === natural && !quantized ? info.zbitpix : size * 8, be);
    }
    default: {
      const size = natural;
      if (bytes.length !== npix * size) throw new FitsCompressionError("BAD_STRUCTURE", `NOCOMPRESS tile has ${bytes.length} bytes for ${npix} pixels`);
      return decodeRaw(quantized ? 32 : info.zbitpix, bytes);
    }
  }
}

function convert(values: RawArray, zbitpix: number): RawArray {
  const out = allocRaw(zbitpix, values.length);
  if (out instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]!);
  } else if (values instanceof BigInt64Array) {
    for (let i = 0; i < values.length; i++) out[i] = Number(values[i]!);
  } else if (out instanceof Int16Array || out instanceof Uint8Array) {
    // Lossy HCOMPRESS can overshoot the type's range; saturate as cfitsio does.
    const lo = out instanceof Int16Array ? -32768 : 0;
    const hi = out instanceof Int16Array ? 32767 : 255;
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      out[i] = v < lo ? lo : v > hi ? hi : v;
    }
  } else {
    (out as Exclude<RawArray, BigInt64Array>).set(values);
  }
  return out;
}

/** True when decoded tiles need no conversion: int32 images that are not quantised. */
export function decodesToInt32(ctx: TileContext): boolean {
  return ctx.info.zbitpix === 32 && !isQuantized(ctx);
}

/**
 * Decodes tile `index0` from its row and the heap bytes of its ranges (same order as tileRanges).
 * `tileShape` is the tile's actual extent (edge tiles are smaller). With `target` (only when
 * decodesToInt32), codecs may decode straight into it; the result is then `target` itself.
 */
export function decodeTile(ctx: TileContext, index0: number, row: DataView, heap: readonly Uint8Array[], tileShape: readonly number[], target?: Int32Array): RawArray {
  const { info, columns } = ctx;
  const npix = tileShape.reduce((a, b) => a * b, 1);
  const [main, second, third] = heap;
  try {
    if (main && main.length > 0) {
      const decoded = decodeStream(ctx, main, npix, tileShape, decodesToInt32(ctx) ? target : undefined);
      if (decoded.length !== npix) throw new FitsCompressionError("BAD_STRUCTURE", "decoded tile has the wrong length");
      if (isQuantized(ctx)) {
        const q: TileQuantization = {
          method: info.quantize === undefined || info.quantize === "NONE" ? "NO_DITHER" : info.quantize,
          zscale: scalar(row, columns.zscale) ?? info.zscale ?? 1,
          zzero: scalar(row, columns.zzero) ?? info.zzero ?? 0,
          zblank: scalar(row, columns.zblank) ?? info.zblank,
          tile1: index0 + 1,
          zdither0: info.zdither0,
        };
        const out = info.zbitpix === -32 ? new Float32Array(npix) : new Float64Array(npix);
        unquantize(asInt32(decoded), out, q);
        return out;
      }
      return decoded.constructor === allocRaw(info.zbitpix, 0).constructor ? decoded : convert(decoded, info.zbitpix);
    }
    const fallbackCol = second && second.length > 0 ? columns.gzipFallback : undefined;
    if (fallbackCol && second) {
      const be = gunzipTile(second, npix * 8, "GZIP_COMPRESSED_DATA");
      if (be.length !== npix * (Math.abs(info.zbitpix) / 8)) throw new FitsCompressionError("BAD_STRUCTURE", "GZIP_COMPRESSED_DATA tile has the wrong length");
      return decodeRaw(info.zbitpix, be);
    }
    const unc = columns.uncompressed;
    const data = columns.gzipFallback ? third : second;
    if (unc && data && data.length > 0) {
      const size = ELEMENT_BYTES[unc.format.type];
      const bitpix = unc.format.type === "E" ? -32 : unc.format.type === "D" ? -64 : size * 8;
      if (data.length !== npix * size) throw new FitsCompressionError("BAD_STRUCTURE", "UNCOMPRESSED_DATA tile has the wrong length");
      return convert(decodeRaw(bitpix, data), info.zbitpix);
    }
    // An empty tile: every pixel null (NaN for floats, 0 for integers).
    const empty = allocRaw(info.zbitpix, npix);
    if (empty instanceof Float32Array || empty instanceof Float64Array) empty.fill(Number.NaN);
    return empty;
  } catch (e) {
    if (e instanceof FitsCompressionError && e.tile === undefined) {
      throw new FitsCompressionError(e.code, `tile ${index0}: ${e.message}`, { codec: e.codec ?? info.cmpType, tile: index0, cause: e });
    }
    throw e;
  }
}
