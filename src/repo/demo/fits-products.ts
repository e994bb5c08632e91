/**
 * FITS layouts of the demo's products. Exposures follow the afw layout (lsst-image-services.md
 * §2.2): an empty primary HDU holding the metadata, then IMAGE (float32, nJy, with the WCS), MASK
 * (int32, plane names in MP_* cards) and VARIANCE (float32, nJy**2) extensions. Raws hold one
 * 16-bit image extension (BZERO 32768) with its overscan. With compression (FITS 4.0 §10), float
 * planes are RICE_1 with quantize level 16 and SUBTRACTIVE_DITHER_1, masks and raws lossless RICE_1,
 * all in 128×128 tiles (cut-outs decode only the tiles they touch).
 * Every HDU carries DATASUM/CHECKSUM.
 */
import { type Card, emptyPrimaryHdu, formatCard, imageHdu, type WritableHdu, writeFits } from "../../lib/fits/index.js";
import { compressImage } from "../../lib/fits/compress/index.js";
import { type Wcs, wcsToCards } from "../../lib/wcs/index.js";
import { MASK_PLANES } from "./mask.js";
import { quantizedFloatHdu } from "./quantize-known-noise.js";
import { hashKey } from "./rng.js";

/** A header value as the demo writes it. */
export type CardValue = string | number | boolean;
/** Header entries: keyword, value, comment. */
export type CardList = readonly (readonly [string, CardValue, string])[];

/** Quantize level of float planes (ZSCALE = noise / 16): ~0.3 % added noise. */
export const QUANTIZE_LEVEL = 16;

/** How products are encoded. */
export interface EncodeOptions {
  readonly compress: boolean;
  /** Seeds ZDITHER0 so dithering is reproducible per product. */
  readonly ditherKey: string;
}

/** Cards from entries; integral JS numbers stay integers unless `floats` names the keyword. */
export function toCards(entries: CardList, floats: ReadonlySet<string> = new Set()): Card[] {
  return entries.map(([k, v, c]) => formatCard(k, v, c, floats.has(k) ? { float: true } : {}));
}

/** The WCS of an image as header cards. */
export function wcsCards(wcs: Wcs): Card[] {
  return wcsToCards(wcs).map((c) => formatCard(c.keyword, c.value, c.comment));
}

/**
 * Compression tile side: 128×128 tiles, so a cut-out decodes only the tiles it touches (a 300-px
 * cut of a 4k image reads ~0.5× its output instead of 3× with whole-row tiles; bench/soda).
 */
const TILE_SIDE = 128;

function tileOf(width: number, height: number): [number, number] {
  return [Math.min(TILE_SIDE, width), Math.min(TILE_SIDE, height)];
}

/** A lossless image extension (integers), RICE_1-compressed when asked. */
function losslessExtension(data: Int16Array | Int32Array, width: number, height: number, cards: readonly Card[], o: EncodeOptions): WritableHdu {
  const hdu = imageHdu({ data, shape: [width, height], primary: false, cards });
  if (!o.compress) return hdu;
  return compressImage({ header: hdu.header, data }, { algorithm: "RICE_1", tile: tileOf(width, height) });
}

/**
 * A float image extension. Compressed with a known noise σ (ZSCALE = σ / QUANTIZE_LEVEL, see
 * quantize-known-noise.ts) when `noise` is given, else with compressImage's own per-tile estimate.
 */
function floatExtension(data: Float32Array, width: number, height: number, cards: readonly Card[], o: EncodeOptions, noise: number | undefined): WritableHdu {
  const hdu = imageHdu({ data, shape: [width, height], primary: false, cards });
  if (!o.compress) return hdu;
  const name = String(cards.find((c) => c.keyword === "EXTNAME")?.value ?? "");
  const zdither0 = 1 + (hashKey([o.ditherKey, name]) % 10000);
  const tile = tileOf(width, height);
  const fast = noise === undefined ? undefined : quantizedFloatHdu(data, width, height, cards, { zscale: noise / QUANTIZE_LEVEL, zdither0, tile, clampInfinity: name === "VARIANCE" });
  return fast ?? compressImage({ header: hdu.header, data }, { algorithm: "RICE_1", quantizeLevel: QUANTIZE_LEVEL, quantizeMethod: "SUBTRACTIVE_DITHER_1", zdither0, tile });
}

