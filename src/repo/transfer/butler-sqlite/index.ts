/** Public surface of the Butler SQLite converter: reading a Gen3 registry file into a Skyport registry. */
export { type ConvertOptions, convertButlerSqlite } from "./convert.js";
export type { CollectionReport, ConversionReport, DatasetTypeReport, ElementReport, FieldNote, SkipNote } from "./report.js";
export { formatConversionReport } from "./report.js";
export { ButlerSqliteError } from "./source.js";
