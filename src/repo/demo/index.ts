/**
 * Public surface of the demo data release (issue 5): `createDemoRelease` fills a repository with a
 * deterministic simulated survey of DemoCam; the catalogue, schedule, camera and skymap helpers are
 * exported so tests and tools can regenerate what the images should show. See README.md.
 */
export { BANDS, type Band, BAND_PHOTOMETRY, type DemoDetector, demoDetectors, INSTRUMENT, PIXEL_SCALE_ARCSEC, physicalFilter } from "./camera.js";
export { DEFAULT_COUNTS, generateTruthCatalog, type SourceKind, sourceMagAt, type TruthCatalogOptions, type TruthSource } from "./catalog.js";
export { detectorRegion, detectorWcs, visitRegion } from "./detector-wcs.js";
export { createDemoRelease, DemoError, type DemoOptions, type DemoSummary, demoDatasetId } from "./generate.js";
export { MASK_PLANES, type MaskPlane, maskBit } from "./mask.js";
export { COLLECTIONS, DATASET_TYPES, DEMO_GROUPS, demoPolicy, patchRegion, sphereRegion } from "./records.js";
export { type DemoVisit, FIELD_DEC_DEG, FIELD_RA_DEG, makeSchedule, medianFwhmByBand } from "./schedule.js";
export { type DemoPatch, type DemoTract, PATCH_BORDER_PIX, PATCH_INNER_PIX, patchAt, SKYMAP_NAME, tractContaining } from "./skymap.js";
