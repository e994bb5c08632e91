/**
 * The writer against independent tools (STYLE.md §7 "Oracles, not ourselves"): the kitchen-sink
 * document in TABLEDATA, BINARY and BINARY2 must pass STILTS votlint, validate against the
 * VOTable 1.4 XSD, and read back to the same values in astropy.io.votable and pyvo
 * (fixtures/oracle_votable.py).
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { promisify } from "node:util";
import { hasCommand, hasPythonModules, oracleSkip, runPython, sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { KITCHEN_DOC, KITCHEN_FIELDS, KITCHEN_MAX_ROWS, KITCHEN_ROWS } from "./fixtures/kitchen-sink.js";
import { diffCell, normaliseCell, type OracleValue } from "./fixtures/oracle-compare.js";
import type { Field, Resource, VOTableDocument } from "./index.js";
import { parseArraysize, type Serialization, writeVOTableToString } from "./index.js";
import { makeTextFormatter } from "./text-format.js";
import { replaceIllegalXmlChars } from "./xml-escape.js";

const run = promisify(execFile);
const SERIALIZATIONS: readonly Serialization[] = ["TABLEDATA", "BINARY", "BINARY2"];
const ORACLE_SCRIPT = new URL("./fixtures/oracle_votable.py", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "skyport-votable-"));

/** The document with the kitchen table's fields replaced (rows are mapped accordingly). */
function withFields(doc: VOTableDocument, fields: readonly Field[]): VOTableDocument {
  const [results, ...rest] = doc.resources as [Resource, ...Resource[]];
  const [table] = results.tables!;
  return { ...doc, resources: [{ ...results, tables: [{ ...table!, fields }] }, ...rest] };
}

// votlint 3.4.7 (Debian) knows DALI 1.1 only and has two defects around xtype="polygon":
// it rejects the empty TD that VOTable 1.3+ defines as null, and it misreads BINARY/BINARY2
// streams holding a variable-length polygon. The full document may show exactly these
// messages; the same document without those two xtypes must be entirely clean.
const KNOWN_VOTLINT = [
  /^WARNING \(l\.\d+, c\.\d+\): Non-DALI xtype value "moc"$/,
  /^ERROR \(l\.\d+, c\.\d+\): Bad double string ''$/,
  /^ERROR \(l\.\d+, c\.\d+\): (Stream ended during data read|End of stream while reading|Streaming error|Apparent negative element count).*$/,
];
const STRICT_FIELDS = KITCHEN_FIELDS.map((f) => (f.xtype === "polygon" || f.xtype === "moc" ? { ...f, xtype: undefined } : f));
// The astropy/pyvo copy lacks two columns astropy 5.2 cannot read: 2-D char arrays (E01
// "Invalid size specifier '6x'") and bounded char arrays, which its BINARY parser reads as fixed
// ("16*" taken as "16"; converters.Char drops the "*"), losing the 4-byte count and every later row.
// Both are covered by votlint (strict variant) and by our own reader's round trip.
const ASTROPY_UNREADABLE = new Set(["f_chars2d", "f_boundstr"]);
const keep = KITCHEN_FIELDS.map((f) => !ASTROPY_UNREADABLE.has(f.name));
const ORACLE_FIELDS = KITCHEN_FIELDS.filter((_, i) => keep[i]);
const ORACLE_ROWS = KITCHEN_ROWS.map((r) => r.filter((_, i) => keep[i]));

