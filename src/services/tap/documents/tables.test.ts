import assert from "node:assert/strict";
import { test } from "node:test";
import { SkyportError } from "../../../lib/errors/index.js";
import { DEFAULT_OBSCORE_CONFIG, tapSchemaDescription } from "../../../repo/obscore/index.js";
import { xsdValidate } from "./fixtures/xml-check.js";
import { findTable, renderTableDocument, renderTableset } from "./tables.js";
import { withTapSchema } from "./tap-schema.js";

const DESCRIPTION = withTapSchema(tapSchemaDescription(DEFAULT_OBSCORE_CONFIG));

test("/tables (detail=max) validates against VOSITables 1.1 and lists every schema and table", () => {
  const xml = renderTableset(DESCRIPTION);
  const v = xsdValidate(xml, "vosi-tables-1.1");
  assert.ok(v.ok, v.output);
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<vosi:tableset xmlns:vosi="http:\/\/www\.ivoa\.net\/xml\/VOSITables\/v1\.0" xmlns:vs="http:\/\/www\.ivoa\.net\/xml\/VODataService\/v1\.1"/);
  const schemaNames = [...xml.matchAll(/<schema>\s*<name>([^<]+)<\/name>/g)].map((m) => m[1]);
  assert.deepEqual(schemaNames, ["ivoa", "caom2", "skyport", "TAP_SCHEMA"]);
  const tableCount = xml.match(/<table>/g)?.length;
  assert.equal(tableCount, DESCRIPTION.tables.length);
  const columnCount = xml.match(/<column /g)?.length;
  assert.equal(columnCount, DESCRIPTION.tables.reduce((n, t) => n + t.columns.length, 0));
});

test("columns: vs:VOTableType with arraysize and extendedType, flags and std", () => {
  const xml = renderTableset(DESCRIPTION);
  assert.match(
    xml,
    /<column std="true">\s*<name>s_region<\/name>\s*<description>[^<]+<\/description>\s*<ucd>pos\.outline;obs\.field<\/ucd>\s*<utype>obscore:Char\.SpatialAxis\.Coverage\.Support\.Area<\/utype>\s*<dataType xsi:type="vs:VOTableType" arraysize="\*" extendedType="adql:REGION">char<\/dataType>\s*<flag>indexed<\/flag>\s*<flag>primary<\/flag>\s*<\/column>/,
  );
  assert.match(xml, /<name>s_ra<\/name>\s*<description>[^<]+<\/description>\s*<unit>deg<\/unit>\s*<ucd>pos\.eq\.ra<\/ucd>/);
  assert.match(xml, /<column std="false">\s*<name>seeing<\/name>/);
  // TAP-24/25: the reserved word is delimited, and scalar int has no arraysize.
  assert.match(xml, /<name>"size"<\/name>\s*<description>[^<]+<\/description>\s*<dataType xsi:type="vs:VOTableType">int<\/dataType>\s*<flag>primary<\/flag>/);
});

test("foreign keys sit in the referencing table", () => {
  const xml = renderTableDocument(DESCRIPTION, "caom2.Plane");
  assert.match(
    xml,
    /<foreignKey>\s*<targetTable>caom2\.Observation<\/targetTable>\s*<fkColumn>\s*<fromColumn>obsID<\/fromColumn>\s*<targetColumn>obsID<\/targetColumn>\s*<\/fkColumn>\s*<description>The observation of a plane\.<\/description>\s*<\/foreignKey>/,
  );
  const tap = renderTableDocument(DESCRIPTION, "TAP_SCHEMA.keys");
  assert.equal(tap.match(/<foreignKey>/g)?.length, 2);
  assert.match(tap, /<targetTable>TAP_SCHEMA\.tables<\/targetTable>\s*<fkColumn>\s*<fromColumn>target_table<\/fromColumn>\s*<targetColumn>table_name<\/targetColumn>/);
});

test("detail=min: tables without columns or keys, still valid", () => {
  const xml = renderTableset(DESCRIPTION, "min");
  assert.doesNotMatch(xml, /<column|<foreignKey/);
  assert.match(xml, /<table>\s*<name>ivoa\.ObsCore<\/name>\s*<description>[^<]+<\/description>\s*<utype>ivo:\/\/ivoa\.net\/std\/ObsCore#core-1\.1<\/utype>\s*<\/table>/);
  const v = xsdValidate(xml, "vosi-tables-1.1");
  assert.ok(v.ok, v.output);
});

test("/tables/{name}: a `table` root with all columns, valid; names match case-insensitively", () => {
  const xml = renderTableDocument(DESCRIPTION, "ivoa.ObsCore");
  assert.match(xml, /\n<vosi:table xmlns:vosi=/);
  assert.equal(xml.match(/<column /g)?.length, findTable(DESCRIPTION, "ivoa.ObsCore")?.columns.length);
  const v = xsdValidate(xml, "vosi-tables-1.1");
  assert.ok(v.ok, v.output);
  assert.equal(findTable(DESCRIPTION, "IVOA.OBSCORE")?.name, "ivoa.ObsCore");
  assert.equal(findTable(DESCRIPTION, "tap_schema.columns")?.name, "TAP_SCHEMA.columns");
  const tapColumns = renderTableDocument(DESCRIPTION, "TAP_SCHEMA.columns");
  assert.ok(xsdValidate(tapColumns, "vosi-tables-1.1").ok);
});

test("/tables/{name} for an unknown table is NotFound", () => {
  assert.throws(
    () => renderTableDocument(DESCRIPTION, "ivoa.nope"),
    (e: unknown) => e instanceof SkyportError && e.code === "NotFound" && e.status === 404 && /ivoa\.nope/.test(e.message),
  );
});

test("XML special characters in descriptions are escaped", () => {
  const xml = renderTableset({
    schemas: [{ name: "s", description: "a < b & c" }],
    tables: [{ schema: "s", name: "s.t", dbTable: "s_t", description: "x>y", columns: [] }],
    keys: [],
  });
  assert.match(xml, /<description>a &lt; b &amp; c<\/description>/);
  assert.ok(xsdValidate(xml, "vosi-tables-1.1").ok);
});
