/**
 * Query-level nodes of the ADQL AST (ADQL 2.1 §2.2: query specification, FROM/joins, set
 * operations, WITH, ORDER BY and OFFSET).
 */
import type { Identifier, SourcePosition } from "./common.js";
import type { Condition, NumberLiteral, ValueExpr } from "./expressions.js";

/** A complete query: [WITH …] body [ORDER BY …] [OFFSET n]. Also used for subqueries. */
export interface Query {
  readonly kind: "query";
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly offset: NumberLiteral | undefined;
  readonly pos: SourcePosition;
}
/** `name [(cols)] AS (query)` in a WITH clause. */
export interface CommonTableExpr { readonly kind: "cte"; readonly name: Identifier; readonly columns: readonly Identifier[]; readonly query: Query; readonly pos: SourcePosition }
/** What a query combines: a SELECT, a set operation or a parenthesised query. */
export type QueryBody = Select | SetOperation | ParenQuery;
/** UNION/EXCEPT/INTERSECT; INTERSECT binds tighter, all are left-associative. */
export interface SetOperation {
  readonly kind: "setOperation";
  readonly op: "UNION" | "INTERSECT" | "EXCEPT";
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
  readonly pos: SourcePosition;
}
/** A parenthesised query used as a set-operation operand or as a whole query. */
export interface ParenQuery { readonly kind: "parenQuery"; readonly query: Query; readonly pos: SourcePosition }
/** SELECT [ALL|DISTINCT] [TOP n] … FROM … [WHERE] [GROUP BY] [HAVING]. */
export interface Select {
  readonly kind: "select";
  readonly quantifier: "ALL" | "DISTINCT" | undefined;
  readonly top: NumberLiteral | undefined;
  readonly items: readonly SelectItem[];
  readonly from: readonly TableRef[];
  readonly where: Condition | undefined;
  readonly groupBy: readonly ValueExpr[];
  readonly having: Condition | undefined;
  readonly pos: SourcePosition;
}
/** `*` in the select list. */
export interface Star { readonly kind: "star"; readonly pos: SourcePosition }
/** `t.*` / `schema.t.*`. */
export interface QualifiedStar { readonly kind: "qualifiedStar"; readonly table: readonly Identifier[]; readonly pos: SourcePosition }
/** `expr [AS alias]` in the select list. */
export interface SelectExpr { readonly kind: "selectExpr"; readonly expr: ValueExpr; readonly alias: Identifier | undefined; readonly pos: SourcePosition }
/** One select-list item. */
export type SelectItem = Star | QualifiedStar | SelectExpr;

/** `[catalog.][schema.]table [[AS] alias]`. */
export interface TableName { readonly kind: "table"; readonly name: readonly Identifier[]; readonly alias: Identifier | undefined; readonly pos: SourcePosition }
/** `(query) [AS] alias` — the alias is mandatory. */
export interface DerivedTable { readonly kind: "derived"; readonly query: Query; readonly alias: Identifier; readonly pos: SourcePosition }
/** Join type; plain JOIN is INNER, OUTER is implied by LEFT/RIGHT/FULL. */
export type JoinType = "INNER" | "LEFT" | "RIGHT" | "FULL" | "CROSS";
/** `left [NATURAL] [type] JOIN right [ON cond | USING (cols)]`. */
export interface Join {
  readonly kind: "join";
  readonly type: JoinType;
  readonly natural: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly on: Condition | undefined;
  readonly using: readonly Identifier[] | undefined;
  readonly pos: SourcePosition;
}
/** A parenthesised joined table. */
export interface ParenJoin { readonly kind: "parenJoin"; readonly table: TableRef; readonly pos: SourcePosition }
/** One FROM-clause item. */
export type TableRef = TableName | DerivedTable | Join | ParenJoin;

/** ORDER BY item: a column, alias, position number, qualified column or expression. */
export interface OrderItem { readonly kind: "orderItem"; readonly expr: ValueExpr; readonly direction: "ASC" | "DESC" | undefined; readonly pos: SourcePosition }
