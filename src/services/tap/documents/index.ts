/**
 * Public surface of the TAP document layer: pure functions from data to TAP/VOSI/DALI documents
 * (output formats, streamed results, TAPRegExt capability, VOSI tables, TAP_SCHEMA rows, DALI
 * examples). No HTTP and no database; see README.md for the map. Error VOTables are rendered by
 * src/http/errors.ts (renderError with the "dali" dialect), not here.
 */
export {
  allowedResponseFormats,
  OUTPUT_FORMATS,
  type OutputFormatDescription,
  type OutputFormatId,
  type ResponseFormat,
  resolveResponseFormat,
} from "./formats.js";
export {
  type QueryResultInput,
  type ResultColumn,
  type ResultSummary,
  renderQueryResult,
  resultDocument,
  rowErrorMessage,
} from "./results.js";
export { jsonCellFormatter, jsonColumnMetadata } from "./json.js";
export {
  adqlLanguage,
  FEATURE_TYPES,
  type FeatureForm,
  type LanguageFeatures,
  type Limits,
  OBSCORE_DATA_MODEL,
  type TapCapabilityModel,
  type TapDataModel,
  type TapLanguage,
  TR_NS,
  tapAuxiliaryCapabilities,
  tapCapability,
  tapRegExtElements,
  UPLOAD_METHODS,
  uploadMethods,
} from "./capabilities.js";
export {
  adqlName,
  adqlTableName,
  arraysizeSize,
  type ColumnRow,
  type KeyColumnRow,
  type KeyRow,
  type SchemaRow,
  TAP_SCHEMA,
  type TableRow,
  type TapSchemaRows,
  tapSchemaRows,
  tapSchemaSelfDescription,
  withTapSchema,
} from "./tap-schema.js";
export { findTable, renderTableDocument, renderTableset, TABLES_NS, type TablesDetail } from "./tables.js";
export { EXAMPLES_VOCAB, type ExamplesOptions, publishedExamples, renderExamples, type TapExample } from "./examples.js";
export { SKYPORT_EXAMPLES } from "./examples-data.js";
