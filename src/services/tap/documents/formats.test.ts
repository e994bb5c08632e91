import assert from "node:assert/strict";
import { test } from "node:test";
import { SkyportError } from "../../../lib/errors/index.js";
import { allowedResponseFormats, OUTPUT_FORMATS, resolveResponseFormat } from "./formats.js";

test("absent or blank RESPONSEFORMAT is VOTable TABLEDATA", () => {
  for (const v of [undefined, "", "  "]) {
    assert.deepEqual(resolveResponseFormat(v), { id: "votable-td", mime: "application/x-votable+xml", serialization: "TABLEDATA" });
  }
});

test("short names resolve case-insensitively to the declared MIME type", () => {
  const cases: [string, string, string][] = [
    ["votable", "votable-td", "application/x-votable+xml"],
    ["VOTABLE", "votable-td", "application/x-votable+xml"],
    ["votable/td", "votable-td", "application/x-votable+xml"],
    ["votable/b", "votable-binary", "application/x-votable+xml;serialization=BINARY"],
    ["votable/B2", "votable-binary2", "application/x-votable+xml;serialization=BINARY2"],
    ["csv", "csv", "text/csv;header=present"],
    ["TSV", "tsv", "text/tab-separated-values"],
    ["json", "json", "application/json"],
  ];
  for (const [value, id, mime] of cases) {
    const r = resolveResponseFormat(value);
    assert.equal(r.id, id, value);
    assert.equal(r.mime, mime, value);
  }
});

test("MIME types are echoed exactly as asked (DALI-15)", () => {
  assert.deepEqual(resolveResponseFormat("text/xml"), { id: "votable-td", mime: "text/xml", serialization: "TABLEDATA" });
  assert.deepEqual(resolveResponseFormat("application/x-votable+xml"), { id: "votable-td", mime: "application/x-votable+xml", serialization: "TABLEDATA" });
  const b2 = resolveResponseFormat("application/x-votable+xml; serialization=binary2");
  assert.equal(b2.id, "votable-binary2");
  assert.equal(b2.serialization, "BINARY2");
  assert.equal(b2.mime, "application/x-votable+xml; serialization=binary2");
  assert.equal(resolveResponseFormat("Application/X-VOTable+XML;serialization=BINARY").id, "votable-binary");
  assert.equal(resolveResponseFormat("application/x-votable+xml;serialization=TABLEDATA").id, "votable-td");
});

test("bare text/csv gets the parameterised answer; TSV and JSON by MIME", () => {
  assert.deepEqual(resolveResponseFormat("text/csv"), { id: "csv", mime: "text/csv;header=present" });
  assert.equal(resolveResponseFormat("text/csv;header=present").id, "csv");
  assert.equal(resolveResponseFormat("text/tab-separated-values").id, "tsv");
  assert.equal(resolveResponseFormat("application/json; charset=utf-8").id, "json");
});

test("unsupported values are a UsageFault on RESPONSEFORMAT naming the allowed values", () => {
  for (const bad of ["fits", "text/html", "text/csv;header=absent", "application/x-votable+xml;serialization=FITS", "application/json;x=1", "text/xml\r\nX-Evil: 1", "application/json; charset=latin1"]) {
    assert.throws(
      () => resolveResponseFormat(bad),
      (e: unknown) => {
        assert.ok(e instanceof SkyportError, bad);
        assert.equal(e.code, "UsageFault");
        assert.equal(e.param, "RESPONSEFORMAT");
        assert.equal(e.status, 400);
        assert.ok(e.userSafe);
        assert.match(e.message, /votable\/b2/);
        assert.match(e.message, /text\/tab-separated-values/);
        return true;
      },
    );
  }
});

test("the declared list: unique ids and aliases, VOTable formats carry TAPRegExt ivo-ids", () => {
  assert.deepEqual(
    OUTPUT_FORMATS.map((f) => f.id),
    ["votable-td", "votable-binary", "votable-binary2", "csv", "tsv", "json"],
  );
  const aliases = OUTPUT_FORMATS.flatMap((f) => f.aliases);
  assert.equal(new Set(aliases).size, aliases.length);
  assert.equal(OUTPUT_FORMATS[2]?.ivoId, "ivo://ivoa.net/std/TAPRegExt#output-votable-binary2");
  // Everything we list as allowed really resolves.
  for (const v of allowedResponseFormats()) assert.doesNotThrow(() => resolveResponseFormat(v), v);
});
