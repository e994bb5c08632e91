import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatInterval, parseInterval } from "./intervals.js";
import { formatPos, formatShape, parseCircle, parsePos } from "./positions.js";

// -0 is written "0" (a DALI literal has no signed zero), so generate +0 only.
const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((x) => x + 0);
const bound = fc.oneof(finite(-1e6, 1e6), fc.constantFrom(-Infinity, Infinity));

describe("parse(format(x)) round-trips", () => {
  it("intervals", () => {
    fc.assert(
      fc.property(bound, bound, (a, b) => {
        const iv = { lo: Math.min(a, b), hi: Math.max(a, b) };
        assert.deepEqual(parseInterval(formatInterval(iv), "TIME"), iv);
      }),
      { numRuns: 300 },
    );
  });
  it("POS circles and ranges; CIRCLE literals", () => {
    const circle = fc.record({ raDeg: finite(0, 359.999), decDeg: finite(-90, 90), radiusDeg: finite(1e-6, 180) }).filter((c) => c.radiusDeg > 0);
    fc.assert(
      fc.property(circle, (c) => {
        const region = parsePos(`CIRCLE ${c.raDeg} ${c.decDeg} ${c.radiusDeg}`);
        assert.deepEqual(parsePos(formatPos(region)), region);
        if (region.kind === "circle") assert.deepEqual(parseCircle(formatShape(region)), region);
      }),
      { numRuns: 200 },
    );
    const rng = fc.tuple(finite(0, 359), finite(0, 359), finite(-90, 90), finite(-90, 90));
    fc.assert(
      fc.property(rng, ([r1, r2, d1, d2]) => {
        const region = parsePos(`RANGE ${r1} ${r2} ${Math.min(d1, d2)} ${Math.max(d1, d2)}`);
        assert.deepEqual(parsePos(formatPos(region)), region);
      }),
      { numRuns: 200 },
    );
  });
  it("POS polygons (small triangles)", () => {
    const tri = fc.tuple(finite(0, 359), finite(-80, 80), finite(0.01, 5), finite(0.01, 5));
    fc.assert(
      fc.property(tri, ([ra, dec, w, h]) => {
        const region = parsePos(`POLYGON ${ra} ${dec} ${(ra + w) % 360} ${dec} ${ra} ${dec + h}`);
        assert.deepEqual(parsePos(formatPos(region)), region);
      }),
      { numRuns: 200 },
    );
  });
});
