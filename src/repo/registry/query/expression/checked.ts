/**
 * The checked form of an expression: names resolved to (element, field) columns, every node
 * typed, bind values substituted, IN ranges expanded, and timespan tests rewritten into plain
 * comparisons of begin/end columns (half-open [begin, end), TAI ns). It is what the compiler
 * turns into SQL (lsst-image-services.md §2.5); only regions still need the registry's geometry.
 */
import type { ArithmeticOp, ComparisonOp } from "./ast.js";
import type { SourcePosition } from "./errors.js";
import type { ScalarType } from "./lookup.js";
import type { SphereRegionValue } from "./region.js";

/**
 * A literal or bound value: int → number or bigint, float → number, string → string,
 * bool → boolean, datetime → bigint TAI ns since 1970 TAI, uuid → lower-case canonical string.
 */
export type ScalarValue = number | bigint | string | boolean;

interface Base {
  readonly pos: SourcePosition;
}

/** A scalar column: `field` null means the dimension's primary key value (`visit`). */
export interface ColumnExpr extends Base {
  readonly kind: "column";
  readonly element: string;
  readonly field: string | null;
  readonly type: ScalarType;
}

/** The begin or end column of an element's timespan field (TAI ns). */
export interface TimespanBoundExpr extends Base {
  readonly kind: "timespan-bound";
  readonly element: string;
  readonly field: string;
  readonly bound: "begin" | "end";
  readonly type: "datetime";
}

/** A value for a bound parameter. */
export interface ValueExpr extends Base {
  readonly kind: "value";
  readonly type: ScalarType;
  readonly value: ScalarValue;
}

/** Arithmetic; int op int stays int (SQL integer division for '/'). */
export interface ArithmeticExpr extends Base {
  readonly kind: "arith";
  readonly op: ArithmeticOp;
  readonly left: CheckedExpr;
  readonly right: CheckedExpr;
  readonly type: "int" | "float";
}

/** Unary minus on a non-constant number (constants are folded). */
export interface NegateExpr extends Base {
  readonly kind: "negate";
  readonly operand: CheckedExpr;
  readonly type: "int" | "float";
}

/** A comparison of two compatible scalars. */
export interface CompareExpr extends Base {
  readonly kind: "compare";
  readonly op: ComparisonOp;
  readonly left: CheckedExpr;
  readonly right: CheckedExpr;
  readonly type: "bool";
}

/** `x = NULL` / `x != NULL`, compiled as IS [NOT] NULL. */
export interface IsNullExpr extends Base {
  readonly kind: "is-null";
  readonly operand: CheckedExpr;
  readonly negated: boolean;
  readonly type: "bool";
}

/** An inclusive integer range too long to expand (compiled as BETWEEN plus a stride test). */
export interface IntRange {
  readonly start: number;
  readonly stop: number;
  readonly stride: number;
}

/** `operand [NOT] IN (values…, ranges…)`; both lists may be empty (then false, or true if NOT). */
export interface InExpr extends Base {
  readonly kind: "in";
  readonly operand: CheckedExpr;
  readonly negated: boolean;
  readonly values: readonly CheckedExpr[];
  readonly ranges: readonly IntRange[];
  readonly type: "bool";
}

/** The region column `element.field` overlaps a constant region (the registry's geometry). */
export interface RegionOverlapsExpr extends Base {
  readonly kind: "region-overlaps";
  readonly element: string;
  readonly field: string;
  readonly region: SphereRegionValue;
  readonly type: "bool";
}

/** GLOB(operand, pattern): shell-style `*`, `?`, `[…]` match on a string. */
export interface GlobExpr extends Base {
  readonly kind: "glob";
  readonly operand: CheckedExpr;
  readonly pattern: string;
  readonly type: "bool";
}

/** Negation of a condition. */
export interface NotExpr extends Base {
  readonly kind: "not";
  readonly operand: CheckedExpr;
  readonly type: "bool";
}

/** AND / OR of two or more conditions. */
export interface LogicalExpr extends Base {
  readonly kind: "logical";
  readonly op: "AND" | "OR";
  readonly operands: readonly CheckedExpr[];
  readonly type: "bool";
}

/** Any checked node; conditions have type "bool". */
export type CheckedExpr =
  | ColumnExpr
  | TimespanBoundExpr
  | ValueExpr
  | ArithmeticExpr
  | NegateExpr
  | CompareExpr
  | IsNullExpr
  | InExpr
  | RegionOverlapsExpr
  | GlobExpr
  | NotExpr
  | LogicalExpr;

/** A checked ORDER BY term: a sortable scalar column or timespan bound. */
export interface CheckedOrderTerm {
  readonly column: ColumnExpr | TimespanBoundExpr;
  readonly descending: boolean;
}
