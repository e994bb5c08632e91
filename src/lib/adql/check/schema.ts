/**
 * What the checker needs to know about the published tables, supplied by the caller through a
 * `SchemaLookup` so this library never imports the registry (STYLE.md §4): TAP_SCHEMA (plus upload
 * tables) implements it. Physical names (`sqlName`) are what the compiler writes into SQL; they come
 * only from this metadata, never from the query text.
 */
import type { Identifier } from "../ast/common.js";

/** Column metadata as published (TAP_SCHEMA.columns) — carried into result FIELDs. */
export interface ColumnMeta {
  readonly name: string;
  /** VOTable datatype name (char, short, int, long, float, double, boolean, unsignedByte …). */
  readonly datatype: string;
  readonly arraysize?: string | undefined;
  readonly xtype?: string | undefined;
  readonly unit?: string | undefined;
  readonly ucd?: string | undefined;
  readonly utype?: string | undefined;
  readonly description?: string | undefined;
}

/** A column of a published table. */
export interface SchemaColumn extends ColumnMeta {
  /** The physical column (a plain identifier). */
  readonly sqlName: string;
  /** A physical column holding the same geometry in the engine's native spatial type (pgSphere). */
  readonly nativeGeometry?: string;
  /** A HEALPix pixel index of this geometry column (SQLite prefilter, STYLE.md §4). */
  readonly pixelIndex?: PixelIndex;
}

/** A side table listing, per row key, the NESTED HEALPix pixels its region touches. */
export interface PixelIndex {
  /** Physical side table with columns (pix, key). */
  readonly table: string;
  /** Key column name, the same in the side table and the main table. */
  readonly key: string;
  /** NESTED order of the pixels. */
  readonly order: number;
}

/** Two numeric columns that together are a position, with an optional native point column. */
export interface PositionColumns {
  readonly ra: string;
  readonly dec: string;
  /** Physical pgSphere spoint column with a spatial index, if any. */
  readonly nativePoint?: string;
}

/** A published table (or an uploaded one). */
export interface SchemaTable {
  /** Schema as published (e.g. "ivoa", "TAP_SCHEMA", "TAP_UPLOAD"). */
  readonly schema: string;
  /** Table name without the schema, as published (e.g. "ObsCore"). */
  readonly name: string;
  /** The physical table (a plain identifier). */
  readonly sqlName: string;
  readonly columns: readonly SchemaColumn[];
  /** Positions stored as separate columns (ObsCore's s_ra, s_dec), for indexed cone searches. */
  readonly positions?: readonly PositionColumns[];
  /**
   * A row restriction always applied where the table is read (the access-policy predicate, added by
   * the rewrite step): SQL over the physical columns of alias `"r"`; `{n}` marks the n-th (0-based)
   * of `params`, which are bound, never spliced.
   */
  readonly restriction?: { readonly sql: string; readonly params: readonly (string | number | bigint | null)[] };
}

/** Finds published tables for the checker. */
export interface SchemaLookup {
  /** The table named by 1 (table), 2 (schema.table) or 3 (catalog.schema.table) identifiers. */
  table(name: readonly Identifier[]): SchemaTable | undefined;
  /** Every table's qualified name, for "did you mean" suggestions. */
  tableNames(): readonly string[];
}

/** Whether an identifier matches a published name (names needing quotes are stored with them). */
export function identifierMatches(id: Identifier, published: string): boolean {
  const unq = published.startsWith('"') && published.endsWith('"') ? published.slice(1, -1) : published;
  if (id.quoted) return id.name === unq;
  return id.name.toLowerCase() === unq.toLowerCase();
}

/** A SchemaLookup over a fixed list of tables (tests, TAP_SCHEMA-backed lookups build on it). */
export function staticLookup(tables: readonly SchemaTable[], extra?: (name: readonly Identifier[]) => SchemaTable | undefined): SchemaLookup {
  return {
    table(name) {
      const fromExtra = extra?.(name);
      if (fromExtra) return fromExtra;
      const last = name[name.length - 1];
      if (!last || name.length > 3) return undefined;
      const schemaId = name.length >= 2 ? name[name.length - 2] : undefined;
      const matches = tables.filter((t) => identifierMatches(last, t.name) && (schemaId === undefined || identifierMatches(schemaId, t.schema)));
      // Unqualified names resolve only when unique across schemas.
      return matches.length === 1 ? matches[0] : undefined;
    },
    tableNames: () => tables.map((t) => `${t.schema}.${t.name}`),
  };
}
