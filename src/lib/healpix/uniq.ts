/**
 * NUNIQ packing of (order, NESTED ipix) into one integer, uniq = 4·4^order + ipix (MOC 2.0 REC
 * §4.3.1). Each function has a checked form (validates, throws HealpixError) and an unchecked
 * twin for hot loops, per STYLE.md §2. Number forms cover orders 0..24 (uniq < 2^51), bigint forms 0..29.
 */
import { checkOrder, checkPixel, checkPixelBig, HealpixError, MAX_ORDER, MAX_NUMBER_ORDER } from "./order.js";

/** uniq of (order, ipix) without checks; exact for order ≤ 24. */
export function toUniqUnchecked(order: number, ipix: number): number {
  return 4 * 4 ** order + ipix;
}

/** uniq of (order 0..24, NESTED ipix); throws HealpixError on bad input. */
export function toUniq(order: number, ipix: number): number {
  checkOrder(order);
  checkPixel(order, ipix);
  return toUniqUnchecked(order, ipix);
}

/** (order, ipix) of a uniq value without checks (uniq ≥ 4 assumed). */
export function fromUniqUnchecked(uniq: number): { order: number; ipix: number } {
  let b = Math.floor(Math.log2(uniq));
  // log2 may round up just below a power of two: correct on integers.
  if (2 ** b > uniq) b--;
  else if (2 ** (b + 1) <= uniq) b++;
  const order = (b >> 1) - 1;
  return { order, ipix: uniq - 4 * 4 ** order };
}

/** (order, ipix) of a uniq number (order ≤ 24); throws HealpixError for values that are not uniq. */
export function fromUniq(uniq: number): { order: number; ipix: number } {
  if (!Number.isInteger(uniq) || uniq < 4 || uniq >= 16 * 4 ** MAX_NUMBER_ORDER) {
    throw new HealpixError(`not a NUNIQ value for order ≤ ${MAX_NUMBER_ORDER}: ${uniq}`);
  }
  // Every integer ≥ 4 is the uniq of exactly one cell, so the range check above suffices.
  return fromUniqUnchecked(uniq);
}

/** uniq of (order, ipix) as bigint without checks. */
export function toUniqBigUnchecked(order: number, ipix: bigint): bigint {
  return (4n << BigInt(2 * order)) + ipix;
}

/** uniq of (order 0..29, NESTED ipix) as bigint; throws HealpixError on bad input. */
export function toUniqBig(order: number, ipix: bigint): bigint {
  checkOrder(order, MAX_ORDER);
  checkPixelBig(order, ipix);
  return toUniqBigUnchecked(order, ipix);
}

function bitLength(v: bigint): number {
  let n = 0;
  let x = v;
  while (x >= 4294967296n) {
    x >>= 32n;
    n += 32;
  }
  return n + (x === 0n ? 0 : Math.floor(Math.log2(Number(x))) + 1);
}

/** (order, ipix) of a bigint uniq without checks (uniq ≥ 4 assumed). */
export function fromUniqBigUnchecked(uniq: bigint): { order: number; ipix: bigint } {
  const order = ((bitLength(uniq) - 1) >> 1) - 1;
  return { order, ipix: uniq - (4n << BigInt(2 * order)) };
}

/** (order 0..29, ipix) of a bigint uniq; throws HealpixError for values that are not uniq. */
export function fromUniqBig(uniq: bigint): { order: number; ipix: bigint } {
  if (uniq < 4n || uniq >= 16n << 58n) throw new HealpixError(`not a NUNIQ value for order ≤ 29: ${uniq}`);
  return fromUniqBigUnchecked(uniq);
}
