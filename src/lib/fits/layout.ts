/**
 * The structure an HDU header implies (FITS 4.0 standard §4.4.1, §7): kind, BITPIX, axis lengths,
 * PCOUNT/GCOUNT and the data size in bytes, validated so that no later allocation or read can be
 * sized by an absurd value. Axis lengths are in FITS order: axes[0] is NAXIS1 (fastest varying).
 */
import { FitsFormatError } from "./errors.js";
import type { FitsHeader } from "./header.js";

/** FITS block size in bytes (§3.1). */
export const BLOCK = 2880;
/** Allowed BITPIX values (§4.4.1.1, Table 8). */
export const BITPIX_VALUES: readonly number[] = [8, 16, 32, 64, -32, -64];

/** What an HDU holds. `groups` is the random-groups primary (§6); `other` an unknown XTENSION. */
export type HduKind = "image" | "bintable" | "table" | "groups" | "other";

/** Structural keywords of one HDU. */
export interface HduLayout {
  readonly kind: HduKind;
  /** True for the primary HDU (SIMPLE), false for extensions (XTENSION). */
  readonly primary: boolean;
  /** XTENSION value ("" for the primary). */
  readonly xtension: string;
  readonly bitpix: number;
  /** NAXISn in FITS order: axes[0] = NAXIS1. */
  readonly axes: readonly number[];
  readonly pcount: number;
  readonly gcount: number;
  /** Data size in bytes without the padding to 2880 (§4.4.1.1 Eq. 2). */
  readonly dataBytes: number;
}

/** Rounds a byte count up to whole 2880-byte blocks. */
export function padToBlock(n: number): number {
  return Math.ceil(n / BLOCK) * BLOCK;
}

function intKeyword(h: FitsHeader, key: string, hduIndex: number, min: number, max: number, fallback?: number): number {
  const v = h.get(key);
  if (v === undefined && fallback !== undefined) return fallback;
  if (v === undefined) throw new FitsFormatError("MISSING_KEYWORD", `missing ${key}`, { hduIndex });
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new FitsFormatError("BAD_KEYWORD_VALUE", `${key} = ${String(v)} is not an integer in [${min}, ${max}]`, { hduIndex });
  }
  return v;
}

/** Computes and validates the HDU layout. Throws FitsFormatError for missing or absurd values. */
export function hduLayout(h: FitsHeader, hduIndex: number): HduLayout {
  const first = h.cards[0];
  const primary = first?.keyword === "SIMPLE";
  if (!primary && first?.keyword !== "XTENSION") {
    throw new FitsFormatError("BAD_STRUCTURE", `HDU starts with ${JSON.stringify(first?.keyword ?? "")}, not SIMPLE/XTENSION`, { hduIndex });
  }
  const xtension = primary ? "" : String(h.get("XTENSION") ?? "").trim().toUpperCase();
  const bitpix = intKeyword(h, "BITPIX", hduIndex, -64, 64);
  if (!BITPIX_VALUES.includes(bitpix)) throw new FitsFormatError("BAD_KEYWORD_VALUE", `BITPIX = ${bitpix} is not allowed`, { hduIndex });
  const naxis = intKeyword(h, "NAXIS", hduIndex, 0, 999);
  const axes: number[] = [];
  for (let i = 1; i <= naxis; i++) axes.push(intKeyword(h, `NAXIS${i}`, hduIndex, 0, Number.MAX_SAFE_INTEGER));
  const groups = primary && naxis > 0 && axes[0] === 0 && h.get("GROUPS") === true;
  const pcount = intKeyword(h, "PCOUNT", hduIndex, 0, Number.MAX_SAFE_INTEGER, 0);
  const gcount = intKeyword(h, "GCOUNT", hduIndex, 0, Number.MAX_SAFE_INTEGER, 1);
  let kind: HduKind;
  if (groups) kind = "groups";
  else if (primary || xtension === "IMAGE" || xtension === "IUEIMAGE") kind = "image";
  else if (xtension === "BINTABLE" || xtension === "A3DTABLE") kind = "bintable";
  else if (xtension === "TABLE") kind = "table";
  else kind = "other";
  let elements = naxis === 0 ? 0 : 1;
  for (let i = groups ? 1 : 0; i < axes.length; i++) {
    elements *= axes[i]!;
    if (elements > Number.MAX_SAFE_INTEGER) throw new FitsFormatError("TOO_LARGE", "NAXISn product too large", { hduIndex });
  }
  // §4.4.1.1 Eq. 2; NAXIS = 0 means no data at all.
  const dataBytes = naxis === 0 ? 0 : (Math.abs(bitpix) / 8) * gcount * (pcount + elements);
  if (!Number.isSafeInteger(dataBytes)) throw new FitsFormatError("TOO_LARGE", "data size beyond 2^53 bytes", { hduIndex });
  if ((kind === "bintable" || kind === "table") && (naxis !== 2 || bitpix !== 8)) {
    throw new FitsFormatError("BAD_STRUCTURE", `${xtension} needs BITPIX = 8 and NAXIS = 2`, { hduIndex });
  }
  return { kind, primary, xtension, bitpix, axes, pcount, gcount, dataBytes };
}