/** The planes and headers of an exposure (visit image, difference image, coadd, bias). */
export interface ExposurePlanes {
  readonly width: number;
  readonly height: number;
  readonly image: Float32Array;
  readonly mask: Int32Array;
  readonly variance: Float32Array;
  /** Cards for the image planes (WCS); repeated on all three, as afw does. */
  readonly wcs: readonly Card[];
  /** BUNIT of the image ("nJy", "adu"); the variance gets its square. */
  readonly unit: string;
  /** Known noise σ of the image and of the variance plane, same units, when known (faster coding). */
  readonly imageNoise?: number;
  readonly varianceNoise?: number;
}

/** The three extensions of an exposure, encoded; MASK and VARIANCE can be shared between files. */
export interface ExposureHdus {
  readonly image: WritableHdu;
  readonly mask: WritableHdu;
  readonly variance: WritableHdu;
}

function planeCards(e: ExposurePlanes, name: string, extra: readonly Card[]): Card[] {
  return [formatCard("EXTNAME", name, "afw plane"), formatCard("EXTTYPE", name), formatCard("INHERIT", true), ...e.wcs, ...extra];
}

/** Encodes the IMAGE plane of an exposure. */
export function imagePlaneHdu(e: ExposurePlanes, o: EncodeOptions): WritableHdu {
  return floatExtension(e.image, e.width, e.height, planeCards(e, "IMAGE", [formatCard("BUNIT", e.unit, "pixel unit")]), o, e.imageNoise);
}

/** Encodes all three planes of an exposure. */
export function exposureHdus(e: ExposurePlanes, o: EncodeOptions): ExposureHdus {
  const planes = Object.entries(MASK_PLANES).map(([name, bit]) => formatCard(`MP_${name}`, bit, "mask plane bit"));
  return {
    image: imagePlaneHdu(e, o),
    mask: losslessExtension(e.mask, e.width, e.height, planeCards(e, "MASK", planes), o),
    variance: floatExtension(e.variance, e.width, e.height, planeCards(e, "VARIANCE", [formatCard("BUNIT", `${e.unit}**2`, "variance unit")]), o, e.varianceNoise),
  };
}

/** Writes an exposure file in the afw layout (see module header) from its metadata and planes. */
export function exposureFile(metadata: readonly Card[], hdus: ExposureHdus): AsyncGenerator<Uint8Array> {
  return writeFits([emptyPrimaryHdu(metadata), hdus.image, hdus.mask, hdus.variance], { checksum: true });
}

/** A raw frame: metadata in the primary, the 16-bit image (stored = ADU − 32768) in one extension. */
export function rawFits(stored: Int16Array, width: number, height: number, metadata: readonly Card[], imageCards: readonly Card[], o: EncodeOptions): AsyncGenerator<Uint8Array> {
  const cards = [
    formatCard("EXTNAME", "IMAGE", "raw pixels"),
    formatCard("BZERO", 32768, "unsigned 16-bit data"),
    formatCard("BSCALE", 1),
    formatCard("BUNIT", "adu", "pixel unit"),
    ...imageCards,
  ];
  return writeFits([emptyPrimaryHdu(metadata), losslessExtension(stored, width, height, cards, o)], { checksum: true });
}

/** A table product: metadata in the primary, then one BINTABLE. */
export function tableFits(metadata: readonly Card[], table: WritableHdu): AsyncGenerator<Uint8Array> {
  return writeFits([emptyPrimaryHdu(metadata), table], { checksum: true });
}
