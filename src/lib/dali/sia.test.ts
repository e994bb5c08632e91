import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseSiaQuery } from "./sia.js";
import { assertFault, raw } from "./fixtures/support.js";

const limits = { defaultMaxrec: 1000, maxMaxrec: 5000 };

describe("parseSiaQuery", () => {
  it("an empty query constrains nothing", () => {
    const q = parseSiaQuery(raw({}), limits);
    assert.deepEqual(q.pos, []);
    assert.deepEqual(q.calib, []);
    assert.deepEqual(q.maxrec, { value: 1000, capped: false });
    assert.equal(q.responseFormat.format, "votable");
    assert.equal(q.runId, undefined);
  });
  it("reads every parameter, multi-valued, values kept in order and case", () => {
    const q = parseSiaQuery(
      raw({
        POS: ["CIRCLE 10 20 1", "RANGE 350 10 -5 5", "POLYGON 10 10 11 10 11 11"],
        BAND: ["5e-7 6e-7", "1e-6"],
        TIME: "59000 +Inf",
        POL: ["I", "Q"],
        FOV: "0.1 1",
        SPATRES: "0 0.7",
        EXPTIME: "-Inf 30",
        TIMERES: "1",
        SPECRP: "100 +Inf",
        ID: ["ivo://Org/Data?A", "ivo://org/data?b"],
        COLLECTION: "LSST.DP1",
        FACILITY: "Rubin",
        INSTRUMENT: "LSSTCam",
        DPTYPE: ["image", "cube"],
        CALIB: ["2", "3"],
        TARGET: "M31",
        FORMAT: "application/fits",
        MAXREC: "10",
        RESPONSEFORMAT: "text/xml",
        RUNID: "r1",
        VERSION: "2.0",
        UNKNOWN: ["whatever", "twice"],
      }),
      limits,
    );
    assert.deepEqual(q.pos.map((r) => r.kind), ["circle", "range", "polygon"]);
    assert.deepEqual(q.band, [{ lo: 5e-7, hi: 6e-7 }, { lo: 1e-6, hi: 1e-6 }]);
    assert.deepEqual(q.time, [{ lo: 59000, hi: Infinity }]);
    assert.deepEqual(q.pol, ["I", "Q"]);
    assert.deepEqual(q.fov, [{ lo: 0.1, hi: 1 }]);
    assert.deepEqual(q.spatres, [{ lo: 0, hi: 0.7 }]);
    assert.deepEqual(q.exptime, [{ lo: -Infinity, hi: 30 }]);
    assert.deepEqual(q.timeres, [{ lo: 1, hi: 1 }]);
    assert.deepEqual(q.specrp, [{ lo: 100, hi: Infinity }]);
    assert.deepEqual(q.id, ["ivo://Org/Data?A", "ivo://org/data?b"]);
    assert.deepEqual(q.collection, ["LSST.DP1"]);
    assert.deepEqual(q.facility, ["Rubin"]);
    assert.deepEqual(q.instrument, ["LSSTCam"]);
    assert.deepEqual(q.dptype, ["image", "cube"]);
    assert.deepEqual(q.calib, [2, 3]);
    assert.deepEqual(q.target, ["M31"]);
    assert.deepEqual(q.format, ["application/fits"]);
    assert.deepEqual(q.maxrec, { value: 10, capped: false });
    assert.equal(q.responseFormat.contentType, "text/xml");
    assert.equal(q.runId, "r1");
  });
  it("names the faulty parameter", () => {
    assertFault(() => parseSiaQuery(raw({ POS: ["CIRCLE 10 20 1", "CIRCLE 10 20"] }), limits), "POS", 'Invalid POS value "CIRCLE 10 20": circle needs 3 numbers, got 2');
    assertFault(() => parseSiaQuery(raw({ BAND: "-2" }), limits), "BAND", 'Invalid BAND value "-2": bounds must be >= 0 (or -Inf/+Inf)');
    assertFault(() => parseSiaQuery(raw({ CALIB: "7" }), limits), "CALIB", 'Invalid CALIB value "7": calibration level must lie in 0-4');
    assertFault(() => parseSiaQuery(raw({ POL: "q" }), limits), "POL", 'Invalid POL value "q": expected one of I Q U V RR LL RL LR XX YY XY YX POLI POLA');
    assertFault(() => parseSiaQuery(raw({ MAXREC: ["1", "2"] }), limits), "MAXREC", "Parameter MAXREC is single-valued but was given 2 times");
    assertFault(() => parseSiaQuery(raw({ RESPONSEFORMAT: "xml" }), { ...limits, responseFormats: ["votable"] }), "RESPONSEFORMAT", 'Invalid RESPONSEFORMAT value "xml": unknown format; expected one of votable, csv, tsv, fits, text, html, application/x-votable+xml, text/xml, text/csv, text/tab-separated-values, application/fits, text/plain, text/html');
    assertFault(() => parseSiaQuery(raw({ TARGET: "" }), limits), "TARGET", 'Invalid TARGET value "": must not be empty');
  });
  it("caps MAXREC and limits polygon vertices", () => {
    assert.deepEqual(parseSiaQuery(raw({ MAXREC: "6000" }), limits).maxrec, { value: 5000, capped: true });
    assertFault(
      () => parseSiaQuery(raw({ POS: "POLYGON 10 10 11 10 11 11 10 11" }), { ...limits, maxPolygonVertices: 3 }),
      "POS",
      'Invalid POS value "POLYGON 10 10 11 10 11 11 10 11": polygon has 4 vertices; at most 3 are allowed',
    );
  });
});
