/** Public surface of the SODA service (see README.md). */
export { type CutoutPlan, type CutoutProvenance, type CutoutSpec, findImagePlane, planCutout, provenanceCards } from "./cutout.js";
export { sodaExecutor } from "./executor.js";
export { CUTOUT_DETAILS, CUTOUT_MIME, type CutoutDetail, type CutoutFormat, parseCutoutRequest, type SodaCutoutRequest } from "./params.js";
export {
  type CutoutCombination,
  type MosaicSource,
  type CutoutOutput,
  DEFAULT_SODA_LIMITS,
  type OpenedFile,
  type SodaDataset,
  type SodaDatasets,
  type SodaLimits,
  SodaService,
  type SodaServiceOptions,
} from "./service.js";
