import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { circle, intersects, polygon } from "../../../lib/sphere/index.js";
import { convexPolygonFromRaDec, encodeConvexPolygon } from "../../model/index.js";
import { convexPolygonOverlapsCap, prepareCap, verticesFromHex } from "./cap-test.js";

/** A convex quadrilateral (a rotated, stretched square) around (ra, dec). */
function quad(ra: number, dec: number, w: number, h: number, rotDeg: number): [number, number][] {
  const c = Math.cos((dec * Math.PI) / 180);
  const a = (rotDeg * Math.PI) / 180;
  return [[-w, -h], [w, -h], [w, h], [-w, h]].map(([x, y]) => [ra + (x! * Math.cos(a) - y! * Math.sin(a)) / c, dec + x! * Math.sin(a) + y! * Math.cos(a)]);
}

test("the vector cap test agrees with lib/sphere's intersects", () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 359.9, noNaN: true }),
      fc.double({ min: -80, max: 80, noNaN: true }),
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      fc.double({ min: 0.01, max: 2, noNaN: true }),
      fc.double({ min: 0, max: 90, noNaN: true }),
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.double({ min: -3, max: 3, noNaN: true }),
      fc.double({ min: 0.001, max: 3, noNaN: true }),
      (ra, dec, w, h, rot, dra, ddec, r) => {
        const verts = quad(ra, dec, w, h, rot);
        const poly = convexPolygonFromRaDec(verts);
        const cdec = Math.max(-89, Math.min(89, dec + ddec));
        const cra = (ra + dra + 360) % 360;
        const fast = convexPolygonOverlapsCap(verticesFromHex(encodeConvexPolygon(poly))!, prepareCap(cra, cdec, r)!);
        const slow = intersects(polygon(verts.map(([raDeg, decDeg]) => ({ raDeg, decDeg }))), circle(cra, cdec, r));
        return fast === slow;
      },
    ),
    { numRuns: 3000, seed: 20261124 },
  );
});

test("edge cases: centre inside, vertex inside, edge grazing, disjoint", () => {
  const v = verticesFromHex(encodeConvexPolygon(convexPolygonFromRaDec([[10, 0], [11, 0], [11, 1], [10, 1]])))!;
  assert.equal(convexPolygonOverlapsCap(v, prepareCap(10.5, 0.5, 0.01)!), true);
  assert.equal(convexPolygonOverlapsCap(v, prepareCap(11.05, 1.05, 0.1)!), true);
  assert.equal(convexPolygonOverlapsCap(v, prepareCap(10.5, 1.05, 0.06)!), true);
  assert.equal(convexPolygonOverlapsCap(v, prepareCap(10.5, 1.05, 0.04)!), false);
  assert.equal(convexPolygonOverlapsCap(v, prepareCap(200, -40, 1)!), false);
  assert.equal(prepareCap(0, 0, 120), undefined);
  assert.equal(verticesFromHex("7000"), undefined);
});
