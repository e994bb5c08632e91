/**
 * Public surface of the WCS library (FITS World Coordinate Systems: Greisen & Calabretta 2002,
 * Calabretta & Greisen 2002, SIP, TPV). See README.md for the map of files.
 */
export { type WcsCard, type WcsCardOptions, wcsToCards } from "./cards.js";
export { celestialToNative, makeRotation, nativeToCelestial, type SphericalRotation } from "./celestial.js";
export { WcsError, type WcsErrorReason } from "./errors.js";
export { type FootprintOptions, footprint, isCounterClockwiseOnSky } from "./footprint.js";
export {
  convertFrame,
  type FrameSpec,
  frameMatrix,
} from "./frames.js";
export { type KeywordLookup, readWcsParams, type WcsHeaderOptions } from "./header.js";
export { type CelestialWcsSpec, celestialParams, makeCelestialParams, subimageParams } from "./params.js";
export { type CelestialCore, prepareWcs, type WcsCore } from "./prepared.js";
export { makeProjection, PROJECTION_CODES, type Projection, type ProjectionParams } from "./projections/index.js";
export { type CutoutRegion, type PixelBox1, boundaryRings, pixelScaleDeg, pixelsOutsideRegion, regionPixelBox } from "./region-pixels.js";
export {
  pixToWorld,
  pixToWorldArrays,
  pixToWorldN,
  worldToPix,
  worldToPixArrays,
  worldToPixN,
} from "./transform.js";
export type { CelestialFrame, SipParams, TpvParams, WcsParams } from "./types.js";
export { Wcs } from "./wcs.js";
