/**
 * Public surface of the ADQL 2.1 library: lexer, recursive-descent parser to an immutable typed
 * AST with source positions, the canonical printer, and the syntax error (IVOA ADQL 2.1 REC).
 */
export * from "./ast/index.js";
export { AdqlSyntaxError } from "./errors.js";
export { DEFAULT_MAX_LENGTH, tokenize } from "./lexer.js";
export { parseAdql, parseAdqlExpression } from "./parser/parse.js";
export { DEFAULT_MAX_DEPTH, type ParseOptions } from "./parser/state.js";
export { printCondition, printIdentifier, printValue, toAdql } from "./printer.js";
export { ADQL_RESERVED, isReserved, SQL_RESERVED } from "./reserved.js";
export type { Token, TokenKind } from "./tokens.js";
export { type Analysis, checkQuery, type CheckOptions, type OutputColumn } from "./check/checker.js";
export { AdqlCheckError } from "./check/errors.js";
export { type ColumnMeta, type PixelIndex, type PositionColumns, type SchemaColumn, type SchemaLookup, type SchemaTable, staticLookup } from "./check/schema.js";
export { type AdqlType, metaOfType, typeOfColumn } from "./check/types.js";
export { type CompiledQuery, compileQuery } from "./compile/compiler.js";
export type { BoundValue, SqlDialect } from "./compile/dialect.js";
export { AdqlFunctionError, parseGeometry } from "./compile/geometry-functions.js";
export { POSTGRES_ADQL_FUNCTIONS, POSTGRES_DIALECT } from "./compile/postgres.js";
export { SQLITE_DIALECT_FUNCTIONS } from "./compile/scalar-functions.js";
export { SQLITE_DIALECT } from "./compile/sqlite.js";
export { type TranslatedQuery, type TranslateOptions, translateAdql } from "./translate.js";
