/**
 * TAP_SCHEMA 1.1 (TAP 1.1 §4, standards.md §4.4): its self-description (the five tables with every
 * standard column, std=1, and the TAP-27 foreign keys among them) and the rows of those five
 * tables for any TapSchemaDescription. Names that are not plain ADQL regular identifiers (reserved
 * words such as "size") are stored delimited, with their quotes (TAP-25); "size" holds the numeric
 * part of arraysize (TAP-24); principal/indexed/std are 0/1 integers (TAP-23).
 */
import { isReserved } from "../../../lib/adql/index.js";
import type { TapColumn, TapKey, TapSchemaDescription, TapTable } from "../../../repo/obscore/index.js";

/** The TAP_SCHEMA schema name as users write it. */
export const TAP_SCHEMA = "TAP_SCHEMA";

const REGULAR_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * One name part as ADQL needs it written: unchanged when it is a regular identifier and not a
 * reserved word, else delimited with embedded quotes doubled (ADQL 2.1 §2.1.3).
 * @example adqlName("size") // '"size"'
 */
export function adqlName(name: string): string {
  return REGULAR_IDENTIFIER.test(name) && !isReserved(name) ? name : `"${name.replaceAll('"', '""')}"`;
}

/** A qualified table name ("schema.table") with each part quoted as needed; already-quoted input is kept. */
export function adqlTableName(qualified: string): string {
  if (qualified.includes('"')) return qualified;
  return qualified.split(".").map(adqlName).join(".");
}

/**
 * TAP_SCHEMA `"size"`: the numeric part of a 1-D arraysize ("256*" → 256, "64" → 64); null for
 * scalars, "*" and multi-dimensional shapes such as "2x3" (TAP-24).
 */
export function arraysizeSize(arraysize: string | undefined): number | null {
  if (arraysize === undefined) return null;
  const m = /^(\d+)\*?$/.exec(arraysize.trim());
  return m ? Number(m[1]) : null;
}

type ColumnFlags = Partial<Pick<TapColumn, "principal" | "notNull">>;
const req = { notNull: true } as const;
// Every TAP_SCHEMA column is defined by TAP 1.1, so std=1; none claims an index (tiny tables).
const base = { principal: false, indexed: false, std: true } as const;
const text = (name: string, description: string, o: ColumnFlags = {}): TapColumn => ({ name, datatype: "char", arraysize: "*", description, ...base, sqlType: "text", ...o });
const int = (name: string, description: string, o: ColumnFlags = {}): TapColumn => ({ name, datatype: "int", description, ...base, sqlType: "int", ...o });

function table(name: string, description: string, columns: readonly TapColumn[]): TapTable {
  return { schema: TAP_SCHEMA, name: `${TAP_SCHEMA}.${name}`, dbTable: `tap_schema_${name}`, description, columns };
}

const SCHEMAS = table("schemas", "Schemas published by this service", [
  text("schema_name", "Fully qualified schema name", { ...req, principal: true }),
  text("utype", "Schema utype"),
  text("description", "Describes the schema"),
  int("schema_index", "Recommended sort order when listing schemas"),
]);

const TABLES = table("tables", "Tables published by this service", [
  text("schema_name", "The schema this table belongs to", { ...req, principal: true }),
  text("table_name", "Fully qualified table name", { ...req, principal: true }),
  text("table_type", "One of: table, view", { ...req, principal: true }),
  text("utype", "Table utype"),
  text("description", "Describes the table", { principal: true }),
  int("table_index", "Recommended sort order when listing tables"),
]);

const COLUMNS = table("columns", "Columns of the tables published by this service", [
  text("table_name", "Fully qualified table name", { ...req, principal: true }),
  text("column_name", "Column name", { ...req, principal: true }),
  text("datatype", "VOTable datatype", { ...req, principal: true }),
  text("arraysize", "VOTable arraysize", { principal: true }),
  text("xtype", "VOTable xtype", { principal: true }),
  int("size", "Numeric part of arraysize; null for scalars, variable and multi-dimensional arrays", { principal: true }),
  text("description", "Describes the column", { principal: true }),
  text("utype", "Column utype"),
  text("unit", "Column unit in VOUnit syntax", { principal: true }),
  text("ucd", "Column UCD", { principal: true }),
  int("indexed", "1 if the column is indexed, else 0", { ...req }),
  int("principal", "1 if the column is principal, else 0", { ...req }),
  int("std", "1 if the column is defined by a standard, else 0", { ...req }),
  int("column_index", "Recommended sort order when listing columns"),
]);

const KEYS = table("keys", "Foreign keys between the tables published by this service", [
  text("key_id", "Unique key identifier", { ...req, principal: true }),
  text("from_table", "Fully qualified table name of the referencing table", { ...req, principal: true }),
  text("target_table", "Fully qualified table name of the referenced table", { ...req, principal: true }),
  text("description", "Describes the key", { principal: true }),
  text("utype", "Key utype"),
]);

const KEY_COLUMNS = table("key_columns", "Columns of the foreign keys", [
  text("key_id", "Key identifier (TAP_SCHEMA.keys.key_id)", { ...req, principal: true }),
  text("from_column", "Column of the referencing table", { ...req, principal: true }),
  text("target_column", "Column of the referenced table", { ...req, principal: true }),
]);

