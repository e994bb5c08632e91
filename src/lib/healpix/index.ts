/**
 * Public surface of the HEALPix library (Górski et al. 2005): NESTED/RING indexing at orders
 * 0..29, neighbours, boundaries, disc/polygon/region coverage, NUNIQ, and MOC 2.0 space
 * coverage. Integer regimes (Number ≤ 24, BigInt ≤ 29, batch) are described in order.ts.
 */
export {
  checkOrder,
  type HealpixScheme,
  HealpixError,
  MAX_NUMBER_ORDER,
  MAX_ORDER,
  npixBig,
  npixOf,
  nsideOf,
} from "./order.js";
export {
  ang2pix,
  ang2pixBig,
  ang2pixUnchecked,
  nest2ring,
  nest2ringBig,
  pix2ang,
  pix2angBig,
  pix2radec,
  pix2radecBig,
  pix2vec,
  pix2vecBig,
  type RaDec,
  radec2pix,
  radec2pixBig,
  ring2nest,
  ring2nestBig,
  type ThetaPhi,
  vec2pix,
  vec2pixBig,
} from "./pixel.js";
export { radec2pixBatch } from "./batch.js";
export { neighbours, neighboursBig } from "./neighbours.js";
export { boundaries, boundariesBig } from "./boundaries.js";
export { type CoverOptions, coverRanges, coverRangesFlat, maxPixradRad, PIXRAD_FACTOR, visitCoverage } from "./coverage.js";
export { type QueryOptions, queryDisc, queryPolygon, queryRegion } from "./query.js";
export {
  fromUniq,
  fromUniqBig,
  fromUniqBigUnchecked,
  fromUniqUnchecked,
  toUniq,
  toUniqBig,
  toUniqBigUnchecked,
  toUniqUnchecked,
} from "./uniq.js";
export * from "./moc/index.js";
