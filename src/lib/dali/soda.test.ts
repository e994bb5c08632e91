import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSkyportError } from "../errors/index.js";
import { parsePixels, formatPixels } from "./pixels.js";
import { MULTI_VALUED_NOT_SUPPORTED, parseSodaRequest } from "./soda.js";
import { assertFault, raw } from "./fixtures/support.js";

const sync = { multiValued: false, maxShapes: 4, maxPolygonVertices: 10 };
const async = { ...sync, multiValued: true, maxIds: 3 };

describe("parseSodaRequest", () => {
  it("reads every parameter", () => {
    const r = parseSodaRequest(
      raw({
        ID: "ivo://org/Data?A",
        CIRCLE: "10 20 0.1",
        BAND: "5e-7 6e-7",
        TIME: "59000 59001",
        POL: ["I", "Q", "U"],
        PIXELS: "[1][100:200,*]",
        RESPONSEFORMAT: "application/fits",
      }),
      sync,
    );
    assert.deepEqual(r.ids, ["ivo://org/Data?A"]);
    assert.deepEqual(r.shapes, [{ kind: "circle", raDeg: 10, decDeg: 20, radiusDeg: 0.1 }]);
    assert.deepEqual(r.band, [{ lo: 5e-7, hi: 6e-7 }]);
    assert.deepEqual(r.time, [{ lo: 59000, hi: 59001 }]);
    assert.deepEqual(r.pol, ["I", "Q", "U"]);
    assert.deepEqual(r.pixels, [{ extension: 1, ranges: [{ lo: 100, hi: 200 }, "*"] }]);
    assert.equal(r.responseFormat?.contentType, "application/fits");
  });
  it("ID is required", () => {
    assertFault(() => parseSodaRequest(raw({ CIRCLE: "10 20 1" }), sync), "ID", "Missing parameter ID: a SODA request needs the ID of a dataset");
  });
  it("sync refuses multiple values with MultiValuedParamNotSupported, but never for POL", () => {
    for (const [name, vs] of [
      ["ID", ["a", "b"]],
      ["CIRCLE", ["10 20 1", "11 20 1"]],
      ["BAND", ["1e-7", "2e-7"]],
    ] as const) {
      const params = name === "ID" ? raw({ ID: vs }) : raw({ ID: "a", [name]: vs });
      assertFault(() => parseSodaRequest(params, sync), name, `${MULTI_VALUED_NOT_SUPPORTED}: parameter ${name} was given 2 values; this endpoint accepts one`);
      assert.throws(() => parseSodaRequest(params, sync), (e: unknown) => isSkyportError(e) && e.detail === MULTI_VALUED_NOT_SUPPORTED);
    }
    assert.deepEqual(parseSodaRequest(raw({ ID: "a", POL: ["I", "V"] }), sync).pol, ["I", "V"]);
  });
  it("async accepts multiple values, shapes in POS, CIRCLE, POLYGON order", () => {
    const r = parseSodaRequest(
      raw({ ID: ["a", "b"], POS: "RANGE 350 10 -1 1", CIRCLE: ["10 20 1", "11 20 1"], POLYGON: "10 10 11 10 11 11", BAND: ["1e-7", "2e-7"] }),
      async,
    );
    assert.deepEqual(r.ids, ["a", "b"]);
    assert.deepEqual(r.shapes.map((s) => s.kind), ["range", "circle", "circle", "polygon"]);
    assert.equal(r.band.length, 2);
    assert.equal(r.responseFormat, undefined);
  });
  it("enforces shape, vertex and ID limits", () => {
    assertFault(
      () => parseSodaRequest(raw({ ID: "a", CIRCLE: ["1 1 1", "2 2 1", "3 3 1", "4 4 1", "5 5 1"] }), async),
      "CIRCLE",
      "Too many spatial shapes: 5 POS/CIRCLE/POLYGON values; at most 4 are allowed",
    );
    const poly = Array.from({ length: 11 }, (_, i) => `${(i * 360) / 11} 10`).join(" ");
    assertFault(() => parseSodaRequest(raw({ ID: "a", POLYGON: poly }), sync), "POLYGON", `Invalid POLYGON value "${poly}": polygon has 11 vertices; at most 10 are allowed`);
    assertFault(() => parseSodaRequest(raw({ ID: ["a", "b", "c", "d"] }), async), "ID", "Too many ID values: 4; at most 3 are allowed");
  });
  it("wraps invalid filter values", () => {
    assertFault(() => parseSodaRequest(raw({ ID: "a", CIRCLE: "10 20 -1" }), sync), "CIRCLE", 'Invalid CIRCLE value "10 20 -1": circle radius must lie in (0, 180] degrees, got -1');
    assertFault(() => parseSodaRequest(raw({ ID: "a", POLYGON: "1 1 2 2 3" }), sync), "POLYGON", 'Invalid POLYGON value "1 1 2 2 3": polygon needs an even count ≥ 6 of numbers, got 5');
    assertFault(() => parseSodaRequest(raw({ ID: "a", TIME: "2 1" }), sync), "TIME", 'Invalid TIME value "2 1": interval needs lo <= hi, got 2 1');
    assertFault(() => parseSodaRequest(raw({ ID: "a", POL: "XY YX" }), sync), "POL", 'Invalid POL value "XY YX": expected one of I Q U V RR LL RL LR XX YY XY YX POLI POLA');
    assertFault(() => parseSodaRequest(raw({ ID: "a", RESPONSEFORMAT: "png" }), { ...sync, responseFormats: ["fits"] }), "RESPONSEFORMAT", 'Invalid RESPONSEFORMAT value "png": unknown format; expected one of votable, csv, tsv, fits, text, html, application/x-votable+xml, text/xml, text/csv, text/tab-separated-values, application/fits, text/plain, text/html');
  });
});

describe("PIXELS", () => {
  it("reads sections with and without extension", () => {
    assert.deepEqual(parsePixels("[10:20,30:40]"), { extension: undefined, ranges: [{ lo: 10, hi: 20 }, { lo: 30, hi: 40 }] });
    assert.deepEqual(parsePixels("[SCI][*,1:5]"), { extension: "SCI", ranges: ["*", { lo: 1, hi: 5 }] });
    assert.equal(formatPixels(parsePixels("[0][1:2,*]")), "[0][1:2,*]");
  });
  it("refuses malformed sections", () => {
    const expected = "expected [ext][lo:hi,lo:hi,…] with 1-based inclusive pixel ranges or *";
    assertFault(() => parsePixels("10:20"), "PIXELS", `Invalid PIXELS value "10:20": ${expected}`);
    assertFault(() => parsePixels("[20:10]"), "PIXELS", 'Invalid PIXELS value "[20:10]": axis range 20:10 needs 1 <= lo <= hi');
    assertFault(() => parsePixels("[0:10]"), "PIXELS", 'Invalid PIXELS value "[0:10]": axis range 0:10 needs 1 <= lo <= hi');
    assertFault(() => parsePixels("[a:b]"), "PIXELS", `Invalid PIXELS value "[a:b]": bad axis range "a:b"; ${expected}`);
    assertFault(() => parsePixels("[1:2,1:2,1:2]", "PIXELS", 2), "PIXELS", 'Invalid PIXELS value "[1:2,1:2,1:2]": at most 2 axes are allowed, got 3');
  });
});
