/**
 * Public surface of the VOTable library (VOTable 1.4, DALI 1.1): the document model, the
 * streaming TABLEDATA/BINARY/BINARY2 writer, CSV/TSV writers, the reader, DALI xtype helpers and
 * the error types. See README.md for the map of files.
 */
export type {
  Bound,
  Cell,
  Coosys,
  Datatype,
  Field,
  FieldLike,
  Group,
  GroupItem,
  Info,
  Link,
  Param,
  Resource,
  RowSource,
  Table,
  Timesys,
  Values,
  ValuesOption,
  VOTableDocument,
} from "./model.js";
export { DATATYPES, VOTABLE_NAMESPACES, VOTABLE_NS } from "./model.js";
export { type ColumnShape, parseArraysize } from "./datatypes.js";
export { type SourcePosition, VOTableFormatError, VOTableModelError } from "./errors.js";
export {
  defaultAfterTable,
  primaryTable,
  type Serialization,
  type TableOutcome,
  type WriteOptions,
  writeVOTable,
  writeVOTableToString,
} from "./document-writer.js";
export { csvField, type DelimitedFormat, type DelimitedOptions, tsvField, writeDelimited } from "./csv.js";
export { DEFAULT_READ_LIMITS, documentTables, type ReadLimits, type ReadTable, readVOTable, readVOTableStream } from "./reader.js";
export {
  checkXtype,
  circleCell,
  type DaliCircle,
  type DaliPoint,
  formatAsciiMoc,
  formatTimestamp,
  intervalCell,
  parseAsciiMoc,
  parseCircle,
  parseDaliNumbers,
  parseInterval,
  parsePoint,
  parsePolygon,
  parseTimestamp,
  pointCell,
  polygonCell,
  XTYPE_RULES,
} from "./xtypes.js";
export { formatFloat32, formatFloat64, makeTextFormatter } from "./text-format.js";
export { escapeXmlAttr, escapeXmlText } from "./xml-escape.js";
export { base64Decode, base64Encode } from "./base64.js";
