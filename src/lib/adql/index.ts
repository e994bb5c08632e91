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
