/**
 * Sphere geometry: distances at the numerically hard separations, containment at the poles and
 * across RA 0/360, intersects for every simple pairing, areas, bounding circles.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  angularDistanceDeg,
  areaDeg2,
  areaSr,
  boundingCircle,
  box,
  circle,
  contains,
  FULL_SKY_DEG2,
  GeometryError,
  intersects,
  not,
  point,
  polygon,
  range,
  union,
} from "./index.js";

/** Relative tolerance for areas from closed forms. */
const TOL_AREA_REL = 1e-12;

const poly = (...c: number[]) => {
  const vs: { raDeg: number; decDeg: number }[] = [];
  for (let i = 0; i < c.length; i += 2) vs.push({ raDeg: c[i]!, decDeg: c[i + 1]! });
  return polygon(vs);
};

describe("angular distance", () => {
  it("is stable for tiny and antipodal separations", () => {
    // Inputs are degrees: converting them to radians costs ~1 ulp (≈ 3e-15 deg near 20°), the
    // accuracy floor. The acos(dot) form would return 0 here (1 − 1.5e-24 rounds to 1).
    const TOL_DEG = 1e-14;
    const tiny = 20 + 1e-10 - 20;
    assert.ok(Math.abs(angularDistanceDeg(10, 20, 10, 20 + 1e-10) - tiny) < TOL_DEG);
    assert.ok(Math.abs(angularDistanceDeg(0, 0, 180, 0) - 180) < 1e-12);
    assert.ok(Math.abs(angularDistanceDeg(10, 30, 190, -30 + 1e-9) - (180 - 1e-9)) < 1e-9);
    assert.ok(angularDistanceDeg(123, 90, 7, 90) < TOL_DEG);
    const wrap = 360 - 359.9999 + 0.0001;
    assert.ok(Math.abs(angularDistanceDeg(359.9999, 0, 0.0001, 0) - wrap) < 10 * TOL_DEG); // ulp(2π rad) ≈ 5e-14 deg
  });
});

describe("containment", () => {
  it("circle across RA 0 and around a pole", () => {
    const c = circle(359.5, 0, 1);
    assert.ok(contains(c, 0.4, 0) && contains(c, 358.6, 0) && !contains(c, 1.6, 0));
    const p = circle(0, 90, 2);
    assert.ok(contains(p, 137, 88.5) && contains(p, 0, 90) && !contains(p, 10, 87.9));
  });
  it("polygon in either winding, across RA 0, with a concave notch", () => {
    const ccw = poly(350, -5, 10, -5, 10, 5, 350, 5);
    const cw = poly(350, 5, 10, 5, 10, -5, 350, -5);
    for (const p of [ccw, cw]) {
      assert.ok(contains(p, 0, 0) && contains(p, 355, 4) && !contains(p, 20, 0) && !contains(p, 180, 0));
    }
    assert.deepEqual(ccw.vertices, cw.vertices.length === 4 ? ccw.vertices : []);
    const notch = poly(350, -5, 10, -5, 10, 5, 0, 0, 350, 5);
    assert.ok(contains(notch, 0, -2) && !contains(notch, 0, 3) && contains(notch, 8, 3));
  });
  it("polygon containing a pole", () => {
    const cap = poly(0, 80, 90, 80, 180, 80, 270, 80);
    assert.ok(contains(cap, 45, 89) && contains(cap, 0, 90) && !contains(cap, 45, 70));
  });
  it("range with RA wrap and at the poles", () => {
    const r = range(350, 10, -10, 10);
    assert.ok(contains(r, 355, 0) && contains(r, 5, 9.9) && !contains(r, 20, 0) && !contains(r, 0, 11));
    const polar = range(0, 90, 80, 90);
    assert.ok(contains(polar, 200, 90) && !contains(polar, 200, 85));
    const full = range(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0, 10);
    assert.ok(full.fullRa && contains(full, 123, 5));
  });
  it("compounds", () => {
    const u = union([circle(0, 0, 1), circle(10, 0, 1)]);
    assert.ok(contains(u, 10.5, 0) && !contains(u, 5, 0));
    assert.ok(contains(not(circle(0, 0, 1)), 5, 0));
  });
});

