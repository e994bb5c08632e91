/**
 * Raw → physical values for images and table columns (FITS 4.0 standard §4.4.2.5, §5.3): physical =
 * BZERO + BSCALE × raw, the unsigned-integer convention (§5.2.5, Table 11: BZERO = 2^(n−1) with
 * BSCALE = 1 gives unsigned types), and BLANK → NaN for scaled output. The element types follow
 * astropy's: scaled 8/16-bit data is float32 (computed in float32), 32/64-bit data float64.
 */
import type { FitsHeader } from "../header.js";
import type { RawArray } from "./bitpix.js";

/** Physical values: unscaled raw arrays, unsigned views, or scaled floats. */
export type PhysicalArray = RawArray | Int8Array | Uint16Array | Uint32Array | BigUint64Array;

/** Scaling of an array. `blank` is the raw null value (integer data only). */
export interface Scaling {
  readonly bscale: number;
  readonly bzero: number;
  /** BZERO exactly as written (bigint for 2^63), used by the unsigned convention. */
  readonly bzeroExact: number | bigint;
  readonly blank: bigint | undefined;
}

/** Reads BSCALE/BZERO/BLANK (or TSCALn/TZEROn/TNULLn when `suffix` is given, e.g. "3"). */
export function scalingFrom(h: FitsHeader, prefix: { scale: string; zero: string; blank: string } = { scale: "BSCALE", zero: "BZERO", blank: "BLANK" }): Scaling {
  const s = h.get(prefix.scale);
  const z = h.get(prefix.zero);
  const b = h.get(prefix.blank);
  return {
    bscale: typeof s === "number" ? s : typeof s === "bigint" ? Number(s) : 1,
    bzero: typeof z === "number" ? z : typeof z === "bigint" ? Number(z) : 0,
    bzeroExact: typeof z === "number" || typeof z === "bigint" ? z : 0,
    blank: typeof b === "bigint" ? b : typeof b === "number" && Number.isInteger(b) ? BigInt(b) : undefined,
  };
}

/** Which unsigned/signed-byte convention applies, if any (§5.2.5 Table 11). */
export function unsignedKind(bitpix: number, s: Scaling): "int8" | "uint16" | "uint32" | "uint64" | undefined {
  if (s.bscale !== 1) return undefined;
  const z = typeof s.bzeroExact === "bigint" ? s.bzeroExact : Number.isInteger(s.bzeroExact) ? BigInt(s.bzeroExact) : undefined;
  if (z === undefined) return undefined;
  if (bitpix === 8 && z === -128n) return "int8";
  if (bitpix === 16 && z === 32768n) return "uint16";
  if (bitpix === 32 && z === 2147483648n) return "uint32";
  if (bitpix === 64 && z === 9223372036854775808n) return "uint64";
  return undefined;
}

/** True when the scaling changes values (not BSCALE = 1, BZERO = 0). */
export function isScaled(s: Scaling): boolean {
  return s.bscale !== 1 || s.bzero !== 0;
}

/**
 * Applies the scaling. Unscaled integer data without BLANK comes back as is (same array); the
 * unsigned convention gives unsigned arrays with the sign bits flipped; other scaled integers, and
 * integers with a BLANK keyword, give float32 (BITPIX 8/16) or float64 (32/64) with BLANK → NaN
 * (as astropy does); scaled floats keep their width.
 */
export function toPhysical(bitpix: number, raw: RawArray, s: Scaling): PhysicalArray {
  const hasBlank = bitpix > 0 && s.blank !== undefined;
  if (!isScaled(s) && !hasBlank) return raw;
  const u = unsignedKind(bitpix, s);
  if (u !== undefined && !hasBlank) return toUnsigned(raw, u);
  const n = raw.length;
  const blank = bitpix > 0 ? s.blank : undefined;
  if (raw instanceof BigInt64Array) {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = raw[i]!;
      out[i] = blank !== undefined && r === blank ? Number.NaN : Number(r) * s.bscale + s.bzero;
    }
    return out;
  }
  if (bitpix === 8 || bitpix === 16 || bitpix === -32) {
    // float32 arithmetic, as numpy does for float32 arrays (a*b and a+b of float32 values computed
    // in double and rounded once give the float32 result exactly).
    const out = new Float32Array(n);
    const sc = Math.fround(s.bscale);
    const ze = Math.fround(s.bzero);
    const nb = blank === undefined ? Number.NaN : Number(blank);
    for (let i = 0; i < n; i++) {
      const r = raw[i] as number;
      if (r === nb) out[i] = Number.NaN;
      else {
        const m = sc === 1 ? r : Math.fround(r * sc);
        out[i] = ze === 0 ? m : m + ze;
      }
    }
    return out;
  }
  const out = new Float64Array(n);
  const nb = blank === undefined ? Number.NaN : Number(blank);
  for (let i = 0; i < n; i++) {
    const r = raw[i] as number;
    out[i] = r === nb ? Number.NaN : r * s.bscale + s.bzero;
  }
  return out;
}

function toUnsigned(raw: RawArray, kind: "int8" | "uint16" | "uint32" | "uint64"): PhysicalArray {
  // Flipping the sign bit is adding 2^(n-1) modulo 2^n.
  const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.byteLength).slice();
  const size = raw.BYTES_PER_ELEMENT;
  const msb = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? size - 1 : 0;
  for (let i = msb; i < bytes.length; i += size) bytes[i]! ^= 0x80;
  const n = raw.length;
  switch (kind) {
    case "int8": return new Int8Array(bytes.buffer, 0, n);
    case "uint16": return new Uint16Array(bytes.buffer, 0, n);
    case "uint32": return new Uint32Array(bytes.buffer, 0, n);
    default: return new BigUint64Array(bytes.buffer, 0, n);
  }
}
