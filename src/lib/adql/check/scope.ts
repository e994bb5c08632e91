/**
 * Name resolution (ADQL 2.1 §2.2: FROM-clause range variables, qualified and unqualified column
 * references, correlated references to outer queries, USING/NATURAL join columns). Every range
 * variable gets a query-wide id; the compiler turns it into the SQL alias `t<id>`, so user aliases
 * never reach the SQL text.
 */
import { type Identifier, sameIdentifier, type SourcePosition } from "../ast/common.js";
import { AdqlCheckError, didYouMean } from "./errors.js";
import { type ColumnMeta, identifierMatches, type PixelIndex, type PositionColumns, type SchemaTable } from "./schema.js";
import type { AdqlType } from "./types.js";

/** A column visible through a range variable. */
export interface RangeColumn {
  /** Published name, unquoted. */
  readonly name: string;
  /** Whether the published name needs quotes (so only a delimited identifier matches it exactly). */
  readonly delimited: boolean;
  readonly meta: ColumnMeta;
  readonly type: AdqlType;
  /** Physical column name within the range variable. */
  readonly sql: string;
  readonly nativeGeometry?: string | undefined;
  readonly pixelIndex?: PixelIndex | undefined;
}

/** A table, CTE or derived table in a FROM clause. */
export interface RangeVar {
  readonly id: number;
  /** The alias written by the user, if any. */
  readonly alias: Identifier | undefined;
  /** The published table, for base tables. */
  readonly table: SchemaTable | undefined;
  /** The CTE name, for CTE references. */
  readonly cteName: string | undefined;
  readonly columns: readonly RangeColumn[];
  readonly positions: readonly PositionColumns[];
}

/** A resolved column reference. */
export type ColumnResolution =
  | { readonly kind: "column"; readonly rangeVar: RangeVar; readonly column: RangeColumn }
  /** An unqualified USING/NATURAL join column: the value of either side (COALESCE for FULL joins). */
  | { readonly kind: "merged"; readonly sides: readonly { readonly rangeVar: RangeVar; readonly column: RangeColumn }[]; readonly full: boolean; readonly type: AdqlType; readonly meta: ColumnMeta }
  /** A select-list output referenced from ORDER BY (or GROUP BY) by name. */
  | { readonly kind: "output"; readonly index: number; readonly type: AdqlType; readonly meta: ColumnMeta };

export const resolutionType = (r: ColumnResolution): AdqlType => (r.kind === "column" ? r.column.type : r.type);
export const resolutionMeta = (r: ColumnResolution): ColumnMeta => (r.kind === "column" ? r.column.meta : r.meta);

/** A key identifying what a resolution denotes (for GROUP BY checks). */
export function resolutionKey(r: ColumnResolution): string {
  if (r.kind === "column") return `${r.rangeVar.id}.${r.column.sql}`;
  if (r.kind === "merged") return r.sides.map((s) => `${s.rangeVar.id}.${s.column.sql}`).join("|");
  return `#${r.index}`;
}

/** A column of a star expansion: one per visible column, USING columns once. */
export type StarColumn = Extract<ColumnResolution, { kind: "column" | "merged" }>;

/** The FROM scope of one query specification, chained to the enclosing query's scope. */
export class Scope {
  readonly rangeVars: RangeVar[] = [];
  /** Columns in `SELECT *` order. */
  readonly starColumns: StarColumn[] = [];
  /** USING/NATURAL columns by lower-case name (regular identifiers). */
  readonly merged = new Map<string, StarColumn>();

  constructor(readonly parent: Scope | undefined) {}

  /** Resolves a column reference, searching enclosing scopes for correlated references. */
  resolve(parts: readonly Identifier[], pos: SourcePosition): StarColumn {
    const found = this.lookup(parts, pos);
    if (found) return found;
    const name = parts.map((p) => p.name).join(".");
    const qualifier = parts.slice(0, -1);
    if (qualifier.length > 0 && !this.anyRangeVar(qualifier)) {
      throw new AdqlCheckError(`unknown table or alias '${qualifier.map((p) => p.name).join(".")}' in column reference ${name}`, pos, didYouMean(qualifier[qualifier.length - 1]?.name ?? "", this.allQualifierNames()));
    }
    throw new AdqlCheckError(`unknown column '${name}'`, pos, didYouMean(parts[parts.length - 1]?.name ?? "", this.allColumnNames()));
  }

