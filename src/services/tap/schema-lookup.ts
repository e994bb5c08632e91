/**
 * The ADQL checker's view of what TAP publishes (STYLE.md §4: TAP_SCHEMA implements the
 * SchemaLookup): the published tables with their physical names and, per engine, the spatial
 * indexes the compiler may use — HEALPix pixel tables on SQLite, pgSphere columns on PostgreSQL.
 */
import { isReserved, type SchemaColumn, type SchemaLookup, type SchemaTable, staticLookup } from "../../lib/adql/index.js";
import type { TapColumn, TapSchemaDescription, TapTable } from "../../repo/obscore/tap-schema.js";

/** Which spatial machinery the database has (SqlCapabilities.spatial). */
export type SpatialKind = "healpix-ranges" | "pgsphere";

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The physical column of a published column: its name when that is a plain identifier. */
export function physicalColumnName(c: TapColumn, index: number): string {
  return PLAIN.test(c.name) ? c.name : `col_${index}`;
}

/** The name as ADQL sees it: names that need quotes carry them (TAP-25). */
export function publishedColumnName(name: string): string {
  return PLAIN.test(name) && !isReserved(name) ? name : `"${name}"`;
}

/** A published table for the checker. */
export function schemaTable(t: TapTable, spatial: SpatialKind, restriction?: SchemaTable["restriction"]): SchemaTable {
  const dot = t.name.indexOf(".");
  const name = dot >= 0 ? t.name.slice(dot + 1) : t.name;
  const ri = t.regionIndex;
  const pi = t.positionIndex;
  const columns: SchemaColumn[] = t.columns.map((c, i) => {
    const col: SchemaColumn = {
      name: publishedColumnName(c.name),
      datatype: c.datatype,
      arraysize: c.arraysize,
      xtype: c.xtype,
      unit: c.unit,
      ucd: c.ucd,
      utype: c.utype,
      description: c.description,
      sqlName: physicalColumnName(c, i),
    };
    if (ri && ri.column === c.name) {
      if (spatial === "pgsphere") return { ...col, nativeGeometry: ri.nativeColumn };
      return { ...col, pixelIndex: { table: ri.pixelTable, key: ri.key, order: ri.order } };
    }
    return col;
  });
  const positions = pi ? [{ ra: pi.ra, dec: pi.dec, ...(spatial === "pgsphere" ? { nativePoint: pi.nativeColumn } : {}) }] : undefined;
  return {
    schema: t.schema,
    name,
    sqlName: t.dbTable,
    columns,
    ...(positions ? { positions } : {}),
    ...(restriction ? { restriction } : {}),
  };
}

/** A lookup over a TAP_SCHEMA description plus, optionally, the session's upload tables. */
export function tapLookup(description: TapSchemaDescription, spatial: SpatialKind, uploads: readonly SchemaTable[] = []): SchemaLookup {
  const tables = [...description.tables.map((t) => schemaTable(t, spatial)), ...uploads];
  return staticLookup(tables);
}
