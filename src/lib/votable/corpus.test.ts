/**
 * Our reader over every file of shared/data/votable-examples (real service responses from
 * astropy, pyvo and Rubin's sdm_schemas): VOTables must read to the values astropy reads, and the
 * files that are not VOTables (VOSI, UWS, YAML, JSON) must fail with VOTableFormatError.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, test } from "node:test";
import { hasPythonModules, oracleSkip, runPython, sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { diffCell, normaliseCell, type OracleValue } from "./fixtures/oracle-compare.js";
import { documentTables, readVOTable, VOTableFormatError } from "./index.js";

const ROOT = sharedData("votable-examples");
const ORACLE_SCRIPT = new URL("./fixtures/oracle_votable.py", import.meta.url).pathname;
const EXPECTED_FILES = 26;
/** Not VOTables at all: the reader must refuse them with VOTableFormatError. */
const NOT_VOTABLE = new Set([
  "pyvo/availability.xml",
  "pyvo/capabilities.xml",
  "pyvo/job-error.xml",
  "pyvo/job.xml",
  "pyvo/sia2/capabilities.xml",
  "pyvo/tables.xml",
  "pyvo/tap/capabilities.xml",
  "pyvo/tap/tables.xml",
  "rubin-datalink/columns-minimal.yaml",
  "rubin-datalink/datalink-manifest.json",
]);
/**
 * Cells where astropy's lenient reading of deliberately odd input differs from ours, each with
 * the reason. Everything not listed must match exactly.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  "astropy/gemini.xml|content_length": "VOTable 1.2 file: astropy reads an empty integer TD as 0 (pre-1.3 rule); we read null as VOTable 1.3+ defines",
  "astropy/regression.xml|string test": "' XXXX ': astropy strips whitespace around char TDs; VOTable keeps it significant (VOT-06)",
  "astropy/regression.xml|fixed string test": "as 'string test'",
  "astropy/regression.xml|unicode_test": "as 'string test'",
  "astropy/regression.xml|array": "long 2x2* elements NaN/Inf and VALUES null -1: astropy masks single elements; our integer arrays have no element nulls (0 for NaN, sentinel kept)",
  "astropy/regression.xml|nulls_array": "as array (element equal to VALUES null -9)",
  "astropy/regression.xml|doublearray": "as array (double element equal to VALUES null -1)",
  "astropy/regression.xml|doubleComplex": "'NaN Inf': astropy masks a complex with a NaN part; we keep [NaN, +Inf]",
  "astropy/regression.xml|unsignedByte": "out-of-range 256/0x100: astropy clips to 255, we read null",
  "astropy/regression.xml|short": "out-of-range 65536/0x10000: astropy clips to 32767, we read null",
};

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe("shared votable-examples corpus", { skip: sharedSkip() }, () => {
  const files = sharedSkip() ? [] : walk(ROOT).sort();

  test("file count and classification", () => {
    assert.equal(files.length, EXPECTED_FILES);
    let read = 0;
    for (const f of files) {
      const rel = relative(ROOT, f);
      if (NOT_VOTABLE.has(rel)) {
        assert.throws(() => readVOTable(readFileSync(f)), VOTableFormatError, rel);
      } else {
        readVOTable(readFileSync(f));
        read++;
      }
    }
    assert.equal(read, EXPECTED_FILES - NOT_VOTABLE.size);
  });

  test("values equal astropy's", { skip: oracleSkip("astropy", hasPythonModules("astropy.io.votable")) }, () => {
    const vots = files.filter((f) => !NOT_VOTABLE.has(relative(ROOT, f)));
    const out = JSON.parse(runPython(ORACLE_SCRIPT, vots)) as Record<string, { astropy: { fields: string[]; rows: OracleValue[][] }[] | { error: string } }>;
    const diffs: string[] = [];
    const stillDiffering = new Set<string>();
    let cells = 0;
    for (const f of vots) {
      const rel = relative(ROOT, f);
      const astro = out[f]!.astropy;
      assert.ok(Array.isArray(astro), `astropy could not read ${rel}: ${JSON.stringify(astro)}`);
      const ours = documentTables(readVOTable(readFileSync(f))).filter((t) => t.fields.length > 0);
      assert.equal(ours.length, astro.length, `${rel}: table count`);
      ours.forEach((t, k) => {
        const a = astro[k]!;
        assert.equal(t.rows.length, a.rows.length, `${rel}: row count of table ${k}`);
        t.fields.forEach((field, c) => {
          const key = `${rel}|${field.name}`;
          const known = KNOWN_DIFFERENCES[key] !== undefined;
          t.rows.forEach((row, r) => {
            cells++;
            let want = normaliseCell(row[c], field);
            if (want === "") want = null;
            const d = diffCell(want, a.rows[r]![c]!, field);
            if (d === undefined) return;
            if (known) stillDiffering.add(key);
            else diffs.push(`${rel} t${k} r${r} ${field.name}: ${d}`);
          });
        });
      });
    }
    assert.deepEqual(diffs, []);
    // Every listed difference must still exist, so the list cannot go stale.
    assert.deepEqual(Object.keys(KNOWN_DIFFERENCES).filter((k) => !stillDiffering.has(k)), []);
    assert.ok(cells > 1000, `compared ${cells} cells`);
  });
});
