/** Public surface of butler-export YAML transfer: import and export. */
export { buildExport, type ExportOptions, exportYaml } from "./export.js";
export { ExportFormatError, type ImportOptions, type ImportReport, importExport, parseExport } from "./import.js";
