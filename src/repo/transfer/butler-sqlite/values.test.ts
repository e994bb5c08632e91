/**
 * Value conversions of the Butler SQLite converter: bigint integers, dataset UUIDs, timespan
 * sentinels (read from the file's DEFAULTs when declared) and sphgeom regions in their three
 * storage forms.
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { convexPolygonFromRaDec, encodeConvexPolygon } from "../../model/index.js";
import { BUTLER_MAX_TAI_NS, butlerTimeBounds, datasetUuid, fieldValue, intValue, regionValue, timespanValue } from "./values.js";

test("integers stay exact: numbers when safe, bigint beyond 2^53", () => {
  assert.equal(intValue(3018092000065n), 3018092000065);
  assert.equal(intValue(1537510338209997118n), 1537510338209997118n);
  assert.equal(fieldValue(20180920n, { name: "day_obs", type: "string" }, "x"), "20180920");
  assert.equal(fieldValue(1n, { name: "b", type: "bool" }, "x"), true);
  assert.throws(() => fieldValue("abc", { name: "id", type: "int" }, "exposure.id"), /exposure\.id: "abc" is not a valid int/);
});

test("dataset IDs: 32 hex digits or 16 bytes become canonical UUIDs; integers are refused", () => {
  assert.equal(datasetUuid("CFEDC2BF9E0A5D35B5DB71A356E436CA"), "cfedc2bf-9e0a-5d35-b5db-71a356e436ca");
  assert.equal(datasetUuid(Buffer.from("cfedc2bf9e0a5d35b5db71a356e436ca", "hex")), "cfedc2bf-9e0a-5d35-b5db-71a356e436ca");
  assert.throws(() => datasetUuid(42n), /integer dataset IDs/);
});

test("timespans: the Butler's unbounded sentinels become null", () => {
  const bounds = butlerTimeBounds("0", "4102444800000000000");
  assert.deepEqual(bounds, { min: 0n, max: BUTLER_MAX_TAI_NS });
  assert.deepEqual(timespanValue(0n, BUTLER_MAX_TAI_NS, bounds), { begin: null, end: null });
  // LATISS curated defects: valid from 8.000082 s after the epoch (1970-01-01 UTC in TAI) to 2018.
  assert.deepEqual(timespanValue(8000082000n, 1514764837000000000n, bounds), { begin: 8000082000n, end: 1514764837000000000n });
  assert.equal(timespanValue(null, null), undefined);
});

test("regions: sphgeom ConvexPolygon as BLOB, hex or base64; other shapes reported", () => {
  const poly = convexPolygonFromRaDec([[10, 0], [11, 0], [11, 1], [10, 1]]);
  const hex = encodeConvexPolygon(poly);
  for (const stored of [Buffer.from(hex, "hex"), hex, Buffer.from(hex, "hex").toString("base64")]) {
    const r = regionValue(stored);
    assert.equal(r.kind, "polygon");
    if (r.kind === "polygon") assert.deepEqual(r.polygon, poly);
  }
  const circle = regionValue(Buffer.from([0x63, ...new Array(40).fill(0)]));
  assert.deepEqual(circle, { kind: "unsupported", reason: "sphgeom region type byte 0x63 is not a ConvexPolygon" });
  assert.deepEqual(regionValue(null), { kind: "none" });
});
