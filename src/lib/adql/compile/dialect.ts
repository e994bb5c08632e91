/**
 * What differs between SQL engines (STYLE.md §4 step 4): a dialect is a short list of spellings
 * plus a geometry strategy. The compiler asks the dialect; it never asks which engine it is.
 */
import type { AdqlType } from "../check/types.js";
import type { Region } from "../../sphere/index.js";
import type { PixelIndex } from "../check/schema.js";

/** A bound value. */
export type BoundValue = string | number | bigint | null;

/** Allocates a placeholder for a bound value and returns its SQL text. */
export type Bind = (value: BoundValue) => string;

/** A geometry operand as the compiler knows it. */
export interface GeometryOperand {
  /** SQL of the value in the dialect's geometry representation. */
  readonly sql: string;
  readonly type: AdqlType;
  /** For a stored column: the SQL of its DALI text value. */
  readonly text?: string | undefined;
  /** The region, when every argument is a literal (enables index prefilters). */
  readonly literal?: Region | undefined;
  /** For POINT(ra_col, dec_col) of stored position columns: their physical SQL and native point. */
  readonly position?: { readonly ra: string; readonly dec: string; readonly nativePoint?: string | undefined } | undefined;
  /** For a stored geometry column with a pixel index: the qualified key column and the index. */
  readonly indexed?: { readonly key: string; readonly index: PixelIndex } | undefined;
}

/** How geometry is built, tested and output. */
export interface GeometryDialect {
  point(ra: string, dec: string, bind: Bind, literal?: readonly [number, number]): string;
  circle(center: string, radius: string, bind: Bind, literal?: readonly [number, number, number]): string;
  polygon(coords: readonly string[], bind: Bind, literal?: readonly number[]): string;
  polygonOfPoints(points: readonly string[]): string;
  /** A stored column of a geometry xtype, in the geometry representation. */
  storedColumn(sql: string, type: AdqlType, nativeSql: string | undefined): string;
  /** A geometry value for output (select lists of derived tables keep the representation). */
  contains(a: GeometryOperand, b: GeometryOperand, bind: Bind): string;
  intersects(a: GeometryOperand, b: GeometryOperand, bind: Bind): string;
  /** `0 = CONTAINS(…)`: the negation of a geometry condition (NULL stays NULL). */
  negate(condition: string): string;
  /** CONTAINS/INTERSECTS as a 0/1 value. */
  predicateValue(condition: string, a: GeometryOperand, b: GeometryOperand): string;
  distance(a: GeometryOperand, b: GeometryOperand): string;
  /** DISTANCE(a, b) < r (or <=) as an index-friendly condition. */
  distanceWithin(a: GeometryOperand, b: GeometryOperand, radius: string, radiusLiteral: number | undefined, strict: boolean, bind: Bind): string | undefined;
  area(g: GeometryOperand): string;
  centroid(g: GeometryOperand): string;
  coord(p: GeometryOperand, axis: 1 | 2): string;
}

export interface SqlDialect {
  readonly name: string;
  /** Placeholder text of the n-th (1-based) bound value. */
  placeholder(n: number): string;
  /** A numeric literal already validated as such. */
  number(text: string, type: AdqlType): string;
  /** A bound string value. */
  string(placeholder: string): string;
  /** LIMIT/OFFSET clause (leading space), or "". */
  limit(limit: number | undefined, offset: number | undefined): string;
  /** Suffix making NULLs sort as PostgreSQL sorts them (largest), or "". */
  nullsOrder(direction: "ASC" | "DESC"): string;
  /** A string expression compared or sorted by code point (binary collation). */
  binaryCollate(sql: string): string;
  /** Scalar math/string function, or undefined when unknown. */
  func(name: string, args: readonly string[], argTypes: readonly AdqlType[]): string;
  cast(sql: string, target: string, length: number | undefined, from: AdqlType): string;
  aggregate(name: string, distinct: boolean, arg: string | undefined, argType: AdqlType): string;
  like(operand: string, pattern: string, insensitive: boolean, not: boolean): string;
  bitwise(op: "&" | "|" | "^", l: string, r: string): string;
  bitNot(sql: string): string;
  /**
   * A set operation; engines without INTERSECT ALL / EXCEPT ALL emulate them. `columns` is the
   * number of result columns (named c0…).
   */
  setOperation(op: "UNION" | "INTERSECT" | "EXCEPT", all: boolean, left: string, right: string, columns: number): string;
  readonly geometry: GeometryDialect;
}
