/**
 * The registry's tables, generated from the dimension universe and the engine's capabilities: one
 * table per dimension element (keys, implied dimensions, metadata, timespan, region), the dataset
 * tables (one column per dimension, so data-ID constraints are plain indexed comparisons), the
 * collection tables, provenance and datastore records. Identifiers come only from the universe.
 */
import { type DimensionElement, type DimensionUniverse, type FieldSpec, getElement, isDimension } from "../model/index.js";
import { quoteIdent as q, type SqlCapabilities } from "./sql/database.js";

export const SCHEMA_VERSION = 1;

/** Table name of an element's records. */
export function elementTable(name: string): string {
  return `dim_${name}`;
}

/** Table name of an element's HEALPix range index (SQLite spatial strategy). */
export function skypixTable(name: string): string {
  return `dim_${name}_skypix`;
}

/** SQL type of a key column of a dimension (its first key). */
export function dimensionKeyType(universe: DimensionUniverse, dim: string, caps: SqlCapabilities): string {
  const e = getElement(universe, dim);
  const key = e.keys[0];
  if (!key) throw new Error(`${dim} has no keys`);
  return fieldType(key, caps);
}

export function fieldType(f: FieldSpec, caps: SqlCapabilities): string {
  switch (f.type) {
    case "int":
      return caps.bigintType;
    case "float":
      return caps.floatType;
    case "bool":
      return caps.boolType;
    case "hash":
      return caps.blobType;
    case "datetime":
      return caps.bigintType;
    default:
      return "TEXT";
  }
}

/**
 * The columns that identify a record of an element: its required dimensions (by dimension name)
 * and, for dimensions, its own primary key (by field name, e.g. visit's "id").
 */
export function identifyingColumns(e: DimensionElement): { column: string; dimension: string }[] {
  const cols = e.requires.map((d) => ({ column: d, dimension: d }));
  if (isDimension(e)) cols.push({ column: e.keys[0]!.name, dimension: e.name });
  return cols;
}

function elementDdl(universe: DimensionUniverse, e: DimensionElement, caps: SqlCapabilities): string[] {
  const cols: string[] = [];
  for (const d of e.requires) cols.push(`${q(d)} ${dimensionKeyType(universe, d, caps)} NOT NULL`);
  for (const [i, k] of e.keys.entries()) cols.push(`${q(k.name)} ${fieldType(k, caps)}${i === 0 ? " NOT NULL" : ""}`);
  for (const d of e.implies) cols.push(`${q(d)} ${dimensionKeyType(universe, d, caps)}`);
  for (const m of e.metadata) cols.push(`${q(m.name)} ${fieldType(m, caps)}`);
  if (e.temporal) cols.push(`"timespan_begin" ${caps.bigintType}`, `"timespan_end" ${caps.bigintType}`);
  if (e.spatial) {
    cols.push(`"region" TEXT`);
    if (caps.spatial === "pgsphere") cols.push(`"region_spoly" spoly`);
  }
  const pk = identifyingColumns(e).map((c) => q(c.column));
  if (!isDimension(e)) pk.splice(0, pk.length, ...e.requires.map(q));
  cols.push(`PRIMARY KEY (${pk.join(", ")})`);
  const table = elementTable(e.name);
  const ddl = [`CREATE TABLE IF NOT EXISTS ${q(table)} (${cols.join(", ")})`];
  // Alternate keys (visit name, exposure obs_id, detector full_name) are unique per governor.
  for (const k of e.keys.slice(1)) {
    if (k.type === "hash") continue;
    ddl.push(`CREATE UNIQUE INDEX IF NOT EXISTS ${q(`${table}_${k.name}_key`)} ON ${q(table)} (${[...e.requires.map(q), q(k.name)].join(", ")})`);
  }
  for (const d of e.implies) ddl.push(`CREATE INDEX IF NOT EXISTS ${q(`${table}_${d}_idx`)} ON ${q(table)} (${q(d)})`);
  if (e.temporal) {
    ddl.push(
      caps.temporalIndex === "int8range-gist"
        ? `CREATE INDEX IF NOT EXISTS ${q(`${table}_timespan_idx`)} ON ${q(table)} USING gist (int8range("timespan_begin", "timespan_end"))`
        : `CREATE INDEX IF NOT EXISTS ${q(`${table}_timespan_idx`)} ON ${q(table)} ("timespan_begin", "timespan_end")`,
    );
  }
  if (e.spatial) {
    if (caps.spatial === "pgsphere") {
      ddl.push(`CREATE INDEX IF NOT EXISTS ${q(`${table}_region_idx`)} ON ${q(table)} USING gist ("region_spoly")`);
    } else {
      const idCols = isDimension(e) ? identifyingColumns(e) : e.requires.map((d) => ({ column: d, dimension: d }));
      const sk = skypixTable(e.name);
      const skCols = idCols.map((c) => `${q(c.column)} ${dimensionKeyType(universe, c.dimension, caps)} NOT NULL`);
      // One row per NESTED HEALPix pixel (at the element's index order) touching the region, so a
      // query's coverage ranges become bounded index range scans on "pix".
      ddl.push(
        `CREATE TABLE IF NOT EXISTS ${q(sk)} (${skCols.join(", ")}, "pix" ${caps.bigintType} NOT NULL)`,
        `CREATE INDEX IF NOT EXISTS ${q(`${sk}_pix_idx`)} ON ${q(sk)} ("pix", ${idCols.map((c) => q(c.column)).join(", ")})`,
        `CREATE INDEX IF NOT EXISTS ${q(`${sk}_key_idx`)} ON ${q(sk)} (${idCols.map((c) => q(c.column)).join(", ")})`,
      );
    }
  }
  return ddl;
}

