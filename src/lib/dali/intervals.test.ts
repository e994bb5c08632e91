import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { containsValue, formatInterval, overlaps, parseInterval, parseNamedInterval } from "./intervals.js";
import { assertFault } from "./fixtures/support.js";

describe("DALI intervals", () => {
  it("reads pairs, scalars and ±Inf", () => {
    assert.deepEqual(parseNamedInterval("BAND", "5e-7 6e-7"), { lo: 5e-7, hi: 6e-7 });
    assert.deepEqual(parseNamedInterval("BAND", "5e-7"), { lo: 5e-7, hi: 5e-7 });
    assert.deepEqual(parseNamedInterval("TIME", "-Inf 60000"), { lo: -Infinity, hi: 60000 });
    assert.deepEqual(parseNamedInterval("TIME", "-100 +Inf"), { lo: -100, hi: Infinity });
    assert.deepEqual(parseNamedInterval("EXPTIME", " 30  60 "), { lo: 30, hi: 60 });
    assert.deepEqual(parseNamedInterval("FOV", "-Inf +Inf"), { lo: -Infinity, hi: Infinity });
    assert.deepEqual(parseNamedInterval("SPECRP", "1 1"), { lo: 1, hi: 1 });
  });
  it("refuses bad values with exact messages", () => {
    assertFault(() => parseNamedInterval("BAND", "-2"), "BAND", 'Invalid BAND value "-2": bounds must be >= 0 (or -Inf/+Inf)');
    assertFault(() => parseNamedInterval("BAND", "6 5"), "BAND", 'Invalid BAND value "6 5": interval needs lo <= hi, got 6 5');
    assertFault(() => parseNamedInterval("TIME", "NaN 5"), "TIME", 'Invalid TIME value "NaN 5": interval: not a number: "NaN"');
    assertFault(() => parseNamedInterval("TIME", "1 2 3"), "TIME", 'Invalid TIME value "1 2 3": expected a number or an interval "lo hi", got 3 numbers');
    assertFault(() => parseNamedInterval("TIMERES", ""), "TIMERES", 'Invalid TIMERES value "": expected a number or an interval "lo hi"');
    assertFault(() => parseNamedInterval("SPATRES", "+Inf"), "SPATRES", 'Invalid SPATRES value "+Inf": a single value must be a finite number');
    assertFault(() => parseNamedInterval("EXPTIME", "1s 2s"), "EXPTIME", 'Invalid EXPTIME value "1s 2s": interval: not a number: "1s"');
  });
  it("TIME allows negative MJD; generic parse without domain", () => {
    assert.deepEqual(parseInterval("-5 -1", "X"), { lo: -5, hi: -1 });
  });
  it("formats and compares", () => {
    assert.equal(formatInterval({ lo: -Infinity, hi: 3 }), "-Inf 3");
    assert.ok(overlaps({ lo: 1, hi: 2 }, { lo: 2, hi: 3 }));
    assert.ok(!overlaps({ lo: 1, hi: 2 }, { lo: 2.5, hi: 3 }));
    assert.ok(containsValue({ lo: 1, hi: 2 }, 2));
  });
});
