/**
 * Public surface of observation metadata: the ObsCore mapping configuration, the row builder, the
 * ObsCore/CAOM2/visit stores in the registry database, the live indexer hooks with rebuild, and the
 * TAP_SCHEMA description the TAP service publishes. See README.md for the map.
 */
export {
  type CalibLevel,
  DATALINK_FORMAT,
  DEFAULT_OBSCORE_CONFIG,
  formatTemplate,
  LSST_EXTRA_COLUMNS,
  type ObsCoreConfig,
  type ObsCoreDatasetTypeConfig,
  type ObsCoreExtraColumn,
  obsCoreConfig,
  publisherDids,
} from "./config.js";
export { type ObsCoreContext, registryContext, type RegistryContextOptions } from "./context.js";
export { type FootprintColumns, footprintColumns } from "./geometry.js";
export { fitsImageShape, type OpenedFile } from "./image-shape.js";
export { type ObsCoreRow, type ObsCoreValue, obsCoreRow, obsCoreRows } from "./rows.js";
export { OBSCORE_INDEX_ORDER, OBSCORE_PIX_TABLE, OBSCORE_TABLE, ObsCoreStore, type ObsCoreStoreOptions } from "./store.js";
export {
  createObsCoreIndexer,
  diffRows,
  type ObsCoreIndexer,
  type ObsCoreIndexerOptions,
  type ObsCoreTx,
  publishedDatasets,
  type RebuildReport,
} from "./indexer.js";
export { VISIT_TABLE, VISIT_TABLE_DESCRIPTION, VisitStore, visitRow } from "./visits.js";
export { extraTapColumns, obsCoreTapTable, tapSchemaDescription } from "./tables.js";
export { OBSCORE_COLUMNS, OBSCORE_MANDATORY, type SqlKind, type TapColumn, type TapKey, type TapSchemaDescription, type TapTable } from "./tap-schema.js";
export { Caom2Store, CAOM2_KEYS, CAOM2_TABLES } from "./caom2/index.js";
