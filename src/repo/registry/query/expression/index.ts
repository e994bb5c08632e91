/**
 * Public surface of the Butler query expression language (lsst-image-services.md §2.5): parse
 * "where" strings and ORDER BY terms, check them against the registry's names and bind values,
 * compile them to SQL through ExpressionSqlTarget. See README.md for the map.
 */
import { checkExpression, type CheckOptions } from "./check.js";
import { type CompileOptions, compileExpression, type ExpressionSqlTarget, type SqlFragment } from "./compile.js";
import { type ParseOptions, parseExpression } from "./parser.js";

export type {
  ArithmeticOp,
  BinaryNode,
  BinaryOp,
  BindNode,
  BooleanNode,
  CallNode,
  ComparisonOp,
  Expression,
  FloatNode,
  IdentifierNode,
  InNode,
  IntegerNode,
  LogicalNode,
  NullNode,
  OrderByTermNode,
  RangeNode,
  StringNode,
  TimeNode,
  TupleNode,
  UnaryNode,
  UnaryOp,
} from "./ast.js";
export { summarize } from "./ast.js";
export { checkExpression, type CheckOptions, MAX_IN_VALUES, RANGE_EXPAND_LIMIT } from "./check.js";
export type { CheckedExpr, CheckedOrderTerm, ColumnExpr, IntRange, ScalarValue, TimespanBoundExpr } from "./checked.js";
export { FUNCTION_NAMES } from "./check-functions.js";
export { type BindParam, type CompileOptions, compileExpression, compileOrderBy, type ExpressionSqlTarget, globForSqlite, globToRegex, type SqlFragment } from "./compile.js";
export { ExpressionCheckError, ExpressionError, type ExpressionErrorKind, ExpressionSyntaxError, type SourcePosition } from "./errors.js";
export { KEYWORDS, MAX_EXPRESSION_LENGTH, type Token, tokenize } from "./lexer.js";
export {
  closestNames,
  createTableLookup,
  type DimensionUniverseLookup,
  editDistance,
  type LookupElementShape,
  type LookupTableEntry,
  lookupFromElements,
  type ScalarType,
  type ValueType,
} from "./lookup.js";
export { canonicalUuid, type TimeBindValue, timeBind } from "./operands.js";
export { checkOrderBy } from "./order-by.js";
export { MAX_DEPTH, type ParseOptions, parseExpression, parseOrderByTerm } from "./parser.js";
export { boxRegion, circleRegion, parseSiaPos, pointRegion, polygonRegion, type RaDecDeg, RegionValueError, rangeRegion, regionFromBind, type SphereRegionValue } from "./region.js";
export {
  formatIso,
  mjdTaiFromTai,
  parseTimeLiteral,
  type TaiNs,
  taiFromDate,
  taiFromIso,
  taiFromJd,
  taiFromMjd,
  taiFromUnix,
  taiMinusUtcSeconds,
  TimeFormatError,
  type TimeFormat,
  type TimeScale,
} from "./time.js";

/** Everything compileWhere needs: lookup, binds, target and the parse limits. */
export interface CompileWhereOptions extends CheckOptions, ParseOptions, CompileOptions {
  readonly target: ExpressionSqlTarget;
}

/**
 * Parses, checks and compiles a "where" string in one call — what the registry's query methods use.
 * @example
 *   compileWhere("instrument = :inst AND visit IN (903334..903338)", { lookup, bind: { inst: "HSC" }, target })
 * @throws ExpressionSyntaxError or ExpressionCheckError (both UsageFault SkyportErrors).
 */
export function compileWhere(text: string, options: CompileWhereOptions): SqlFragment {
  const tree = parseExpression(text, options);
  const checked = checkExpression(tree, text, options);
  return compileExpression(checked, options.target, options);
}
