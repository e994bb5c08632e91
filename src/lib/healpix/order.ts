/**
 * HEALPix resolution parameters and argument checks (Górski et al. 2005, ApJ 622, 759, §3–4):
 * order k (a.k.a. depth), nside = 2^k, npix = 12·nside². Two integer regimes, documented here
 * once for the whole library:
 *
 * - **Number API** (`ang2pix`, `pix2ang`, `nest2ring`, `neighbours`, ...): orders 0..24, where every
 *   pixel index (< 12·4^24 ≈ 3.4e15) is an exact JS number (< 2^53). Orders above throw.
 * - **BigInt API** (`…Big`): orders 0..29 (npix at 29 = 12·4^29 ≈ 3.46e18 > 2^53), exact through
 *   BigInt. Hot paths stay in Number arithmetic anyway: a pixel's face and in-face coordinates
 *   (ix, iy < 2^29) are exact numbers, and a NESTED index is assembled from two 32-bit words; only
 *   the final value (and RING start offsets, i² up to 2^62) use BigInt.
 * - **Batch API** (`radec2pixBatch`): any order, writing int64 results straight into a
 *   BigInt64Array through its 32-bit word view, with no per-point BigInt allocation.
 */

/** The deepest order supported at all (nside 2^29, as MOC 2.0 and healpy allow). */
export const MAX_ORDER = 29;
/** The deepest order whose pixel indices are exact JS numbers. */
export const MAX_NUMBER_ORDER = 24;

/** A pixel numbering scheme: NESTED (hierarchical, Z-order within 12 base faces) or RING. */
export type HealpixScheme = "nested" | "ring";

/** An invalid HEALPix argument (order, pixel index, angle). Extends RangeError. */
export class HealpixError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "HealpixError";
  }
}

/** 2^k for k = 0..63 (nside and powers of four as table lookups: `**` is a call in hot loops). */
export const POW2: readonly number[] = Array.from({ length: 64 }, (_, k) => 2 ** k);

/** nside = 2^order. */
export function nsideOf(order: number): number {
  return 2 ** order;
}

/** Number of pixels 12·4^order (exact as a number up to order 26). */
export function npixOf(order: number): number {
  return 12 * 4 ** order;
}

/** Number of pixels as a bigint, for any order. */
export function npixBig(order: number): bigint {
  return 12n << BigInt(2 * order);
}

/** Throws HealpixError unless order is an integer in [0, maxOrder]. */
export function checkOrder(order: number, maxOrder: number = MAX_NUMBER_ORDER): void {
  if (!Number.isInteger(order) || order < 0 || order > maxOrder) {
    const hint = maxOrder === MAX_NUMBER_ORDER ? " (use the …Big functions above order 24)" : "";
    throw new HealpixError(`HEALPix order must be an integer in [0, ${maxOrder}], got ${order}${hint}`);
  }
}

/** Throws HealpixError unless ipix is an integer in [0, 12·4^order). */
export function checkPixel(order: number, ipix: number): void {
  if (!Number.isInteger(ipix) || ipix < 0 || ipix >= npixOf(order)) {
    throw new HealpixError(`pixel index ${ipix} out of range [0, ${npixOf(order)}) at order ${order}`);
  }
}

/** Throws HealpixError unless ipix is in [0, 12·4^order). */
export function checkPixelBig(order: number, ipix: bigint): void {
  if (ipix < 0n || ipix >= npixBig(order)) {
    throw new HealpixError(`pixel index ${ipix} out of range [0, ${npixBig(order)}) at order ${order}`);
  }
}

/** Throws HealpixError unless 0 ≤ thetaRad ≤ π and phiRad is finite. */
export function checkAngles(thetaRad: number, phiRad: number): void {
  if (!(thetaRad >= 0 && thetaRad <= Math.PI) || !Number.isFinite(phiRad)) {
    throw new HealpixError(`colatitude must lie in [0, π] and longitude be finite, got theta=${thetaRad}, phi=${phiRad}`);
  }
}

/** Throws HealpixError unless -90 ≤ decDeg ≤ 90 and raDeg is finite. */
export function checkRaDec(raDeg: number, decDeg: number): void {
  if (!(decDeg >= -90 && decDeg <= 90) || !Number.isFinite(raDeg)) {
    throw new HealpixError(`dec must lie in [-90, 90] and ra be finite, got ra=${raDeg}, dec=${decDeg}`);
  }
}
