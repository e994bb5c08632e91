/**
 * Mask planes of the demo's images, numbered as afw's default mask dictionary numbers them (bit
 * index per plane, written as MP_<NAME> header cards, lsst-image-services.md §2.2).
 */

/** Plane name → bit index. */
export const MASK_PLANES = {
  BAD: 0,
  SAT: 1,
  INTRP: 2,
  CR: 3,
  EDGE: 4,
  DETECTED: 5,
  DETECTED_NEGATIVE: 6,
  SUSPECT: 7,
  NO_DATA: 8,
} as const;

export type MaskPlane = keyof typeof MASK_PLANES;

/** The bit value of a plane. */
export function maskBit(plane: MaskPlane): number {
  return 1 << MASK_PLANES[plane];
}

/** Pixels with any of these are left out of coadds. */
export const COADD_REJECT_BITS = maskBit("BAD") | maskBit("SAT") | maskBit("CR") | maskBit("NO_DATA");