/** Every DDL statement for a new registry, in order. */
export function registryDdl(universe: DimensionUniverse, caps: SqlCapabilities): string[] {
  const ddl: string[] = [`CREATE TABLE IF NOT EXISTS "skyport_meta" ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)`];
  for (const e of universe.ordered) ddl.push(...elementDdl(universe, e, caps));

  ddl.push(
    `CREATE TABLE IF NOT EXISTS "collection" ("id" ${caps.autoIdColumn}, "name" TEXT NOT NULL UNIQUE, "type" TEXT NOT NULL, "doc" TEXT)`,
    `CREATE TABLE IF NOT EXISTS "run" ("collection_id" ${caps.bigintType} PRIMARY KEY REFERENCES "collection" ("id") ON DELETE CASCADE, "host" TEXT, "timespan_begin" ${caps.bigintType}, "timespan_end" ${caps.bigintType})`,
    `CREATE TABLE IF NOT EXISTS "collection_chain" ("parent_id" ${caps.bigintType} NOT NULL REFERENCES "collection" ("id") ON DELETE CASCADE, "position" ${caps.bigintType} NOT NULL, "child_id" ${caps.bigintType} NOT NULL REFERENCES "collection" ("id"), PRIMARY KEY ("parent_id", "position"))`,
    `CREATE INDEX IF NOT EXISTS "collection_chain_child_idx" ON "collection_chain" ("child_id")`,
    `CREATE TABLE IF NOT EXISTS "dataset_type" ("id" ${caps.autoIdColumn}, "name" TEXT NOT NULL UNIQUE, "dimensions" TEXT NOT NULL, "storage_class" TEXT NOT NULL, "is_calibration" ${caps.boolType} NOT NULL)`,
  );

  const dims = universe.ordered.filter(isDimension);
  const dimCols = dims.map((d) => `${q(d.name)} ${dimensionKeyType(universe, d.name, caps)}`);
  ddl.push(
    `CREATE TABLE IF NOT EXISTS "dataset" ("id" TEXT PRIMARY KEY, "dataset_type_id" ${caps.bigintType} NOT NULL REFERENCES "dataset_type" ("id"), "run_id" ${caps.bigintType} NOT NULL REFERENCES "collection" ("id"), "data_id_key" TEXT NOT NULL, "ingest_date" ${caps.bigintType} NOT NULL, ${dimCols.join(", ")}, UNIQUE ("dataset_type_id", "run_id", "data_id_key"))`,
    `CREATE INDEX IF NOT EXISTS "dataset_run_idx" ON "dataset" ("run_id", "dataset_type_id")`,
    `CREATE INDEX IF NOT EXISTS "dataset_key_idx" ON "dataset" ("dataset_type_id", "data_id_key")`,
  );
  // The dimensions services filter on most: one index each, led by the dataset type.
  for (const d of dims) {
    if (d.governor) continue;
    ddl.push(`CREATE INDEX IF NOT EXISTS ${q(`dataset_${d.name}_idx`)} ON "dataset" ("dataset_type_id", ${q(d.name)})`);
  }
  // Spatial and temporal constraints find candidate element rows first (visit 42, detector 7) and
  // then their datasets: index the dataset table on each such element's identifying dimensions.
  for (const e of universe.ordered) {
    if (!e.spatial && !e.temporal) continue;
    const cols = [...e.requires.filter((d) => !universe.elements.get(d)?.governor), ...(isDimension(e) ? [e.name] : [])];
    if (cols.length < 2) continue;
    ddl.push(`CREATE INDEX IF NOT EXISTS ${q(`dataset_${e.name}_key_idx`)} ON "dataset" ("dataset_type_id", ${cols.map(q).join(", ")})`);
  }
  ddl.push(
    `CREATE TABLE IF NOT EXISTS "dataset_tag" ("collection_id" ${caps.bigintType} NOT NULL REFERENCES "collection" ("id") ON DELETE CASCADE, "dataset_id" TEXT NOT NULL REFERENCES "dataset" ("id") ON DELETE CASCADE, "dataset_type_id" ${caps.bigintType} NOT NULL, "data_id_key" TEXT NOT NULL, PRIMARY KEY ("collection_id", "dataset_id"), UNIQUE ("collection_id", "dataset_type_id", "data_id_key"))`,
    `CREATE INDEX IF NOT EXISTS "dataset_tag_dataset_idx" ON "dataset_tag" ("dataset_id")`,
    `CREATE TABLE IF NOT EXISTS "dataset_calib" ("collection_id" ${caps.bigintType} NOT NULL REFERENCES "collection" ("id") ON DELETE CASCADE, "dataset_id" TEXT NOT NULL REFERENCES "dataset" ("id") ON DELETE CASCADE, "dataset_type_id" ${caps.bigintType} NOT NULL, "data_id_key" TEXT NOT NULL, "valid_begin" ${caps.bigintType}, "valid_end" ${caps.bigintType})`,
    `CREATE INDEX IF NOT EXISTS "dataset_calib_idx" ON "dataset_calib" ("collection_id", "dataset_type_id", "data_id_key")`,
    `CREATE INDEX IF NOT EXISTS "dataset_calib_dataset_idx" ON "dataset_calib" ("dataset_id")`,
    `CREATE TABLE IF NOT EXISTS "dataset_provenance" ("output_id" TEXT NOT NULL REFERENCES "dataset" ("id") ON DELETE CASCADE, "input_id" TEXT NOT NULL REFERENCES "dataset" ("id") ON DELETE CASCADE, PRIMARY KEY ("output_id", "input_id"))`,
    `CREATE INDEX IF NOT EXISTS "dataset_provenance_input_idx" ON "dataset_provenance" ("input_id")`,
    `CREATE TABLE IF NOT EXISTS "dataset_location" ("dataset_id" TEXT PRIMARY KEY REFERENCES "dataset" ("id") ON DELETE CASCADE, "path" TEXT NOT NULL, "formatter" TEXT NOT NULL, "file_size" ${caps.bigintType}, "checksum" TEXT)`,
    `CREATE TABLE IF NOT EXISTS "dataset_location_trash" ("dataset_id" TEXT PRIMARY KEY, "path" TEXT NOT NULL, "trashed_at" ${caps.bigintType} NOT NULL)`,
  );
  return ddl;
}
