import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { isReserved, parseAdql, tokenize } from "../../../lib/adql/index.js";
import { DEFAULT_OBSCORE_CONFIG, tapSchemaDescription } from "../../../repo/obscore/index.js";
import { EXAMPLES_VOCAB, publishedExamples, renderExamples, type TapExample } from "./examples.js";
import { SKYPORT_EXAMPLES } from "./examples-data.js";
import { wellFormed } from "./fixtures/xml-check.js";
import { withTapSchema } from "./tap-schema.js";

const DESCRIPTION = withTapSchema(tapSchemaDescription(DEFAULT_OBSCORE_CONFIG));
const DOC = renderExamples(SKYPORT_EXAMPLES, { title: "Skyport TAP examples", intro: "Queries you can run on this service & adapt." });

/** Evaluates XPath string expressions on the document with xmllint. */
function xpathStrings(xml: string, exprs: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "tapexa-"));
  try {
    const path = join(dir, "examples.xhtml");
    writeFileSync(path, xml);
    return exprs.map((e) => {
      const r = spawnSync("xmllint", ["--nonet", "--xpath", e, path], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.replace(/\n$/, ""); // xmllint ends its answer with a newline
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the examples document is well-formed XHTML with one vocab declaration", () => {
  const r = wellFormed(DOC);
  assert.ok(r.ok, r.output);
  assert.match(DOC, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<!DOCTYPE html>\n<html xmlns="http:\/\/www\.w3\.org\/1999\/xhtml"/);
  assert.equal(DOC.match(/vocab=/g)?.length, 1);
  assert.match(DOC, new RegExp(`<body vocab="${EXAMPLES_VOCAB.replaceAll(".", "\\.")}">`));
  assert.match(DOC, /<p>Queries you can run on this service &amp; adapt\.<\/p>/);
});

test("each example: typeof, id, resource, one name, one query in a pre, table properties", () => {
  assert.ok(SKYPORT_EXAMPLES.length >= 8);
  assert.equal(DOC.match(/typeof="example"/g)?.length, SKYPORT_EXAMPLES.length);
  for (const x of SKYPORT_EXAMPLES) {
    assert.match(DOC, new RegExp(`<div typeof="example" id="${x.id}" resource="#${x.id}">`), x.id);
  }
  const count = (id: string, what: string) => `count(//*[@id='${id}']//*[${what}])`;
  const exprs = SKYPORT_EXAMPLES.flatMap((x) => [
    count(x.id, "@property='name'"),
    count(x.id, "@property='query'"),
    count(x.id, "@property='query' and local-name()='pre'"),
    count(x.id, "@property='query' and ancestor::*[local-name()='a']"),
    count(x.id, "@property='table'"),
    `string(//*[@id='${x.id}']//*[@property='query'])`,
  ]);
  const out = xpathStrings(DOC, exprs);
  SKYPORT_EXAMPLES.forEach((x, i) => {
    const [names, queries, inPre, inA, tables, query] = out.slice(i * 6, i * 6 + 6);
    assert.equal(names, "1", x.id);
    assert.equal(queries, "1", x.id);
    assert.equal(inPre, "1", x.id);
    assert.equal(inA, "0", x.id);
    assert.equal(Number(tables), x.tables.length, x.id);
    // The query text survives XML escaping exactly (quotes, <, >, &).
    assert.equal(query, x.query, x.id);
  });
});

test("every example query parses as ADQL 2.1", () => {
  for (const x of SKYPORT_EXAMPLES) assert.doesNotThrow(() => parseAdql(x.query), x.id);
});

/** The names a query may use: columns of its tables, their aliases, select aliases, table name parts. */
function unknownNames(x: TapExample): string[] {
  const tables = x.tables.map((name) => DESCRIPTION.tables.find((t) => t.name.toLowerCase() === name.toLowerCase()));
  const known = new Set<string>();
  for (const t of tables) {
    if (t === undefined) continue;
    for (const part of t.name.split(".")) known.add(part.toLowerCase());
    for (const c of t.columns) known.add(c.name.toLowerCase());
  }
  const toks = tokenize(x.query);
  toks.forEach((t, i) => {
    if (t.kind === "word" && toks[i - 1]?.value === "AS") known.add(t.text.toLowerCase());
  });
  return toks
    .filter((t, i) => t.kind === "word" && !isReserved(t.text) && toks[i + 1]?.text !== "(" && !known.has(t.text.toLowerCase()))
    .map((t) => t.text);
}

test("examples reference only published tables and columns", () => {
  for (const x of SKYPORT_EXAMPLES) {
    for (const t of x.tables) assert.ok(DESCRIPTION.tables.some((d) => d.name === t), `${x.id}: table ${t}`);
    assert.deepEqual(unknownNames(x), [], x.id);
    // Every table named in FROM/JOIN is declared as a `table` property, and vice versa.
    const used = [...x.query.matchAll(/(?:FROM|JOIN)\s+([A-Za-z_][\w.]*)/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(used)].sort(), [...x.tables].sort(), x.id);
  }
  assert.deepEqual(unknownNames({ id: "x", name: "x", query: "SELECT nonesuch FROM ivoa.ObsCore", tables: ["ivoa.ObsCore"] }), ["nonesuch"]);
});

test("publishedExamples drops examples whose tables are not served", () => {
  const onlyObscore = { ...DESCRIPTION, tables: DESCRIPTION.tables.filter((t) => t.schema !== "caom2" && t.schema !== "skyport") };
  const kept = publishedExamples(SKYPORT_EXAMPLES, onlyObscore).map((x) => x.id);
  assert.ok(kept.includes("images-near-position"));
  assert.ok(kept.includes("obscore-columns"));
  assert.ok(!kept.includes("caom2-planes-and-files"));
  assert.ok(!kept.includes("images-with-conditions"));
  assert.equal(publishedExamples(SKYPORT_EXAMPLES, DESCRIPTION).length, SKYPORT_EXAMPLES.length);
});

test("malformed or repeated ids are refused", () => {
  const x: TapExample = { id: "a", name: "A", query: "SELECT 1 FROM ivoa.ObsCore", tables: [] };
  assert.throws(() => renderExamples([x, x]), /repeated/);
  assert.throws(() => renderExamples([{ ...x, id: "Bad Id" }]), /bad/);
});