describe("intersects", () => {
  it("all simple pairings, including RA wrap and poles", () => {
    const c = circle(359, 0, 2);
    assert.ok(intersects(c, point(0.5, 0)));
    assert.ok(intersects(c, circle(3, 0, 2.1)) && !intersects(c, circle(3, 0, 1.9)));
    assert.ok(intersects(c, poly(0.9, -1, 5, -1, 5, 1, 0.9, 1)) && !intersects(c, poly(1.1, 1.9, 5, 1.9, 5, 3, 1.1, 3)));
    assert.ok(intersects(c, range(0.5, 3, -1, 1)) && !intersects(c, range(2, 3, 3, 4)));
    // A polygon edge crossing a range without any vertex inside either.
    assert.ok(intersects(poly(-5, -1, 5, -1, 5, 1, -5, 1), range(-1, 1, -10, 10)));
    assert.ok(intersects(range(0, 10, 85, 90), range(180, 190, 89, 90))); // share the pole
    assert.ok(!intersects(range(0, 10, 0, 10), range(20, 30, 0, 10)));
    // A great-circle edge bulging poleward beyond the parallel of its ends.
    assert.ok(intersects(poly(0, 60, 90, 60, 45, 50), range(40, 50, 64, 66)));
    assert.ok(intersects(poly(0, 0, 10, 0, 10, 10), poly(5, 5, 15, 5, 15, 15)));
    assert.ok(!intersects(poly(0, 0, 10, 0, 10, 10), poly(20, 0, 30, 0, 30, 10)));
    assert.throws(() => intersects(not(c), c), GeometryError);
  });
});

describe("area and bounds", () => {
  it("closed forms", () => {
    const rel = (a: number, b: number) => Math.abs(a - b) / b;
    assert.ok(rel(areaSr(circle(10, 10, 90)), 2 * Math.PI) < TOL_AREA_REL);
    assert.ok(rel(areaDeg2(range(0, 360, -90, 90)), FULL_SKY_DEG2) < TOL_AREA_REL);
    // Octant triangle: π/2 sr.
    assert.ok(rel(areaSr(poly(0, 0, 90, 0, 0, 90)), Math.PI / 2) < TOL_AREA_REL);
    // A wrapped range: 20° × [0, 30°] = 20·π/180 · sin 30°.
    assert.ok(rel(areaSr(range(350, 10, 0, 30)), ((20 * Math.PI) / 180) * 0.5) < TOL_AREA_REL);
    assert.ok(rel(areaSr(not(circle(0, 0, 10))), 4 * Math.PI - 2 * Math.PI * (1 - Math.cos(Math.PI / 18))) < TOL_AREA_REL);
  });
  it("bounding circles contain their region's vertices", () => {
    for (const r of [poly(350, -5, 10, -5, 10, 5, 350, 5), range(350, 10, 80, 90), box(10, 20, 4, 2)]) {
      const b = boundingCircle(r);
      const pts = r.kind === "polygon" ? r.vertices : [{ raDeg: 350, decDeg: 80 }, { raDeg: 10, decDeg: 80 }, { raDeg: 0, decDeg: 90 }];
      for (const v of pts) assert.ok(angularDistanceDeg(b.raDeg, b.decDeg, v.raDeg, v.decDeg) <= b.radiusDeg);
    }
  });
});

describe("validation", () => {
  it("throws GeometryError with a code", () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        assert.ok(e instanceof GeometryError);
        return e.code;
      }
      return "none";
    };
    assert.equal(code(() => circle(0, 91, 1)), "range");
    assert.equal(code(() => circle(0, 0, 0)), "range");
    assert.equal(code(() => poly(0, 0, 1, 1)), "degenerate");
    assert.equal(code(() => poly(0, 0, 10, 10, 10, 0, 0, 10)), "degenerate"); // bow tie
    assert.equal(code(() => box(0, 89, 2, 4)), "range");
  });
});
