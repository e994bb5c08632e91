/** DALI, ADQL and STC-S geometry text: reading, writing, round trips and error positions. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  contains,
  formatAdqlGeometry,
  formatDali,
  formatDaliInterval,
  formatDaliPos,
  formatStcs,
  GeometryError,
  parseAdqlGeometry,
  parseDaliCircle,
  parseDaliInterval,
  parseDaliPoint,
  parseDaliPolygon,
  parseDaliPos,
  parseStcs,
} from "../index.js";

describe("DALI", () => {
  it("xtype literals and POS", () => {
    assert.deepEqual(parseDaliPoint("10 20"), { kind: "point", raDeg: 10, decDeg: 20 });
    assert.deepEqual(parseDaliCircle(" 370  -20.5 1e-1 "), { kind: "circle", raDeg: 10, decDeg: -20.5, radiusDeg: 0.1 });
    const p = parseDaliPolygon("10 10 11 10 11 11 10 11");
    assert.equal(formatDali(p), "10 10 11 10 11 11 10 11");
    const r = parseDaliPos("RANGE 350 10 -Inf +Inf");
    assert.ok(r.kind === "range" && r.raMinDeg === 350 && r.decMinDeg === -90 && r.decMaxDeg === 90);
    assert.equal(formatDaliPos(parseDaliPos("CIRCLE 12.5 -30 0.25")), "CIRCLE 12.5 -30 0.25");
    assert.equal(formatDaliPos(parseDaliPos("RANGE -Inf +Inf 0 10")), "RANGE -Inf +Inf 0 10");
    assert.equal(parseDaliPos("polygon 1 1 2 1 2 2").kind, "polygon");
    assert.deepEqual(parseDaliInterval("-Inf 3.5"), { lo: Number.NEGATIVE_INFINITY, hi: 3.5 });
    assert.equal(formatDaliInterval(2), "2 2");
    assert.throws(() => parseDaliInterval("3 2"), GeometryError);
  });
  it("errors", () => {
    assert.throws(() => parseDaliPos("BOX 1 2 3 4"), GeometryError);
    assert.throws(() => parseDaliCircle("1 2"), /3 numbers/);
    assert.throws(() => parseDaliPoint("1 x"), (e: unknown) => e instanceof GeometryError && e.position === 2);
    assert.throws(() => parseDaliPolygon("1 2 3 4 5"), GeometryError);
  });
});

describe("ADQL constructors", () => {
  it("reads the spellings ADQL 2.1 allows and writes a canonical form", () => {
    const c = parseAdqlGeometry("CIRCLE('ICRS', 10, 20, 1)");
    assert.deepEqual(c, parseAdqlGeometry("circle(POINT(10, 20), 1)"));
    assert.equal(formatAdqlGeometry(c), "CIRCLE('ICRS', 10, 20, 1)");
    const p = parseAdqlGeometry("POLYGON('', 10, 10, 11, 10, 11, 11)");
    assert.equal(formatAdqlGeometry(parseAdqlGeometry(formatAdqlGeometry(p))), formatAdqlGeometry(p));
    assert.equal(parseAdqlGeometry("POLYGON(POINT(1,1), POINT(2,1), POINT(2,2))").kind, "polygon");
    const b = parseAdqlGeometry("BOX('ICRS', 0, 0, 2, 2)");
    assert.ok(contains(b, 0.9, 0.9) && !contains(b, 1.1, 0));
    assert.equal(formatAdqlGeometry(parseAdqlGeometry("POINT(1.5, -2)")), "POINT('ICRS', 1.5, -2)");
  });
  it("errors", () => {
    assert.throws(() => parseAdqlGeometry("CIRCLE(1, 2)"), GeometryError);
    assert.throws(() => parseAdqlGeometry("CIRCLE(1, 2, 3"), GeometryError);
    assert.throws(() => parseAdqlGeometry("ELLIPSE(1, 2, 3)"), /unknown/);
    assert.throws(() => parseAdqlGeometry("POINT(1, 2) x"), /trailing/);
  });
});

describe("STC-S", () => {
  it("simple shapes with frame, refpos and flavor words", () => {
    assert.equal(formatStcs(parseStcs("Circle ICRS 10 20 1")), "Circle ICRS 10 20 1");
    assert.equal(formatStcs(parseStcs("circle icrs geocenter spherical2 10 20 1")), "Circle ICRS 10 20 1");
    assert.equal(formatStcs(parseStcs("Position 1 2")), "Position ICRS 1 2");
    const p = parseStcs("Polygon ICRS 10 10 11 10 11 11 10 11");
    assert.equal(formatStcs(p), "Polygon ICRS 10 10 11 10 11 11 10 11");
    assert.equal(parseStcs("Box ICRS 10 20 2 2").kind, "polygon");
    assert.equal(parseStcs("Circle ICRS 10 20 1 unit deg").kind, "circle");
  });
  it("Union, Intersection, Not", () => {
    const u = parseStcs("Union ICRS ( Circle 0 0 1 Circle 10 0 1 )");
    assert.ok(contains(u, 10.5, 0) && !contains(u, 5, 0));
    const i = parseStcs("Intersection ( Circle ICRS 0 0 2 Not ( Circle ICRS 0 0 1 ) )");
    assert.ok(contains(i, 1.5, 0) && !contains(i, 0.5, 0));
    assert.equal(formatStcs(parseStcs(formatStcs(i))), formatStcs(i));
  });
  it("errors", () => {
    assert.throws(() => parseStcs("Circle GALACTIC 1 2 3"), (e: unknown) => e instanceof GeometryError && e.code === "unsupported");
    assert.throws(() => parseStcs("Ellipse ICRS 1 2 3 4 5"), /unknown/);
    assert.throws(() => parseStcs("Union ( Circle 0 0 1 )"), /two/);
    assert.throws(() => parseStcs("Circle ICRS 1 2"), GeometryError);
  });
});
