/**
 * Header side of the tiled image compression convention (FITS 4.0 standard §10.1, Tables 31–35):
 * recognising a compressed-image BINTABLE (ZIMAGE = T), reading its compression parameters
 * (ZCMPTYPE, ZBITPIX, ZNAXISn, ZTILEn, ZNAMEi/ZVALi, ZQUANTIZ, ZDITHER0, ZBLANK/ZSCALE/ZZERO), and
 * presenting the header of the image it stands for, the way astropy's CompImageHDU.header does:
 * ZSIMPLE/ZTENSION/ZBITPIX/ZNAXISn/ZPCOUNT/ZGCOUNT/ZEXTEND/ZHECKSUM/ZDATASUM become their plain
 * keywords, and the table and compression keywords are dropped.
 */
import { Card } from "../card.js";
import { formatCard } from "../format.js";
import { FitsHeader, type HeaderValue } from "../header.js";
import { FitsCompressionError } from "./errors.js";
import type { QuantizeMethod } from "./quantize.js";

/** The ZCMPTYPE algorithms this module decodes. */
export type CompressionType = "RICE_1" | "GZIP_1" | "GZIP_2" | "PLIO_1" | "HCOMPRESS_1" | "NOCOMPRESS";

const TYPES: readonly CompressionType[] = ["RICE_1", "GZIP_1", "GZIP_2", "PLIO_1", "HCOMPRESS_1", "NOCOMPRESS"];

/** Largest number of axes accepted (the standard allows 999; real files use ≤ 3). */
const MAX_AXES = 16;

/** Compression parameters of a tile-compressed image, validated. */
export interface CompressedImageInfo {
  readonly cmpType: CompressionType;
  /** BITPIX of the uncompressed image. */
  readonly zbitpix: number;
  /** ZNAXISn in FITS order (axes[0] = ZNAXIS1, fastest). */
  readonly axes: readonly number[];
  /** ZTILEn in FITS order (default: whole rows, ZTILE1 = ZNAXIS1 and 1 elsewhere). */
  readonly tile: readonly number[];
  /** ZNAMEi → ZVALi (names upper-case). */
  readonly params: ReadonlyMap<string, HeaderValue>;
  /** ZQUANTIZ method, "NONE" when lossless floats, undefined when absent. */
  readonly quantize: QuantizeMethod | "NONE" | undefined;
  /** ZDITHER0 (default 1). */
  readonly zdither0: number;
  /** ZBLANK keyword value (used when there is no ZBLANK column). */
  readonly zblank: number | undefined;
  /** ZSCALE/ZZERO keywords (used when there are no such columns). */
  readonly zscale: number | undefined;
  readonly zzero: number | undefined;
  /** Number of table rows (NAXIS2), which must equal the tile count. */
  readonly rows: number;
}

/** True for a BINTABLE header with ZIMAGE = T and the mandatory ZBITPIX/ZNAXIS/ZCMPTYPE. */
export function isCompressedImageHeader(h: FitsHeader): boolean {
  const x = h.get("XTENSION");
  return (
    typeof x === "string" &&
    x.trim().toUpperCase() === "BINTABLE" &&
    h.get("ZIMAGE") === true &&
    typeof h.get("ZBITPIX") === "number" &&
    typeof h.get("ZNAXIS") === "number" &&
    typeof h.get("ZCMPTYPE") === "string"
  );
}

function intKey(h: FitsHeader, key: string, min: number, max: number, fallback?: number): number {
  const v = h.get(key);
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new FitsCompressionError(v === undefined ? "MISSING_KEYWORD" : "BAD_KEYWORD_VALUE", `${key} = ${String(v)} is not an integer in [${min}, ${max}]`);
  }
  return v;
}

function numKey(h: FitsHeader, key: string): number | undefined {
  const v = h.get(key);
  return typeof v === "number" ? v : typeof v === "bigint" ? Number(v) : undefined;
}

/** Reads and validates the compression keywords. Throws FitsCompressionError. */
export function compressedImageInfo(h: FitsHeader): CompressedImageInfo {
  if (!isCompressedImageHeader(h)) throw new FitsCompressionError("BAD_STRUCTURE", "not a tile-compressed image (ZIMAGE = T BINTABLE)");
  const raw = String(h.get("ZCMPTYPE")).trim().toUpperCase();
  // RICE_ONE is an early alias of RICE_1 still found in old files.
  const name = raw === "RICE_ONE" ? "RICE_1" : raw;
  const cmpType = TYPES.find((t) => t === name);
  if (!cmpType) throw new FitsCompressionError("UNSUPPORTED", `ZCMPTYPE = '${raw}' is not supported`);
  const zbitpix = intKey(h, "ZBITPIX", -64, 64);
  if (![8, 16, 32, 64, -32, -64].includes(zbitpix)) throw new FitsCompressionError("BAD_KEYWORD_VALUE", `ZBITPIX = ${zbitpix}`);
  const naxis = intKey(h, "ZNAXIS", 0, MAX_AXES);
  const axes: number[] = [];
  const tile: number[] = [];
  for (let i = 1; i <= naxis; i++) axes.push(intKey(h, `ZNAXIS${i}`, 0, 2 ** 40));
  for (let i = 1; i <= naxis; i++) {
    const t = intKey(h, `ZTILE${i}`, 1, 2 ** 40, i === 1 ? axes[0] || 1 : 1);
    tile.push(Math.min(t, Math.max(1, axes[i - 1]!)));
  }
  const params = new Map<string, HeaderValue>();
  for (let i = 1; i <= 999; i++) {
    const n = h.get(`ZNAME${i}`);
    if (typeof n !== "string") break;
    params.set(n.trim().toUpperCase(), h.get(`ZVAL${i}`) ?? null);
  }
  const q = h.get("ZQUANTIZ");
  let quantize: CompressedImageInfo["quantize"];
  if (typeof q === "string") {
    const m = q.trim().toUpperCase();
    if (m === "NONE" || m === "NO_DITHER" || m === "SUBTRACTIVE_DITHER_1" || m === "SUBTRACTIVE_DITHER_2") quantize = m;
    else throw new FitsCompressionError("UNSUPPORTED", `ZQUANTIZ = '${m}' is not supported`);
  }
  const zdither0 = intKey(h, "ZDITHER0", 0, 2 ** 31, 1);
  const zb = h.get("ZBLANK");
  const rows = intKey(h, "NAXIS2", 0, Number.MAX_SAFE_INTEGER);
  return {
    cmpType,
    zbitpix,
    axes,
    tile,
    params,
    quantize,
    zdither0,
    zblank: typeof zb === "number" && Number.isInteger(zb) ? zb : undefined,
    zscale: numKey(h, "ZSCALE"),
    zzero: numKey(h, "ZZERO"),
    rows,
  };
}

