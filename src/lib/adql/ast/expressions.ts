/**
 * Value-expression and condition nodes of the ADQL AST (ADQL 2.1 §2.2: value expressions,
 * functions §2.3–§2.4, geometry §4.2, predicates and search conditions). Conditions and values
 * are separate unions: `WHERE CONTAINS(…)` without `= 1` is not a condition (§4.2.4).
 */
import type { Identifier, SourcePosition } from "./common.js";
import type { Query } from "./query.js";

/** Unsigned numeric literal; `text` is as written (`12`, `.5`, `1E-5`, or `0x1F` with draft features). */
export interface NumberLiteral { readonly kind: "number"; readonly text: string; readonly pos: SourcePosition }
/** String literal, `value` unescaped. */
export interface StringLiteral { readonly kind: "string"; readonly value: string; readonly pos: SourcePosition }
/** The NULL value (allowed as a select item and argument, ADQL 2.0 erratum 4). */
export interface NullLiteral { readonly kind: "null"; readonly pos: SourcePosition }
/** Column reference, `parts` = [[[catalog.]schema.]table.]column. */
export interface ColumnRef { readonly kind: "column"; readonly parts: readonly Identifier[]; readonly pos: SourcePosition }
/** Unary sign (`~` is a draft-only bitwise NOT). */
export interface UnaryExpr { readonly kind: "unary"; readonly op: "+" | "-" | "~"; readonly operand: ValueExpr; readonly pos: SourcePosition }
/** Binary operators; `& | ^` are draft-only bitwise operators. */
export type BinaryOp = "+" | "-" | "*" | "/" | "||" | "&" | "|" | "^";
/** Arithmetic, concatenation or bitwise operation. */
export interface BinaryExpr { readonly kind: "binary"; readonly op: BinaryOp; readonly left: ValueExpr; readonly right: ValueExpr; readonly pos: SourcePosition }
/** A parenthesised value expression (kept so printing preserves the user's grouping). */
export interface ParenExpr { readonly kind: "paren"; readonly expr: ValueExpr; readonly pos: SourcePosition }
/** A built-in function: math, trig, string, COALESCE, IN_UNIT or geometry (names upper-case). */
export interface FunctionCall {
  readonly kind: "function";
  readonly name: string;
  /** The optional, deprecated leading coordinate-system literal of POINT/CIRCLE/BOX/POLYGON. */
  readonly coordSys: StringLiteral | undefined;
  readonly args: readonly ValueExpr[];
  readonly pos: SourcePosition;
}
/** Set function; `arg` undefined means COUNT(*). */
export interface AggregateCall {
  readonly kind: "aggregate";
  readonly name: "COUNT" | "SUM" | "AVG" | "MIN" | "MAX";
  readonly quantifier: "ALL" | "DISTINCT" | undefined;
  readonly arg: ValueExpr | undefined;
  readonly pos: SourcePosition;
}
/** User-defined function call (ADQL 2.1 §2.4.5); `name` as written. */
export interface UdfCall { readonly kind: "udf"; readonly name: string; readonly args: readonly ValueExpr[]; readonly pos: SourcePosition }
/** CAST target type, e.g. VARCHAR(16), DOUBLE PRECISION. */
export interface CastTarget { readonly name: string; readonly length: number | undefined }
/** CAST(x AS type) (optional feature adql-type). */
export interface CastExpr { readonly kind: "cast"; readonly operand: ValueExpr; readonly target: CastTarget; readonly pos: SourcePosition }
/** A parenthesised query used as a value. */
export interface ScalarSubquery { readonly kind: "subquery"; readonly query: Query; readonly pos: SourcePosition }
/** One WHEN … THEN … arm; `when` is a value (simple CASE) or a condition (searched CASE). */
export interface CaseWhen { readonly when: ValueExpr | Condition; readonly result: ValueExpr }
/** CASE expression (draft feature, not in the ADQL 2.1 REC; only with `draftFeatures`). */
export interface CaseExpr {
  readonly kind: "case";
  readonly operand: ValueExpr | undefined;
  readonly whens: readonly CaseWhen[];
  readonly otherwise: ValueExpr | undefined;
  readonly pos: SourcePosition;
}

/** Any value expression. */
export type ValueExpr =
  | NumberLiteral | StringLiteral | NullLiteral | ColumnRef | UnaryExpr | BinaryExpr | ParenExpr
  | FunctionCall | AggregateCall | UdfCall | CastExpr | ScalarSubquery | CaseExpr;

/** Comparison operators (`!=` is normalised to `<>`). */
export type ComparisonOp = "=" | "<>" | "<" | ">" | "<=" | ">=";
/** `left op right`. */
export interface Comparison { readonly kind: "comparison"; readonly op: ComparisonOp; readonly left: ValueExpr; readonly right: ValueExpr; readonly pos: SourcePosition }
/** `operand [NOT] BETWEEN low AND high`. */
export interface Between { readonly kind: "between"; readonly not: boolean; readonly operand: ValueExpr; readonly low: ValueExpr; readonly high: ValueExpr; readonly pos: SourcePosition }
/** LIKE, or ILIKE when `insensitive`. */
export interface Like { readonly kind: "like"; readonly not: boolean; readonly insensitive: boolean; readonly operand: ValueExpr; readonly pattern: ValueExpr; readonly pos: SourcePosition }
/** `operand IS [NOT] NULL`. */
export interface IsNull { readonly kind: "isNull"; readonly not: boolean; readonly operand: ValueExpr; readonly pos: SourcePosition }
/** IN with a value list or a subquery. */
export interface In { readonly kind: "in"; readonly not: boolean; readonly operand: ValueExpr; readonly source: readonly ValueExpr[] | Query; readonly pos: SourcePosition }
/** `EXISTS (query)`. */
export interface Exists { readonly kind: "exists"; readonly query: Query; readonly pos: SourcePosition }
/** `left AND|OR right` (AND binds tighter than OR). */
export interface Logical { readonly kind: "logical"; readonly op: "AND" | "OR"; readonly left: Condition; readonly right: Condition; readonly pos: SourcePosition }
/** `NOT condition`. */
export interface Not { readonly kind: "not"; readonly operand: Condition; readonly pos: SourcePosition }
/** A parenthesised condition (kept so printing preserves grouping). */
export interface ParenCondition { readonly kind: "parenCondition"; readonly condition: Condition; readonly pos: SourcePosition }

/** Any search condition. */
export type Condition = Comparison | Between | Like | IsNull | In | Exists | Logical | Not | ParenCondition;

const CONDITION_KINDS: ReadonlySet<string> = new Set([
  "comparison", "between", "like", "isNull", "in", "exists", "logical", "not", "parenCondition",
]);

/** Whether a node is a condition rather than a value. */
export function isCondition(node: ValueExpr | Condition): node is Condition {
  return CONDITION_KINDS.has(node.kind);
}
