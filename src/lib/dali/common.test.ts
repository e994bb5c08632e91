import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseMaxrec, parseResponseFormat, parseRunId, singleValue, values } from "./common.js";
import { assertFault, raw } from "./fixtures/support.js";

const limits = { defaultMaxrec: 1000, maxMaxrec: 10000 };

describe("single-valued and lookup", () => {
  it("values and singleValue", () => {
    assert.deepEqual(values(raw({ A: ["x", "y"] }), "A"), ["x", "y"]);
    assert.deepEqual(values(raw({}), "A"), []);
    assert.equal(singleValue(raw({ A: "x" }), "A"), "x");
    assert.equal(singleValue(raw({}), "A"), undefined);
    assertFault(() => singleValue(raw({ RUNID: ["a", "b"] }), "RUNID"), "RUNID", "Parameter RUNID is single-valued but was given 2 times");
  });
});

describe("MAXREC", () => {
  it("default, value, zero, cap", () => {
    assert.deepEqual(parseMaxrec(raw({}), limits), { value: 1000, capped: false });
    assert.deepEqual(parseMaxrec(raw({ MAXREC: "0" }), limits), { value: 0, capped: false });
    assert.deepEqual(parseMaxrec(raw({ MAXREC: "25" }), limits), { value: 25, capped: false });
    assert.deepEqual(parseMaxrec(raw({ MAXREC: "10000" }), limits), { value: 10000, capped: false });
    assert.deepEqual(parseMaxrec(raw({ MAXREC: "10001" }), limits), { value: 10000, capped: true });
    assert.deepEqual(parseMaxrec(raw({ MAXREC: "99999999999999999999999" }), limits), { value: 10000, capped: true });
    assert.deepEqual(parseMaxrec(raw({}), { defaultMaxrec: 50, maxMaxrec: 10 }), { value: 10, capped: false });
  });
  it("refuses non-integers and repeats", () => {
    assertFault(() => parseMaxrec(raw({ MAXREC: "-1" }), limits), "MAXREC", 'Invalid MAXREC value "-1": expected a non-negative integer');
    assertFault(() => parseMaxrec(raw({ MAXREC: "1.5" }), limits), "MAXREC", 'Invalid MAXREC value "1.5": expected a non-negative integer');
    assertFault(() => parseMaxrec(raw({ MAXREC: "ten" }), limits), "MAXREC", 'Invalid MAXREC value "ten": expected a non-negative integer');
    assertFault(() => parseMaxrec(raw({ MAXREC: ["1", "2"] }), limits), "MAXREC", "Parameter MAXREC is single-valued but was given 2 times");
  });
});

describe("RESPONSEFORMAT", () => {
  const table: readonly [string, string, string | undefined, string, boolean][] = [
    ["votable", "votable", undefined, "application/x-votable+xml", false],
    ["csv", "csv", undefined, "text/csv;header=present", false],
    ["tsv", "tsv", undefined, "text/tab-separated-values", false],
    ["fits", "fits", undefined, "application/fits", false],
    ["text", "text", undefined, "text/plain", false],
    ["html", "html", undefined, "text/html", false],
    ["application/x-votable+xml", "votable", undefined, "application/x-votable+xml", true],
    ["text/xml", "votable", undefined, "text/xml", true],
    ["text/csv", "csv", undefined, "text/csv", true],
    ["text/csv;header=present", "csv", undefined, "text/csv;header=present", true],
    ["text/tab-separated-values", "tsv", undefined, "text/tab-separated-values", true],
    ["application/fits", "fits", undefined, "application/fits", true],
    ["text/plain", "text", undefined, "text/plain", true],
    ["text/html", "html", undefined, "text/html", true],
    ["application/x-votable+xml;serialization=BINARY2", "votable", "BINARY2", "application/x-votable+xml;serialization=BINARY2", true],
    ["application/x-votable+xml; serialization=tabledata", "votable", "TABLEDATA", "application/x-votable+xml; serialization=tabledata", true],
    ["Application/X-VOTable+XML;serialization=BINARY", "votable", "BINARY", "Application/X-VOTable+XML;serialization=BINARY", true],
  ];
  for (const [asked, format, serialization, contentType, byMime] of table) {
    it(`reads ${asked}`, () => {
      assert.deepEqual(parseResponseFormat(raw({ RESPONSEFORMAT: asked })), { format, serialization, contentType, byMime });
    });
  }
  it("defaults to VOTable", () => {
    assert.deepEqual(parseResponseFormat(raw({})), { format: "votable", serialization: undefined, contentType: "application/x-votable+xml", byMime: false });
  });
  it("refuses unknown values, unknown MIME parameters, formats not offered, repeats", () => {
    const known =
      "votable, csv, tsv, fits, text, html, application/x-votable+xml, text/xml, text/csv, text/tab-separated-values, application/fits, text/plain, text/html";
    assertFault(() => parseResponseFormat(raw({ RESPONSEFORMAT: "json" })), "RESPONSEFORMAT", `Invalid RESPONSEFORMAT value "json": unknown format; expected one of ${known}`);
    assertFault(() => parseResponseFormat(raw({ RESPONSEFORMAT: "VOTABLE" })), "RESPONSEFORMAT", `Invalid RESPONSEFORMAT value "VOTABLE": unknown format; expected one of ${known}`);
    assertFault(
      () => parseResponseFormat(raw({ RESPONSEFORMAT: "application/x-votable+xml;serialization=BINARY3" })),
      "RESPONSEFORMAT",
      'Invalid RESPONSEFORMAT value "application/x-votable+xml;serialization=BINARY3": unsupported MIME parameter "serialization=BINARY3"; only serialization=TABLEDATA|BINARY|BINARY2 (VOTable) and header=present (CSV) are known',
    );
    assertFault(
      () => parseResponseFormat(raw({ RESPONSEFORMAT: "fits" }), ["votable", "csv"]),
      "RESPONSEFORMAT",
      'Invalid RESPONSEFORMAT value "fits": format not offered here; expected one of votable, csv',
    );
    assertFault(() => parseResponseFormat(raw({ RESPONSEFORMAT: ["csv", "csv"] })), "RESPONSEFORMAT", "Parameter RESPONSEFORMAT is single-valued but was given 2 times");
  });
});

describe("RUNID", () => {
  it("accepts up to 64 characters", () => {
    assert.equal(parseRunId(raw({})), undefined);
    assert.equal(parseRunId(raw({ RUNID: "x".repeat(64) })), "x".repeat(64));
    assertFault(() => parseRunId(raw({ RUNID: "x".repeat(65) })), "RUNID", `Invalid RUNID value "${"x".repeat(65)}": longer than 64 characters (65)`);
  });
});