function selfKey(keyId: string, from: TapTable, fromColumn: string, target: TapTable, targetColumn: string): TapKey {
  return {
    keyId,
    fromTable: from.name,
    targetTable: target.name,
    description: `${from.name}.${fromColumn} refers to ${target.name}.${targetColumn}`,
    columns: [{ from: fromColumn, target: targetColumn }],
  };
}

/** TAP_SCHEMA 1.1 described in its own terms (TAP 1.1 §4, TAP-22, TAP-27). */
export function tapSchemaSelfDescription(): TapSchemaDescription {
  return {
    schemas: [{ name: TAP_SCHEMA, description: "Metadata of the tables published by this TAP service (TAP 1.1 §4)." }],
    tables: [SCHEMAS, TABLES, COLUMNS, KEYS, KEY_COLUMNS],
    keys: [
      selfKey("tap_schema_tables_schema", TABLES, "schema_name", SCHEMAS, "schema_name"),
      selfKey("tap_schema_columns_table", COLUMNS, "table_name", TABLES, "table_name"),
      selfKey("tap_schema_keys_from", KEYS, "from_table", TABLES, "table_name"),
      selfKey("tap_schema_keys_target", KEYS, "target_table", TABLES, "table_name"),
      selfKey("tap_schema_key_columns_key", KEY_COLUMNS, "key_id", KEYS, "key_id"),
    ],
  };
}

/** The description plus TAP_SCHEMA itself (what TAP_SCHEMA and /tables publish, TAP-30). */
export function withTapSchema(description: TapSchemaDescription): TapSchemaDescription {
  if (description.schemas.some((s) => s.name.toUpperCase() === TAP_SCHEMA)) return description;
  const self = tapSchemaSelfDescription();
  return { schemas: [...description.schemas, ...self.schemas], tables: [...description.tables, ...self.tables], keys: [...description.keys, ...self.keys] };
}

/** A TAP_SCHEMA.schemas row. */
export interface SchemaRow {
  readonly schema_name: string;
  readonly utype: string | null;
  readonly description: string | null;
  readonly schema_index: number;
}

/** A TAP_SCHEMA.tables row. */
export interface TableRow {
  readonly schema_name: string;
  readonly table_name: string;
  readonly table_type: "table" | "view";
  readonly utype: string | null;
  readonly description: string | null;
  readonly table_index: number;
}

/** A TAP_SCHEMA.columns row (`size` is the column ADQL writes as "size"). */
export interface ColumnRow {
  readonly table_name: string;
  readonly column_name: string;
  readonly datatype: string;
  readonly arraysize: string | null;
  readonly xtype: string | null;
  readonly size: number | null;
  readonly description: string | null;
  readonly utype: string | null;
  readonly unit: string | null;
  readonly ucd: string | null;
  readonly indexed: 0 | 1;
  readonly principal: 0 | 1;
  readonly std: 0 | 1;
  readonly column_index: number;
}

/** A TAP_SCHEMA.keys row. */
export interface KeyRow {
  readonly key_id: string;
  readonly from_table: string;
  readonly target_table: string;
  readonly description: string | null;
  readonly utype: string | null;
}

/** A TAP_SCHEMA.key_columns row. */
export interface KeyColumnRow {
  readonly key_id: string;
  readonly from_column: string;
  readonly target_column: string;
}

/** The rows of the five TAP_SCHEMA tables, keyed by table (short name). */
export interface TapSchemaRows {
  readonly schemas: readonly SchemaRow[];
  readonly tables: readonly TableRow[];
  readonly columns: readonly ColumnRow[];
  readonly keys: readonly KeyRow[];
  readonly key_columns: readonly KeyColumnRow[];
}

const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/**
 * The TAP_SCHEMA rows of a description, indexes 1-based in description order. Pass
 * `withTapSchema(description)` so that TAP_SCHEMA describes itself (TAP-22, TAP-27).
 */
export function tapSchemaRows(description: TapSchemaDescription): TapSchemaRows {
  return {
    schemas: description.schemas.map((s, i) => ({ schema_name: adqlName(s.name), utype: s.utype ?? null, description: s.description, schema_index: i + 1 })),
    tables: description.tables.map((t, i) => ({
      schema_name: adqlName(t.schema),
      table_name: adqlTableName(t.name),
      table_type: "table",
      utype: t.utype ?? null,
      description: t.description,
      table_index: i + 1,
    })),
    columns: description.tables.flatMap((t) =>
      t.columns.map((c, i) => ({
        table_name: adqlTableName(t.name),
        column_name: adqlName(c.name),
        datatype: c.datatype,
        arraysize: c.arraysize ?? null,
        xtype: c.xtype ?? null,
        size: arraysizeSize(c.arraysize),
        description: c.description,
        utype: c.utype ?? null,
        unit: c.unit ?? null,
        ucd: c.ucd ?? null,
        indexed: bit(c.indexed),
        principal: bit(c.principal),
        std: bit(c.std),
        column_index: i + 1,
      })),
    ),
    keys: description.keys.map((k) => ({
      key_id: k.keyId,
      from_table: adqlTableName(k.fromTable),
      target_table: adqlTableName(k.targetTable),
      description: k.description,
      utype: null,
    })),
    key_columns: description.keys.flatMap((k) => k.columns.map((c) => ({ key_id: k.keyId, from_column: adqlName(c.from), target_column: adqlName(c.target) }))),
  };
}