const files = new Map<string, string>();
before(async () => {
  for (const ser of SERIALIZATIONS) {
    const opts = { serialization: ser, maxRows: KITCHEN_MAX_ROWS };
    const variants: [string, VOTableDocument, typeof KITCHEN_ROWS][] = [
      ["full", KITCHEN_DOC, KITCHEN_ROWS],
      ["strict", withFields(KITCHEN_DOC, STRICT_FIELDS), KITCHEN_ROWS],
      ["oracle", withFields(KITCHEN_DOC, ORACLE_FIELDS), ORACLE_ROWS],
    ];
    for (const [kind, doc, rows] of variants) {
      const path = join(dir, `${kind}-${ser}.xml`);
      writeFileSync(path, await writeVOTableToString(doc, rows, opts));
      files.set(`${kind}-${ser}`, path);
    }
  }
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function votlint(path: string): Promise<string[]> {
  const r = await run("stilts", ["votlint", `votable=${path}`, "version=1.4"], { maxBuffer: 1 << 24 }).catch(
    (e: { stdout?: string; stderr?: string }) => ({ stdout: e.stdout ?? "", stderr: e.stderr ?? "" }),
  );
  return `${r.stdout}\n${r.stderr}`
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("at ") && !l.startsWith("..."));
}

describe("writer output vs STILTS votlint", { skip: oracleSkip("stilts", hasCommand("stilts")) }, () => {
  for (const ser of SERIALIZATIONS) {
    test(`${ser}: strict variant has no votlint message at all; full document only the known votlint defects`, async () => {
      const [strict, full] = await Promise.all([votlint(files.get(`strict-${ser}`)!), votlint(files.get(`full-${ser}`)!)]);
      assert.deepEqual(strict, [], `votlint on ${ser} (strict):\n${strict.join("\n")}`);
      const unexpected = full.filter((l) => (l.startsWith("ERROR") || l.startsWith("WARNING")) && !KNOWN_VOTLINT.some((re) => re.test(l)));
      assert.deepEqual(unexpected, [], `votlint on ${ser}:\n${full.join("\n")}`);
      assert.ok(full.some((l) => l.includes('"moc"')), "votlint saw the moc xtype");
    });
  }
});

describe("writer output vs VOTable 1.4 XSD", { skip: sharedSkip() || oracleSkip("xmllint", hasCommand("xmllint")) }, () => {
  test("all serialisations validate against VOTable-1.4.xsd", async () => {
    const script = sharedData("xsd", "validate.sh");
    const paths = SERIALIZATIONS.flatMap((s) => [files.get(`full-${s}`)!, files.get(`oracle-${s}`)!]);
    const outs = await Promise.all(paths.map((p) => run("bash", [script, p, "votable-1.4"]).then((r) => r.stdout.trim(), (e: { stdout?: string }) => e.stdout ?? "failed")));
    assert.deepEqual(outs, paths.map(() => "valid"));
  });
});

interface OracleTable {
  readonly fields: string[];
  readonly rows: OracleValue[][];
}
type OracleEntry = { astropy: OracleTable[] | { error: string }; pyvo: OracleTable | { error: string } };

function expected(ser: Serialization): OracleValue[][] {
  return ORACLE_ROWS.slice(0, KITCHEN_MAX_ROWS).map((row) =>
    row.map((cell, i) => {
      const f = ORACLE_FIELDS[i]!;
      if ((f.datatype === "char" || f.datatype === "unicodeChar") && cell !== null && cell !== undefined) {
        const text = makeTextFormatter(f)(cell);
        return ser === "TABLEDATA" ? replaceIllegalXmlChars(text) : text;
      }
      const v = normaliseCell(cell, f);
      // The writer truncates bounded variable arrays ("10*") to their bound.
      const shape = parseArraysize(f.arraysize);
      return Array.isArray(v) && shape?.maxLast !== undefined ? v.slice(0, shape.maxLast * shape.count) : v;
    }),
  );
}

function compareTable(label: string, want: OracleValue[][], got: OracleTable): void {
  assert.deepEqual(got.fields, ORACLE_FIELDS.map((f) => f.name), `${label}: field names`);
  assert.equal(got.rows.length, want.length, `${label}: row count`);
  const diffs: string[] = [];
  want.forEach((row, r) => {
    row.forEach((w, c) => {
      const f = ORACLE_FIELDS[c]!;
      // astropy 5.2 reads a scalar BINARY bit from mask 0x08 (converters.Bit.binparse) where
      // VOTable 1.4 §5.4 packs bits from the most significant end (0x80, what we and STIL use);
      // pinned here so a fix on either side shows up.
      if (f.datatype === "bit" && f.arraysize === undefined && label.includes("BINARY") && w === true) {
        assert.equal(got.rows[r]![c], false, `${label} row ${r} ${f.name}: astropy scalar-bit quirk changed`);
        return;
      }
      const d = diffCell(w, got.rows[r]![c]!, f);
      if (d !== undefined) diffs.push(`${label} row ${r} ${f.name}: ${d}`);
    });
  });
  assert.deepEqual(diffs, []);
}

describe("writer output read by astropy and pyvo", { skip: oracleSkip("astropy+pyvo", hasPythonModules("astropy.io.votable", "pyvo")) }, () => {
  test("every cell of every serialisation reads back to the written value", () => {
    const paths = SERIALIZATIONS.map((s) => files.get(`oracle-${s}`)!);
    const out = JSON.parse(runPython(ORACLE_SCRIPT, paths)) as Record<string, OracleEntry>;
    SERIALIZATIONS.forEach((ser, k) => {
      const entry = out[paths[k]!]!;
      assert.ok(Array.isArray(entry.astropy), `astropy failed on ${ser}: ${JSON.stringify(entry.astropy)}`);
      assert.ok(!("error" in entry.pyvo), `pyvo failed on ${ser}: ${JSON.stringify(entry.pyvo)}`);
      compareTable(`astropy ${ser}`, expected(ser), entry.astropy[0]!);
      compareTable(`pyvo ${ser}`, expected(ser), entry.pyvo as OracleTable);
    });
  });
});