/** Keywords of the table structure, which the image header never shows. */
export const TABLE_KEYS = /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|THEAP|T(TYPE|FORM|UNIT|SCAL|ZERO|NULL|DIM|DISP|BCOL)\d+)$/;
/** Keywords of the compression convention itself. */
export const COMPRESSION_KEYS = /^(ZIMAGE|ZCMPTYPE|ZQUANTIZ|ZMASKCMP|ZTILE\d+|ZNAME\d+|ZVAL\d+|ZNAXIS\d+|ZSIMPLE|ZTENSION|ZBITPIX|ZNAXIS|ZPCOUNT|ZGCOUNT|ZEXTEND|ZBLOCKED|ZHECKSUM|ZDATASUM)$/;

function copyAs(card: Card | undefined, keyword: string, fallback: HeaderValue, comment = ""): Card {
  if (card && card.kind === "value") {
    const raw = card.raw;
    return new Card(keyword.padEnd(8, " ") + raw.slice(8));
  }
  return formatCard(keyword, fallback, comment);
}

/**
 * The header of the image a compressed HDU stands for (astropy CompImageHDU.header semantics):
 * SIMPLE = T when ZSIMPLE is present, else XTENSION from ZTENSION ('IMAGE'); BITPIX, NAXIS,
 * NAXISn from ZBITPIX/ZNAXIS/ZNAXISn; PCOUNT/GCOUNT (extensions) or EXTEND (primary) from their
 * Z-forms; then every other card in order, without the table and compression keywords and the
 * default EXTNAME 'COMPRESSED_IMAGE'; CHECKSUM/DATASUM carry ZHECKSUM/ZDATASUM when present
 * (at the table's CHECKSUM/DATASUM places, else appended). Differs from astropy only in placing
 * EXTEND after NAXISn (astropy appends it). ZBLANK and ZDITHER0 stay, as astropy keeps them.
 * Throws FitsCompressionError when the compression keywords are invalid.
 */
export function imageHeaderFromCompressed(h: FitsHeader): FitsHeader {
  const info = compressedImageInfo(h);
  const primary = h.has("ZSIMPLE");
  const out: Card[] = [];
  out.push(primary ? copyAs(h.getCard("ZSIMPLE"), "SIMPLE", true) : copyAs(h.getCard("ZTENSION"), "XTENSION", "IMAGE", "Image extension"));
  out.push(copyAs(h.getCard("ZBITPIX"), "BITPIX", info.zbitpix));
  out.push(copyAs(h.getCard("ZNAXIS"), "NAXIS", info.axes.length));
  for (const [i, n] of info.axes.entries()) out.push(copyAs(h.getCard(`ZNAXIS${i + 1}`), `NAXIS${i + 1}`, n));
  if (primary) {
    if (h.has("ZEXTEND")) out.push(copyAs(h.getCard("ZEXTEND"), "EXTEND", true));
  } else {
    out.push(copyAs(h.getCard("ZPCOUNT"), "PCOUNT", 0));
    out.push(copyAs(h.getCard("ZGCOUNT"), "GCOUNT", 1));
  }
  // astropy semantics: the image checksums (ZHECKSUM/ZDATASUM) take the place of the table's
  // CHECKSUM/DATASUM cards (or are appended); without them the table's cards stay as they are.
  const zsum: Record<string, Card | undefined> = { CHECKSUM: h.getCard("ZHECKSUM"), DATASUM: h.getCard("ZDATASUM") };
  for (const card of h.cards) {
    const k = card.keyword;
    if (card.kind === "continue") {
      out.push(card);
      continue;
    }
    if (TABLE_KEYS.test(k) || COMPRESSION_KEYS.test(k)) {
      if (k === "ZBLOCKED") out.push(copyAs(card, "BLOCKED", null));
      continue;
    }
    if (k === "EXTNAME" && String(card.value).trim() === "COMPRESSED_IMAGE") continue;
    const z = k === "CHECKSUM" || k === "DATASUM" ? zsum[k] : undefined;
    if (z) {
      out.push(copyAs(z, k, null));
      zsum[k] = undefined;
      continue;
    }
    out.push(card);
  }
  for (const [k, z] of Object.entries(zsum)) if (z) out.push(copyAs(z, k, null));
  return new FitsHeader(out);
}
