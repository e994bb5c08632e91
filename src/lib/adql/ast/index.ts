/** Public surface of the ADQL AST types (ADQL 2.1 §2). */
export { type Identifier, type SourcePosition, sameIdentifier } from "./common.js";
export * from "./expressions.js";
export type * from "./query.js";
export { sameAst, withoutPositions } from "./compare.js";