  private lookup(parts: readonly Identifier[], pos: SourcePosition): StarColumn | undefined {
    const col = parts[parts.length - 1];
    if (!col) return undefined;
    const qualifier = parts.slice(0, -1);
    if (qualifier.length === 0 && !col.quoted) {
      const m = this.merged.get(col.name.toLowerCase());
      if (m) return m;
    }
    const hits: StarColumn[] = [];
    for (const rv of this.rangeVars) {
      if (qualifier.length > 0 && !qualifies(rv, qualifier)) continue;
      for (const c of rv.columns) if (columnMatches(col, c)) hits.push({ kind: "column", rangeVar: rv, column: c });
    }
    if (hits.length > 1) {
      throw new AdqlCheckError(`column reference '${parts.map((p) => p.name).join(".")}' is ambiguous`, pos, "qualify it with a table name or alias");
    }
    if (hits[0]) return hits[0];
    return this.parent?.lookup(parts, pos);
  }

  /** The range variables a qualifier (`t` or `schema.t`) names in this scope or an outer one. */
  rangeVarsFor(qualifier: readonly Identifier[]): RangeVar[] {
    const own = this.rangeVars.filter((rv) => qualifies(rv, qualifier));
    return own.length > 0 || !this.parent ? own : this.parent.rangeVarsFor(qualifier);
  }

  private anyRangeVar(qualifier: readonly Identifier[]): boolean {
    return this.rangeVarsFor(qualifier).length > 0;
  }

  private allColumnNames(): string[] {
    const own = this.rangeVars.flatMap((rv) => rv.columns.map((c) => c.name));
    return [...own, ...(this.parent?.allColumnNames() ?? [])];
  }

  private allQualifierNames(): string[] {
    const own = this.rangeVars.map((rv) => rv.alias?.name ?? rv.cteName ?? rv.table?.name ?? "");
    return [...own, ...(this.parent?.allQualifierNames() ?? [])];
  }
}

/** Whether an identifier names a column (published names needing quotes match only when quoted). */
export function columnMatches(id: Identifier, c: RangeColumn): boolean {
  if (c.delimited) return id.quoted ? id.name === c.name : false;
  return id.quoted ? id.name === c.name : id.name.toLowerCase() === c.name.toLowerCase();
}

/** Whether a qualifier (`t`, `schema.t`, `cat.schema.t`) names a range variable. */
function qualifies(rv: RangeVar, qualifier: readonly Identifier[]): boolean {
  const last = qualifier[qualifier.length - 1];
  if (!last) return false;
  if (rv.alias) return qualifier.length === 1 && sameIdentifier(last, rv.alias);
  if (rv.cteName !== undefined) return qualifier.length === 1 && (last.quoted ? last.name === rv.cteName : last.name.toLowerCase() === rv.cteName.toLowerCase());
  if (!rv.table) return false;
  if (!identifierMatches(last, rv.table.name)) return false;
  const schema = qualifier[qualifier.length - 2];
  return schema === undefined || identifierMatches(schema, rv.table.schema);
}

/** The columns of a published table as range columns. */
export function tableColumns(t: SchemaTable, typeOf: (m: ColumnMeta) => AdqlType): RangeColumn[] {
  return t.columns.map((c) => {
    const delimited = c.name.startsWith('"') && c.name.endsWith('"');
    const name = delimited ? c.name.slice(1, -1) : c.name;
    return { name, delimited, meta: { ...c, name }, type: typeOf(c), sql: c.sqlName, nativeGeometry: c.nativeGeometry, pixelIndex: c.pixelIndex };
  });
}
