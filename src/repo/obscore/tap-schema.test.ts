/**
 * The published ObsCore metadata against the IVOA's own column tables (sdm_schemas'
 * ObsCore-v1.1-mandatory/optional.csv in shared/data/obscore): every mandatory column present, and
 * units, UCDs and utypes of every standard column we publish exactly as the standard gives them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { DEFAULT_OBSCORE_CONFIG } from "./config.js";
import { tapSchemaDescription } from "./tables.js";

interface StdColumn {
  readonly name: string;
  readonly unit: string | undefined;
  readonly utype: string;
  readonly ucd: string;
}

function readCsv(file: string): StdColumn[] {
  const lines = readFileSync(sharedData("obscore", "sdm_schemas", file), "utf8").trim().split("\n").slice(1);
  return lines.map((l) => {
    const [name, , , unit, utype, ucd] = l.split(",");
    return { name: name!, unit: unit === "NULL" ? undefined : unit, utype: `obscore:${utype}`, ucd: ucd! };
  });
}

test("ivoa.ObsCore columns carry the standard's units, UCDs and utypes", { skip: sharedSkip() }, () => {
  const mandatory = readCsv("ObsCore-v1.1-mandatory.csv");
  const optional = readCsv("ObsCore-v1.1-optional.csv");
  assert.equal(mandatory.length, 30, "ObsCore 1.1 has 30 mandatory columns");
  const described = tapSchemaDescription(DEFAULT_OBSCORE_CONFIG);
  const table = described.tables.find((t) => t.name === "ivoa.ObsCore")!;
  const ours = new Map(table.columns.map((c) => [c.name, c]));
  for (const std of mandatory) assert.ok(ours.has(std.name), `mandatory column ${std.name}`);
  let checked = 0;
  for (const std of [...mandatory, ...optional]) {
    const c = ours.get(std.name);
    if (!c) continue;
    assert.deepEqual([c.unit, c.ucd, c.utype, c.std], [std.unit, std.ucd, std.utype, true], std.name);
    checked++;
  }
  assert.equal(checked, 35, "30 mandatory + 5 optional standard columns");
  for (const c of table.columns.filter((x) => x.name.startsWith("lsst_"))) assert.equal(c.std, false, c.name);
  // Every key names real tables and columns.
  const byName = new Map(described.tables.map((t) => [t.name, new Set(t.columns.map((c) => c.name))]));
  for (const k of described.keys) {
    for (const { from, target } of k.columns) {
      assert.ok(byName.get(k.fromTable)?.has(from), `${k.keyId}: ${k.fromTable}.${from}`);
      assert.ok(byName.get(k.targetTable)?.has(target), `${k.keyId}: ${k.targetTable}.${target}`);
    }
  }
});
