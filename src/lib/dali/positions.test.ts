import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCircle, parsePolygon, parsePos } from "./positions.js";
import { assertFault } from "./fixtures/support.js";

describe("POS", () => {
  it("reads CIRCLE, RANGE and POLYGON (keyword case-insensitive)", () => {
    assert.deepEqual(parsePos("CIRCLE 10 20 1"), { kind: "circle", raDeg: 10, decDeg: 20, radiusDeg: 1 });
    assert.equal(parsePos("circle 10 20 1").kind, "circle");
    const r = parsePos("RANGE 0 360 -2 2");
    assert.equal(r.kind, "range");
    assert.equal(parsePos("POLYGON 10 10 11 10 11 11").kind, "polygon");
  });
  it("RANGE accepts ±Inf and wraps RA through 0", () => {
    const full = parsePos("RANGE -Inf +Inf -Inf +Inf");
    assert.ok(full.kind === "range" && full.fullRa && full.decMinDeg === -90 && full.decMaxDeg === 90);
    const cap = parsePos("RANGE 0 360 89 +Inf");
    assert.ok(cap.kind === "range" && cap.decMinDeg === 89 && cap.decMaxDeg === 90);
    const wrap = parsePos("RANGE 350 10 -5 5");
    assert.ok(wrap.kind === "range" && !wrap.fullRa && wrap.raMinDeg === 350 && wrap.raMaxDeg === 10);
  });
  it("refuses bad shapes with exact messages", () => {
    assertFault(() => parsePos("BOX 1 2 3 4"), "POS", 'Invalid POS value "BOX 1 2 3 4": POS must start with CIRCLE, RANGE or POLYGON, got "BOX"');
    assertFault(() => parsePos("CIRCLE 10 20"), "POS", 'Invalid POS value "CIRCLE 10 20": circle needs 3 numbers, got 2');
    assertFault(() => parsePos("CIRCLE 10 20 200"), "POS", 'Invalid POS value "CIRCLE 10 20 200": circle radius must lie in (0, 180] degrees, got 200');
    assertFault(() => parsePos("CIRCLE 10 20 0"), "POS", 'Invalid POS value "CIRCLE 10 20 0": circle radius must lie in (0, 180] degrees, got 0');
    assertFault(() => parsePos("CIRCLE 10 95 1"), "POS", 'Invalid POS value "CIRCLE 10 95 1": dec must lie in [-90, 90], got 95');
    assertFault(() => parsePos("CIRCLE 10 x 1"), "POS", 'Invalid POS value "CIRCLE 10 x 1": circle: not a number: "x"');
    assertFault(() => parsePos("RANGE 0 10 5"), "POS", 'Invalid POS value "RANGE 0 10 5": range needs 4 numbers, got 3');
    assertFault(() => parsePos("RANGE 0 10 5 1"), "POS", 'Invalid POS value "RANGE 0 10 5 1": range needs decMin ≤ decMax, got 5 > 1');
    assertFault(() => parsePos("RANGE 0 10 -95 1"), "POS", 'Invalid POS value "RANGE 0 10 -95 1": RANGE latitude must lie in [-90, 90] (or be ±Inf), got -95');
    assertFault(() => parsePos("POLYGON 10 10 11 10 11"), "POS", 'Invalid POS value "POLYGON 10 10 11 10 11": polygon needs an even count ≥ 6 of numbers, got 5');
    assertFault(() => parsePos("POLYGON 10 10 11 10"), "POS", 'Invalid POS value "POLYGON 10 10 11 10": polygon needs an even count ≥ 6 of numbers, got 4');
    assertFault(() => parsePos("CIRCLE 10 20 NaN"), "POS", 'Invalid POS value "CIRCLE 10 20 NaN": circle: not a number: "NaN"');
  });
  it("enforces the polygon vertex limit", () => {
    assertFault(
      () => parsePos("POLYGON 10 10 11 10 11 11 10 11", { maxPolygonVertices: 3 }),
      "POS",
      'Invalid POS value "POLYGON 10 10 11 10 11 11 10 11": polygon has 4 vertices; at most 3 are allowed',
    );
  });
});

describe("CIRCLE and POLYGON", () => {
  it("reads DALI literals", () => {
    assert.deepEqual(parseCircle("10 20 0.5"), { kind: "circle", raDeg: 10, decDeg: 20, radiusDeg: 0.5 });
    assert.equal(parsePolygon("10 10 11 10 11 11").vertices.length, 3);
  });
  it("refuses wrong arity, odd counts and ranges", () => {
    assertFault(() => parseCircle("10 20 1 2"), "CIRCLE", 'Invalid CIRCLE value "10 20 1 2": circle needs 3 numbers, got 4');
    assertFault(() => parseCircle("10 20 180.5"), "CIRCLE", 'Invalid CIRCLE value "10 20 180.5": circle radius must lie in (0, 180] degrees, got 180.5');
    assertFault(() => parsePolygon("10 10 11 10 11 11 12"), "POLYGON", 'Invalid POLYGON value "10 10 11 10 11 11 12": polygon needs an even count ≥ 6 of numbers, got 7');
    assertFault(() => parsePolygon("10 10 11 91 11 11"), "POLYGON", 'Invalid POLYGON value "10 10 11 91 11 11": polygon dec must lie in [-90, 90], got 91');
  });
});
