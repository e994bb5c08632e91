/** Public surface of the registry: the interface, opening a registry, and query option types. */
export { openRegistry, type OpenRegistryOptions, type RegistryLocation } from "./open.js";
export type { ConflictMode, DatasetQueryOptions, DimensionRecord, InsertDatasetItem, QueryOptions, Registry, SkyRegionQuery } from "./registry.js";
export { RegistryError } from "./sql-registry/context.js";
export { quoteIdent, type SqlDatabase, type SqlExecutor, type SqlValue } from "./sql/database.js";
export { QueryTimeoutError, type ReadSession, type StreamOptions, type TempColumn, type TempValue } from "./sql/read-session.js";
