/**
 * Quantisation of floating-point tiles to integers and back (FITS 4.0 standard §10.2): a float
 * value v is stored as the integer i = round((v − ZZERO)/ZSCALE + r − 0.5) and restored as
 * (i − r + 0.5)·ZSCALE + ZZERO, where r is the subtractive-dither value of that pixel (r = 0.5 with
 * NO_DITHER, i.e. plain rounding). SUBTRACTIVE_DITHER_2 keeps exact zeros as the reserved integer
 * ZERO_VALUE. Null (NaN) pixels are stored as ZBLANK. ZSCALE is the tile's noise divided by the
 * quantize level q (White & Greenfield 1999; Pence, White & Seaman 2010), the noise being a
 * MAD-based estimate from second-order differences (Stoehr et al. 2008, "DER_SNR").
 */
import { DitherCursor } from "./dither.js";

/** The ZQUANTIZ methods. */
export type QuantizeMethod = "NO_DITHER" | "SUBTRACTIVE_DITHER_1" | "SUBTRACTIVE_DITHER_2";

/** Integer standing for a null pixel when ZBLANK is not given otherwise (§10.2). */
export const NULL_VALUE = -2147483647;
/** Integer standing for an exact 0.0 with SUBTRACTIVE_DITHER_2 (§10.2.2). */
export const ZERO_VALUE = -2147483646;

/** How one tile was quantised. */
export interface TileQuantization {
  readonly method: QuantizeMethod;
  readonly zscale: number;
  readonly zzero: number;
  /** The integer of null pixels, or undefined when nulls are not flagged. */
  readonly zblank: number | undefined;
  /** 1-based tile (row) number, which picks the dither start. */
  readonly tile1: number;
  /** ZDITHER0 (1…10000). */
  readonly zdither0: number;
}

/**
 * Restores floats from quantised integers into `out` (float32 results are rounded from the double
 * computation, as the standard's reference implementation does).
 */
export function unquantize(ints: Int32Array, out: Float32Array | Float64Array, q: TileQuantization): void {
  const n = ints.length;
  const { zscale, zzero } = q;
  const blank = q.zblank ?? Number.NaN; // NaN never equals an integer: no null test
  if (q.method === "NO_DITHER") {
    for (let i = 0; i < n; i++) {
      const v = ints[i]!;
      out[i] = v === blank ? Number.NaN : v * zscale + zzero;
    }
    return;
  }
  const cursor = new DitherCursor(q.tile1, q.zdither0);
  const keepZero = q.method === "SUBTRACTIVE_DITHER_2";
  for (let i = 0; i < n; i++) {
    const v = ints[i]!;
    const r = cursor.nextValue();
    if (v === blank) out[i] = Number.NaN;
    else if (keepZero && v === ZERO_VALUE) out[i] = 0;
    else out[i] = (v - r + 0.5) * zscale + zzero;
  }
}

/** Median of the first `n` values of `a` (sorted in place). */
function median(a: Float64Array, n: number): number {
  const s = a.subarray(0, n).sort();
  if (n === 0) return Number.NaN;
  return n % 2 === 1 ? s[(n - 1) >> 1]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
}

/** σ of Gaussian noise from the median of |2x_i − x_{i−2} − x_{i+2}| (DER_SNR constant). */
const MAD2_TO_SIGMA = 0.6052697;
/** σ from the median of first differences |x_{i+1} − x_i|: 1/(√2 · 0.6745). */
const MAD1_TO_SIGMA = 1.0483579;

/**
 * Estimates the noise σ of a tile of `rowLength`-pixel rows, ignoring NaNs: the MAD of
 * second-order differences along rows, falling back to first differences for rows shorter than 5.
 * Returns 0 for constant data and NaN when there are too few finite pixels.
 */
export function estimateNoise(values: Float32Array | Float64Array, rowLength: number): number {
  const n = values.length;
  const buf = new Float64Array(n);
  let m = 0;
  if (rowLength >= 5) {
    for (let r = 0; r + rowLength <= n; r += rowLength) {
      for (let i = r + 2; i < r + rowLength - 2; i++) {
        const d = 2 * values[i]! - values[i - 2]! - values[i + 2]!;
        if (Number.isFinite(d)) buf[m++] = Math.abs(d);
      }
    }
    if (m > 0) return MAD2_TO_SIGMA * median(buf, m);
  }
  for (let i = 1; i < n; i++) {
    const d = values[i]! - values[i - 1]!;
    if (Number.isFinite(d)) buf[m++] = Math.abs(d);
  }
  return m > 0 ? MAD1_TO_SIGMA * median(buf, m) : Number.NaN;
}

/** Result of quantising one tile; undefined from quantizeTile when it cannot be quantised. */
export interface QuantizedTile {
  readonly ints: Int32Array;
  readonly quantization: TileQuantization;
  /** True when some pixel is null (so ZBLANK must be written). */
  readonly hasNull: boolean;
}

/** Largest integer span quantised values may cover (keeps clear of the reserved values). */
const MAX_SPAN = 2 ** 31 - 16;

/**
 * Quantises a float tile with quantize level `q` (> 0: ZSCALE = noise / q). Returns undefined when
 * the tile is constant, has no finite pixels, or spans too many steps: the caller then stores it
 * losslessly (GZIP_COMPRESSED_DATA), as the standard allows.
 */
export function quantizeTile(
  values: Float32Array | Float64Array,
  rowLength: number,
  q: number,
  method: QuantizeMethod,
  tile1: number,
  zdither0: number,
): QuantizedTile | undefined {
  const n = values.length;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let hasNull = false;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) hasNull = true;
    else if (!Number.isFinite(v)) return undefined; // ±Inf cannot be quantised
    else {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!(max > min)) return undefined;
  const noise = estimateNoise(values, rowLength);
  if (!(noise > 0) || !Number.isFinite(noise)) return undefined;
  const zscale = noise / q;
  if ((max - min) / zscale > MAX_SPAN) return undefined;
  const zzero = min;
  const quantization: TileQuantization = { method, zscale, zzero, zblank: hasNull ? NULL_VALUE : undefined, tile1, zdither0 };
  const ints = new Int32Array(n);
  if (method === "NO_DITHER") {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      ints[i] = Number.isNaN(v) ? NULL_VALUE : Math.round((v - zzero) / zscale);
    }
  } else {
    const cursor = new DitherCursor(tile1, zdither0);
    const keepZero = method === "SUBTRACTIVE_DITHER_2";
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      const r = cursor.nextValue();
      if (Number.isNaN(v)) ints[i] = NULL_VALUE;
      else if (keepZero && v === 0) ints[i] = ZERO_VALUE;
      else ints[i] = Math.round((v - zzero) / zscale + r - 0.5);
    }
  }
  return { ints, quantization, hasNull };
}
