/**
 * Block-average downsampling of a 2-D image for previews.
 *
 * Conventions (STYLE.md §2):
 * - Pixels are in FITS order: row-major, x (NAXIS1) fastest, row 0 = FITS row 1 = the *bottom* of
 *   the picture. Downsampling keeps that order; `stretch.ts` flips when rendering.
 * - A null is any non-finite value (NaN, ±Infinity) or, when `blank` is given, a value equal to it
 *   (raw integer data with the FITS BLANK keyword). Nulls are ignored inside a block; a block with
 *   no valid pixel becomes NaN.
 * - The block factor `f` is an integer ≥ 1, the same on both axes (aspect ratio kept). The output
 *   is ceil(width / f) × ceil(height / f); blocks on the right and top edges may be partial and
 *   average only the pixels that exist.
 */
import { checkInt, checkLength, ImageError } from "./errors.js";

/** Any numeric pixel buffer: Float32Array, Float64Array, Int16Array, Uint8Array, number[], ... */
export type Pixels = ArrayLike<number>;

/** A 2-D image in FITS order (row 0 = bottom), `data.length >= width * height`. */
export interface Image2D<T extends Pixels = Pixels> {
  readonly width: number;
  readonly height: number;
  readonly data: T;
}

/** A downsampled image: block averages, NaN where a block had no valid pixel. */
export interface DownsampledImage extends Image2D<Float64Array> {
  /** The block factor used (1 = copy). */
  readonly factor: number;
}

export interface DownsampleOptions {
  /** A value to treat as null besides non-finite ones (FITS BLANK for raw integer data). */
  readonly blank?: number;
}

/** Largest width/height accepted (2^24 pixels per axis; the product is limited by memory). */
export const MAX_AXIS = 1 << 24;

/**
 * The smallest integer block factor f ≥ 1 such that ceil(width/f) ≤ maxWidth and
 * ceil(height/f) ≤ maxHeight.
 */
export function blockFactor(width: number, height: number, maxWidth: number, maxHeight: number): number {
  checkInt("width", width, 1, MAX_AXIS);
  checkInt("height", height, 1, MAX_AXIS);
  checkInt("maxWidth", maxWidth, 1, MAX_AXIS);
  checkInt("maxHeight", maxHeight, 1, MAX_AXIS);
  return Math.max(1, Math.ceil(width / maxWidth), Math.ceil(height / maxHeight));
}

/** Output size for a block factor: [ceil(width/f), ceil(height/f)]. */
export function downsampledSize(width: number, height: number, factor: number): [number, number] {
  return [Math.ceil(width / factor), Math.ceil(height / factor)];
}

/** Row-at-a-time downsampler: holds one output row of sums and counts plus the output image. */
export interface Downsampler {
  readonly width: number;
  readonly height: number;
  readonly factor: number;
  readonly outWidth: number;
  readonly outHeight: number;
  /** Input rows pushed so far. */
  readonly rowsPushed: number;
  /** Bytes of working state besides the output image (the block-row accumulators). */
  readonly workingBytes: number;
  /** Adds the next input row (FITS order, bottom row first); reads `row[0 .. width-1]`. The row is not kept. */
  pushRow(row: Pixels): void;
  /** Adds `rowCount` consecutive rows stored row-major in `rows` (e.g. one section read). */
  pushRows(rows: Pixels, rowCount: number): void;
  /** The downsampled image; throws unless all `height` rows were pushed. */
  result(): DownsampledImage;
}

/**
 * Starts a streaming downsample of a width × height image by an integer block factor. Feed rows
 * bottom-first (FITS order) with `pushRow`/`pushRows`, then call `result()`. Memory: the output
 * (8 bytes per output pixel) plus 12 bytes per output column.
 */
export function createDownsampler(width: number, height: number, factor: number, options: DownsampleOptions = {}): Downsampler {
  checkInt("width", width, 1, MAX_AXIS);
  checkInt("height", height, 1, MAX_AXIS);
  checkInt("factor", factor, 1, MAX_AXIS);
  const [outWidth, outHeight] = downsampledSize(width, height, factor);
  const out = new Float64Array(outWidth * outHeight);
  const sums = new Float64Array(outWidth);
  const counts = new Uint32Array(outWidth);
  const blank = options.blank;
  const hasBlank = blank !== undefined && Number.isFinite(blank);
  let rows = 0;

  /** Writes the current block row to the output and clears the accumulators. */
  function flush(outRow: number): void {
    const base = outRow * outWidth;
    for (let i = 0; i < outWidth; i++) {
      const n = counts[i]!;
      out[base + i] = n === 0 ? Number.NaN : sums[i]! / n;
      sums[i] = 0;
      counts[i] = 0;
    }
  }

  /** Accumulates the row starting at `offset` in `src`. */
  function accumulate(src: Pixels, offset: number): void {
    if (rows >= height) throw new ImageError("BAD_ARGUMENT", `more than ${height} rows pushed`);
    let x = 0;
    for (let i = 0; i < outWidth; i++) {
      const end = Math.min(x + factor, width);
      let s = 0;
      let n = 0;
      for (; x < end; x++) {
        const v = src[offset + x]!;
        // v - v === 0 is false for NaN and ±Infinity (and for undefined, read as NaN).
        if (v - v === 0 && !(hasBlank && v === blank)) {
          s += v;
          n++;
        }
      }
      sums[i] = sums[i]! + s;
      counts[i] = counts[i]! + n;
    }
    rows++;
    if (rows % factor === 0 || rows === height) flush(Math.floor((rows - 1) / factor));
  }

  return {
    width,
    height,
    factor,
    outWidth,
    outHeight,
    get rowsPushed() {
      return rows;
    },
    workingBytes: sums.byteLength + counts.byteLength,
    pushRow(row: Pixels): void {
      if (row.length < width) throw new ImageError("BAD_ARGUMENT", `row holds ${row.length} values, fewer than width ${width}`);
      accumulate(row, 0);
    },
    pushRows(src: Pixels, rowCount: number): void {
      checkInt("rowCount", rowCount, 0, MAX_AXIS);
      checkLength("rows", src.length, width, rowCount);
      for (let r = 0; r < rowCount; r++) accumulate(src, r * width);
    },
    result(): DownsampledImage {
      if (rows !== height) throw new ImageError("BAD_ARGUMENT", `only ${rows} of ${height} rows pushed`);
      return { width: outWidth, height: outHeight, factor, data: out };
    },
  };
}

/** Block-averages a whole image by an integer factor (see the module header for nulls and edges). */
export function downsample(image: Image2D, factor: number, options: DownsampleOptions = {}): DownsampledImage {
  const d = createDownsampler(image.width, image.height, factor, options);
  checkLength("data", image.data.length, image.width, image.height);
  d.pushRows(image.data, image.height);
  return d.result();
}

/** Block-averages an image by the smallest integer factor that fits it in maxWidth × maxHeight. */
export function downsampleToFit(image: Image2D, maxWidth: number, maxHeight: number, options: DownsampleOptions = {}): DownsampledImage {
  return downsample(image, blockFactor(image.width, image.height, maxWidth, maxHeight), options);
}
