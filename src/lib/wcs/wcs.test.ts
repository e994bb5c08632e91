/**
 * The Wcs object and derived WCS: array forms agree with scalar forms, cards round-trip through
 * the fits library, sub-images shift CRPIX (SIP kept), footprints run counter-clockwise on the sky,
 * target grids built from parameters behave.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, test } from "node:test";
import fc from "fast-check";
import { buildHeader, parseHeaderText } from "../fits/index.js";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import { fitsHeader, headerText, lookupOf, parseText } from "./fixtures/headers.js";
import { isCounterClockwiseOnSky } from "./footprint.js";
import { Wcs } from "./wcs.js";

/** Agreement between two code paths that should be identical up to rounding, degrees or pixels. */
const TOL_SAME = 1e-10;

async function hscWcs(): Promise<Wcs> {
  const h = await fitsHeader(sharedData("fits", "exposures", "HSC-0908120-056-small.fits"), 1);
  return Wcs.fromHeader(lookupOf(h));
}

describe("Wcs on shared headers", { skip: sharedSkip() }, () => {
  test("array forms equal the scalar forms (TAN-SIP)", async () => {
    const w = await hscWcs();
    const n = 257;
    const x = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = 1 + (i * 199) / (n - 1);
      y[i] = 200 - (i * 150) / (n - 1);
    }
    const ra = new Float64Array(n);
    const dec = new Float64Array(n);
    w.pixToWorldArrays(x, y, ra, dec);
    const bx = new Float64Array(n);
    const by = new Float64Array(n);
    w.worldToPixArrays(ra, dec, bx, by);
    for (let i = 0; i < n; i++) {
      const [r, d] = w.pixToWorld(x[i]!, y[i]!);
      assert.equal(ra[i], r);
      assert.equal(dec[i], d);
      assert.ok(Math.abs(bx[i]! - x[i]!) < 1e-9 && Math.abs(by[i]! - y[i]!) < 1e-9);
    }
  });

  test("cards round-trip through the fits library (SIP, TPV, ZPN, 3-axis)", async () => {
    const headers = [
      await fitsHeader(sharedData("fits", "exposures", "HSC-0908120-056-small.fits"), 1),
      parseText(readFileSync(sharedData("wcs-headers", "distortion", "tpvonly.hdr"), "latin1")),
      parseText(readFileSync(sharedData("wcs-headers", "misc", "2wcses.hdr"), "latin1")),
      parseText(readFileSync(sharedData("wcs-headers", "misc", "3d_cd.hdr"), "latin1")),
      parseText(readFileSync(sharedData("wcs-headers", "projections", "1904-66_NCP.hdr"), "latin1")),
    ];
    for (const h of headers) {
      const a = Wcs.fromHeader(lookupOf(h));
      const cards = a.toCards({ imageSize: true });
      const text = headerText(buildHeader(cards.map((c) => [c.keyword, c.value, c.comment] as const)));
      const b = Wcs.fromHeader(lookupOf(parseHeaderText(text)));
      fc.assert(
        fc.property(fc.array(fc.double({ min: -500, max: 2500, noNaN: true }), { minLength: a.naxis, maxLength: a.naxis }), (pix) => {
          const wa = a.pixToWorldN(pix);
          const wb = b.pixToWorldN(pix);
          for (let i = 0; i < a.naxis; i++) {
            if (Number.isNaN(wa[i]!)) assert.ok(Number.isNaN(wb[i]!));
            else assert.ok(Math.abs(wa[i]! - wb[i]!) <= TOL_SAME * Math.max(1, Math.abs(wa[i]!)), `${a.params.ctype} ${pix}`);
          }
        }),
        { numRuns: 50 },
      );
    }
  });

  test("sub-image WCS: CRPIX shifted, SIP kept, same sky", async () => {
    const w = await hscWcs();
    const sub = w.subimage([51, 21], [100, 80]);
    assert.deepEqual(sub.params.imageSize, [100, 80]);
    assert.equal(sub.params.sip, w.params.sip);
    for (const [x, y] of [
      [1, 1],
      [100, 80],
      [33.3, 44.4],
    ] as const) {
      const a = sub.pixToWorld(x, y);
      const b = w.pixToWorld(x + 50, y + 20);
      assert.ok(Math.abs(a[0] - b[0]) < 1e-12 && Math.abs(a[1] - b[1]) < 1e-12);
    }
  });

  test("footprint: counter-clockwise on the sky, corners at pixel edges", async () => {
    const w = await hscWcs();
    const poly = w.footprint();
    assert.equal(poly.length, 4);
    assert.ok(isCounterClockwiseOnSky(poly));
    const dense = w.footprint({ pointsPerEdge: 5, corners: "centres" });
    assert.equal(dense.length, 20);
    assert.ok(isCounterClockwiseOnSky(dense));
    const corners = [w.pixToWorld(0.5, 0.5), w.pixToWorld(200.5, 0.5), w.pixToWorld(200.5, 200.5), w.pixToWorld(0.5, 200.5)];
    for (const c of corners) assert.ok(poly.some(([l, b]) => Math.abs(l - c[0]) < 1e-12 && Math.abs(b - c[1]) < 1e-12));
  });
});

describe("Wcs from parameters", () => {
  test("a TAN target grid: centre pixel at CRVAL, north up and east left", () => {
    const w = Wcs.celestial({ projection: "TAN", crvalDeg: [150, 2], crpix1: [1024.5, 1024.5], cdeltDeg: 1 / 3600, imageSize: [2048, 2048] });
    const [ra, dec] = w.pixToWorld(1024.5, 1024.5);
    assert.ok(Math.abs(ra - 150) < 1e-12 && Math.abs(dec - 2) < 1e-12);
    const [raUp, decUp] = w.pixToWorld(1024.5, 1124.5);
    assert.ok(decUp > dec && Math.abs(raUp - 150) < 1e-9);
    const [raLeft] = w.pixToWorld(924.5, 1024.5);
    assert.ok(raLeft > ra, "east (larger RA) is to the left");
    assert.ok(isCounterClockwiseOnSky(w.footprint()));
    const [x, y] = w.worldToPix(150.1, 2.05);
    const [ra2, dec2] = w.pixToWorld(x, y);
    assert.ok(Math.abs(ra2 - 150.1) < 1e-12 && Math.abs(dec2 - 2.05) < 1e-12);
  });

  test("a rotated grid in another projection and frame", () => {
    const w = Wcs.celestial({ projection: "ZEA", crvalDeg: [0, 90], crpix1: [100, 100], cdeltDeg: [-0.5, 0.5], rotationDeg: 20, axisTypes: ["GLON", "GLAT"], imageSize: [200, 200] });
    assert.equal(w.params.frame, "galactic");
    assert.equal(w.params.ctype[0], "GLON-ZEA");
    const [l, b] = w.pixToWorld(100, 100);
    assert.ok(Math.abs(b - 90) < 1e-12, `${l}`);
    assert.ok(isCounterClockwiseOnSky(w.footprint({ pointsPerEdge: 3 })));
  });
});
