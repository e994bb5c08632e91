/** Public surface of the TAP service (see README.md). */
export { type ExecuteOptions, executeAdql, type QueryResult } from "./execute.js";
export { parseTapRequest, type TapRequest, type TapRequestLimits } from "./params.js";
export { physicalColumnName, publishedColumnName, schemaTable, type SpatialKind, tapLookup } from "./schema-lookup.js";
export { ADQL_FEATURES, asQueryError, resultColumn, type TapLimits, type TapResponse, TapService, type StoredUploads, type TapServiceOptions, type UploadFetcher, type UploadFiles } from "./service.js";
export { tapExecutor } from "./executor.js";
