/**
 * Tile-compressed float images with a noise level the generator already knows (FITS 4.0 §10.2,
 * SUBTRACTIVE_DITHER_1). `compressImage` estimates each tile's noise from the median of its second
 * differences, which costs about half of its time (a sort per tile); the demo knows its noise
 * exactly (sky noise, coadd depth), so here the floats are quantised with one ZSCALE = σ/q for the
 * whole image (written as ZSCALE/ZZERO keywords, which §10.2 allows when all tiles share them),
 * dithered with the standard's random sequence (the library's table, walked as DitherCursor does), the
 * integers handed to `compressImage` for lossless RICE_1 coding; the header is then re-labelled as
 * a quantised float image (ZBITPIX = −32, ZQUANTIZ, ZDITHER0, ZSCALE, ZZERO, ZBLANK).
 * A workaround for speed, kept here until the library offers a caller-supplied noise level.
 */
import { type Card, FitsHeader, formatCard, imageHdu, type WritableHdu } from "../../lib/fits/index.js";
import { compressImage, ditherTable, N_RANDOM, NULL_VALUE } from "../../lib/fits/compress/index.js";

/** Largest |value / ZSCALE| we quantise; beyond it the caller falls back to compressImage. */
const MAX_QUANTIZED = 2 ** 31 - 64;

/** Options of quantizedFloatHdu. */
export interface KnownNoiseOptions {
  /** ZSCALE: the quantisation step, e.g. σ / 16 (same units as the data). */
  readonly zscale: number;
  /** ZDITHER0, 1…10000. */
  readonly zdither0: number;
  /** Tile shape [ZTILE1, ZTILE2] (edge tiles are cut short by the image). */
  readonly tile: readonly [number, number];
  /**
   * Store +Inf as the largest quantised value (≈ 2.1e9·ZSCALE) instead of giving up: for variance
   * planes, where +Inf means "no data" and any huge value gives the pixel no weight.
   */
  readonly clampInfinity?: boolean;
}

/**
 * Compresses a float32 image (IMAGE extension of `width`×`height`, `cards` as for imageHdu) with a
 * fixed ZSCALE; NaN pixels become ZBLANK. Returns undefined when a value would not fit the integer
 * range (the caller then uses compressImage's own quantisation).
 */
export function quantizedFloatHdu(data: Float32Array, width: number, height: number, cards: readonly Card[], o: KnownNoiseOptions): WritableHdu | undefined {
  if (!(o.zscale > 0) || !Number.isFinite(o.zscale)) return undefined;
  const ints = new Int32Array(data.length);
  const inv = 1 / o.zscale;
  const [tw, th] = o.tile;
  let hasNull = false;
  const table = ditherTable();
  let tile1 = 1;
  // Tiles in the order of the compressed table's rows (x fastest); within a tile, its pixels in
  // row-major order: the order the dither sequence of §10.2.2 walks, as DitherCursor does.
  for (let ty = 0; ty < height; ty += th) {
    for (let tx = 0; tx < width; tx += tw, tile1++) {
      // The tile starts at table entry (tile1 − 1 + ZDITHER0 − 1) mod N, which picks the first
      // offset; after the table's last entry the next seed picks a new start.
      let iseed = (tile1 - 1 + o.zdither0 - 1) % N_RANDOM;
      let k = Math.floor(table[iseed]! * 500);
      const xEnd = Math.min(width, tx + tw);
      const yEnd = Math.min(height, ty + th);
      for (let y = ty; y < yEnd; y++) {
        for (let i = y * width + tx, end = y * width + xEnd; i < end; i++) {
          const v = data[i]!;
          const q = v * inv;
          if (q < MAX_QUANTIZED && q > -MAX_QUANTIZED) {
            // NINT(q + r − 0.5) of the standard; Math.round(y) is floor(y + 0.5), so this is floor(q + r).
            ints[i] = Math.floor(q + table[k]!);
          } else if (Number.isNaN(v)) {
            ints[i] = NULL_VALUE;
            hasNull = true;
          } else if (o.clampInfinity && v === Number.POSITIVE_INFINITY) {
            ints[i] = MAX_QUANTIZED;
          } else {
            return undefined;
          }
          if (++k === N_RANDOM) {
            if (++iseed === N_RANDOM) iseed = 0;
            k = Math.floor(table[iseed]! * 500);
          }
        }
      }
    }
  }
  const hdu = imageHdu({ data: ints, shape: [width, height], primary: false, cards });
  const compressed = compressImage({ header: hdu.header, data: ints }, { algorithm: "RICE_1", tile: [tw, th] });
  const out: Card[] = [];
  for (const c of compressed.header.cards) {
    if (c.keyword === "ZBITPIX") {
      out.push(formatCard("ZBITPIX", -32, "data type of original image"));
      out.push(formatCard("ZQUANTIZ", "SUBTRACTIVE_DITHER_1", "pixel quantization algorithm"));
      out.push(formatCard("ZDITHER0", o.zdither0, "dithering offset when quantizing floats"));
      out.push(formatCard("ZSCALE", o.zscale, "scaling of quantized values", { float: true }));
      out.push(formatCard("ZZERO", 0, "offset of quantized values", { float: true }));
      if (hasNull) out.push(formatCard("ZBLANK", NULL_VALUE, "null value in the compressed integer array"));
    } else {
      out.push(c);
    }
  }
  return compressed.data ? { header: new FitsHeader(out), data: compressed.data } : { header: new FitsHeader(out) };
}
