/**
 * NESTED numbering (Górski et al. 2005 §4, Fig. 3): ipix = f·4^order + the bit interleave of
 * (ix, iy), ix on the even bits. Indices are assembled from two 32-bit words (lo = interleave of
 * the low 16 bits of ix and iy, hi = the rest plus the face), so orders up to 29 never need more
 * than 32-bit integer operations; only the last step produces a number (order ≤ 24) or a bigint.
 */
import { POW2 } from "./order.js";
import type { Xyf } from "./xyf.js";

const TWO32 = 4294967296;

/** Spreads the low 16 bits of v to the even bit positions of a 32-bit word. */
export function spread16(v: number): number {
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

/** Gathers the even bits of a 32-bit word into 16 bits (inverse of spread16). */
export function compact16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/** The two 32-bit words (value = hi·2^32 + lo) of a NESTED index. */
export interface Words {
  hi: number;
  lo: number;
}

/** (f, ix, iy) at order → the NESTED index as two 32-bit words. */
export function xyfToNestWords(order: number, f: number, ix: number, iy: number, out: Words): void {
  const lo = (spread16(ix & 0xffff) | (spread16(iy & 0xffff) << 1)) >>> 0;
  if (order < 16) {
    const v = f * POW2[2 * order]! + lo;
    out.hi = Math.floor(v / TWO32);
    out.lo = v - out.hi * TWO32;
  } else {
    out.hi = (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) + f * POW2[2 * order - 32]!;
    out.lo = lo;
  }
}

/** (f, ix, iy) → NESTED index as a number (exact for order ≤ 24). */
export function xyfToNest(order: number, f: number, ix: number, iy: number): number {
  const lo = (spread16(ix & 0xffff) | (spread16(iy & 0xffff) << 1)) >>> 0;
  if (order <= 16) return f * POW2[2 * order]! + lo;
  const hi = spread16(ix >>> 16) | (spread16(iy >>> 16) << 1);
  return f * POW2[2 * order]! + hi * TWO32 + lo;
}

const scratchWords: Words = { hi: 0, lo: 0 };

/** (f, ix, iy) → NESTED index as a bigint (any order). */
export function xyfToNestBig(order: number, f: number, ix: number, iy: number): bigint {
  xyfToNestWords(order, f, ix, iy, scratchWords);
  return (BigInt(scratchWords.hi) << 32n) | BigInt(scratchWords.lo);
}

/** Two 32-bit words of a NESTED index → (f, ix, iy). */
export function nestWordsToXyf(order: number, hi: number, lo: number, out: Xyf): void {
  if (order < 16) {
    const v = hi * TWO32 + lo;
    const npface = POW2[2 * order]!;
    const f = Math.floor(v / npface);
    const rest = v - f * npface;
    out.f = f;
    out.ix = compact16(rest);
    out.iy = compact16(rest >>> 1);
  } else {
    const sh = 2 * order - 32;
    const f = Math.floor(hi / 2 ** sh);
    const hr = hi - f * 2 ** sh;
    out.f = f;
    out.ix = compact16(lo) + compact16(hr) * 65536;
    out.iy = compact16(lo >>> 1) + compact16(hr >>> 1) * 65536;
  }
}

/** NESTED index (number, order ≤ 24) → (f, ix, iy). */
export function nestToXyf(order: number, ipix: number, out: Xyf): void {
  const hi = Math.floor(ipix / TWO32);
  nestWordsToXyf(order, hi, ipix - hi * TWO32, out);
}

/** NESTED index (bigint, any order) → (f, ix, iy). */
export function nestBigToXyf(order: number, ipix: bigint, out: Xyf): void {
  nestWordsToXyf(order, Number(ipix >> 32n), Number(ipix & 0xffffffffn), out);
}
