import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_OBSCORE_CONFIG, tapSchemaDescription } from "../../../repo/obscore/index.js";
import { adqlName, adqlTableName, arraysizeSize, tapSchemaRows, tapSchemaSelfDescription, withTapSchema } from "./tap-schema.js";

const ROWS = tapSchemaRows(withTapSchema(tapSchemaDescription(DEFAULT_OBSCORE_CONFIG)));

test("names needing quotes are delimited (TAP-25)", () => {
  assert.equal(adqlName("size"), '"size"');
  assert.equal(adqlName("SIZE"), '"SIZE"');
  assert.equal(adqlName("s_ra"), "s_ra");
  assert.equal(adqlName("obsID"), "obsID");
  assert.equal(adqlName("2mass"), '"2mass"');
  assert.equal(adqlName('we"ird'), '"we""ird"');
  assert.equal(adqlTableName("TAP_SCHEMA.columns"), "TAP_SCHEMA.columns");
  assert.equal(adqlTableName("my.select"), 'my."select"');
  assert.equal(adqlTableName('my."Odd"'), 'my."Odd"');
});

test('"size" is the numeric part of a 1-D arraysize, else null (TAP-24)', () => {
  assert.equal(arraysizeSize(undefined), null);
  assert.equal(arraysizeSize("*"), null);
  assert.equal(arraysizeSize("256*"), 256);
  assert.equal(arraysizeSize("64"), 64);
  assert.equal(arraysizeSize("2"), 2);
  assert.equal(arraysizeSize("2x3"), null);
  assert.equal(arraysizeSize("3x*"), null);
});

test("TAP_SCHEMA describes its five tables with every TAP 1.1 column, std=1", () => {
  const self = tapSchemaSelfDescription();
  const cols = Object.fromEntries(self.tables.map((t) => [t.name, t.columns.map((c) => c.name)]));
  assert.deepEqual(cols, {
    "TAP_SCHEMA.schemas": ["schema_name", "utype", "description", "schema_index"],
    "TAP_SCHEMA.tables": ["schema_name", "table_name", "table_type", "utype", "description", "table_index"],
    "TAP_SCHEMA.columns": [
      "table_name", "column_name", "datatype", "arraysize", "xtype", "size", "description", "utype", "unit", "ucd", "indexed", "principal", "std", "column_index",
    ],
    "TAP_SCHEMA.keys": ["key_id", "from_table", "target_table", "description", "utype"],
    "TAP_SCHEMA.key_columns": ["key_id", "from_column", "target_column"],
  });
  for (const t of self.tables) for (const c of t.columns) assert.equal(c.std, true, `${t.name}.${c.name}`);
  const intCols = self.tables.flatMap((t) => t.columns.filter((c) => c.datatype === "int").map((c) => c.name));
  assert.deepEqual(intCols, ["schema_index", "table_index", "size", "indexed", "principal", "std", "column_index"]);
});

test("TAP_SCHEMA.columns rows for TAP_SCHEMA itself: quoted size, 0/1 flags", () => {
  const size = ROWS.columns.find((c) => c.table_name === "TAP_SCHEMA.columns" && c.column_name === '"size"');
  assert.deepEqual(size, {
    table_name: "TAP_SCHEMA.columns",
    column_name: '"size"',
    datatype: "int",
    arraysize: null,
    xtype: null,
    size: null,
    description: "Numeric part of arraysize; null for scalars, variable and multi-dimensional arrays",
    utype: null,
    unit: null,
    ucd: null,
    indexed: 0,
    principal: 1,
    std: 1,
    column_index: 6,
  });
  for (const c of ROWS.columns) {
    for (const v of [c.indexed, c.principal, c.std]) assert.ok(v === 0 || v === 1);
  }
  const region = ROWS.columns.find((c) => c.table_name === "ivoa.ObsCore" && c.column_name === "s_region");
  assert.equal(region?.xtype, "adql:REGION");
  assert.equal(region?.arraysize, "*");
  assert.equal(region?.size, null);
  assert.equal(region?.indexed, 1);
});

test("uniqueness and referential integrity of the rows (TAP-25, TAP-27)", () => {
  const tables = new Set(ROWS.tables.map((t) => t.table_name));
  assert.equal(tables.size, ROWS.tables.length);
  const pairs = new Set(ROWS.columns.map((c) => `${c.table_name}|${c.column_name}`));
  assert.equal(pairs.size, ROWS.columns.length);
  const schemas = new Set(ROWS.schemas.map((s) => s.schema_name));
  assert.deepEqual([...schemas], ["ivoa", "caom2", "skyport", "TAP_SCHEMA"]);
  for (const t of ROWS.tables) {
    assert.ok(schemas.has(t.schema_name), t.table_name);
    assert.equal(t.table_type, "table");
  }
  for (const c of ROWS.columns) assert.ok(tables.has(c.table_name), c.table_name);
  const keys = new Map(ROWS.keys.map((k) => [k.key_id, k]));
  assert.equal(keys.size, ROWS.keys.length);
  for (const kc of ROWS.key_columns) {
    const k = keys.get(kc.key_id);
    assert.ok(k, kc.key_id);
    assert.ok(pairs.has(`${k.from_table}|${kc.from_column}`), `${k.from_table}.${kc.from_column}`);
    assert.ok(pairs.has(`${k.target_table}|${kc.target_column}`), `${k.target_table}.${kc.target_column}`);
  }
  // The five TAP-27 self keys.
  const self = ROWS.keys.filter((k) => k.from_table.startsWith("TAP_SCHEMA."));
  assert.deepEqual(
    self.map((k) => [k.from_table, k.target_table]),
    [
      ["TAP_SCHEMA.tables", "TAP_SCHEMA.schemas"],
      ["TAP_SCHEMA.columns", "TAP_SCHEMA.tables"],
      ["TAP_SCHEMA.keys", "TAP_SCHEMA.tables"],
      ["TAP_SCHEMA.keys", "TAP_SCHEMA.tables"],
      ["TAP_SCHEMA.key_columns", "TAP_SCHEMA.keys"],
    ],
  );
});

test("indexes are 1-based positions; withTapSchema is idempotent", () => {
  assert.deepEqual(ROWS.schemas.map((s) => s.schema_index), [1, 2, 3, 4]);
  const obscore = ROWS.columns.filter((c) => c.table_name === "ivoa.ObsCore");
  assert.deepEqual(obscore.map((c) => c.column_index), obscore.map((_, i) => i + 1));
  assert.equal(obscore[0]?.column_name, "dataproduct_type");
  const once = withTapSchema(tapSchemaDescription(DEFAULT_OBSCORE_CONFIG));
  assert.equal(withTapSchema(once), once);
});
