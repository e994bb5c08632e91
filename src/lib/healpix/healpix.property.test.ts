/**
 * Property tests (fast-check): pixel → centre → pixel and nest ↔ ring round trips at every order
 * 0..29; a cell's area from its boundary polygon equals 4π/(12·4^order); every sampled interior
 * point of a region lies in its MOC and in coverRanges; MOC ASCII/JSON round trips.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { areaSr, circle, contains, polygon, range, type Region } from "../sphere/index.js";
import {
  ang2pixBig,
  boundariesBig,
  coverRanges,
  mocFromAscii,
  mocFromJson,
  mocToAscii,
  mocToJson,
  nest2ring,
  nest2ringBig,
  pix2ang,
  pix2angBig,
  radec2pix,
  ring2nest,
  ring2nestBig,
  Smoc,
  ang2pix,
} from "./index.js";

const orderArb = fc.integer({ min: 0, max: 29 });
const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });
const pixelOf = (order: number, f: number): bigint => (BigInt(Math.floor(f * 2 ** 40)) * (12n << BigInt(2 * order))) >> 40n;

/**
 * Relative error of the cell area computed from its boundary sampled with STEP points per edge
 * and joined by great circles: the chords cut the slightly curved edges, an O(1/STEP²) error,
 * ≈ 1e-4 at STEP = 32 for the most curved (order-0 polar) cells.
 */
const AREA_STEP = 32;
const TOL_AREA_REL = 2e-4;

describe("healpix round trips", () => {
  it("pixel → centre → pixel, both schemes, orders 0..29 (BigInt) and 0..24 (Number)", () => {
    fc.assert(
      fc.property(orderArb, fraction, (order, f) => {
        const p = pixelOf(order, f);
        for (const scheme of ["nested", "ring"] as const) {
          const c = pix2angBig(order, p, scheme);
          assert.equal(ang2pixBig(order, c.thetaRad, c.phiRad, scheme), p);
          if (order <= 24) {
            const cn = pix2ang(order, Number(p), scheme);
            assert.equal(ang2pix(order, cn.thetaRad, cn.phiRad, scheme), Number(p));
          }
        }
      }),
      { numRuns: 2000, seed: 1 },
    );
  });

  it("nest ↔ ring", () => {
    fc.assert(
      fc.property(orderArb, fraction, (order, f) => {
        const p = pixelOf(order, f);
        assert.equal(ring2nestBig(order, nest2ringBig(order, p)), p);
        assert.equal(nest2ringBig(order, ring2nestBig(order, p)), p);
        if (order <= 24) assert.equal(ring2nest(order, nest2ring(order, Number(p))), Number(p));
      }),
      { numRuns: 2000, seed: 2 },
    );
  });

  it("cell area from the boundary polygon equals 4π/(12·4^order)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fraction, (order, f) => {
        const p = pixelOf(order, f);
        const vs = boundariesBig(order, p, AREA_STEP).map(([x, y, z]) => ({
          raDeg: ((Math.atan2(y, x) * 180) / Math.PI + 360) % 360,
          decDeg: (Math.atan2(z, Math.hypot(x, y)) * 180) / Math.PI,
        }));
        const want = (4 * Math.PI) / (12 * 4 ** order);
        const got = areaSr(polygon(vs));
        assert.ok(Math.abs(got - want) / want < TOL_AREA_REL, `order ${order} pixel ${p}: ${got} vs ${want}`);
      }),
      { numRuns: 150, seed: 3 },
    );
  });
});

/** Random regions of the three simple kinds, with interior sample points. */
const regionCase = fc.record({
  kind: fc.constantFrom("circle", "polygon", "range"),
  ra: fc.double({ min: 0, max: 360, maxExcluded: true, noNaN: true }),
  dec: fc.double({ min: -89, max: 89, noNaN: true }),
  size: fc.double({ min: 0.05, max: 20, noNaN: true }),
  order: fc.integer({ min: 2, max: 14 }),
  samples: fc.array(fc.tuple(fraction, fraction), { minLength: 30, maxLength: 30 }),
});

function regionOf(c: { kind: string; ra: number; dec: number; size: number }): Region {
  if (c.kind === "circle") return circle(c.ra, c.dec, c.size);
  if (c.kind === "polygon" && Math.abs(c.dec) > 75) return regionOf({ ...c, dec: Math.sign(c.dec) * 75 });
  if (c.kind === "range") return range(c.ra - c.size, c.ra + c.size, Math.max(-90, c.dec - c.size / 2), Math.min(90, c.dec + c.size / 2));
  // A concave arrow-head around the centre (offsets scaled by size; the generator keeps polygon
  // centres within ±75° so the vertices stay off the poles).
  const s = c.size / 2;
  const k = 1 / Math.max(0.2, Math.cos((c.dec * Math.PI) / 180));
  return polygon([
    { raDeg: c.ra - s * k, decDeg: c.dec - s },
    { raDeg: c.ra, decDeg: c.dec - s / 3 },
    { raDeg: c.ra + s * k, decDeg: c.dec - s },
    { raDeg: c.ra, decDeg: c.dec + s },
  ]);
}

describe("coverage properties", () => {
  it("every interior sample of a region lies in its MOC and in coverRanges", () => {
    fc.assert(
      fc.property(regionCase, (c) => {
        const region = regionOf(c);
        const moc = Smoc.fromRegion(region, c.order);
        const exact = Smoc.fromRegion(region, c.order, { inclusive: false });
        assert.ok(exact.intersection(moc).equals(exact), "exact ⊆ inclusive");
        const ranges = c.order <= 14 ? coverRanges(region, c.order) : [];
        let tested = 0;
        for (const [u, v] of c.samples) {
          // Sample the region's bounding box around the centre; keep the points inside.
          const ra = c.ra + (u - 0.5) * 2 * c.size;
          const dec = Math.max(-90, Math.min(90, c.dec + (v - 0.5) * 2 * c.size));
          if (!contains(region, ra, dec)) continue;
          tested++;
          assert.ok(moc.contains(ra, dec), `MOC misses ${ra} ${dec}`);
          const p = radec2pix(c.order, ra, dec);
          assert.ok(ranges.some(([s, e]) => p >= s && p < e), `coverRanges misses ${ra} ${dec}`);
        }
        // The centre itself is inside every region built here.
        const centreDec = c.kind === "polygon" ? Math.max(-75, Math.min(75, c.dec)) : c.dec;
        assert.ok(tested >= 0 && moc.contains(c.ra, centreDec));
      }),
      { numRuns: 120, seed: 4 },
    );
  });

  it("MOC ASCII and JSON round trips", () => {
    const cells = fc.array(fc.tuple(fc.integer({ min: 0, max: 29 }), fraction), { maxLength: 40 });
    fc.assert(
      fc.property(cells, fc.integer({ min: 0, max: 29 }), (list, extra) => {
        const deepest = Math.max(0, ...list.map(([o]) => o));
        const moc = Smoc.fromCells(list.map(([order, f]) => ({ order, ipix: pixelOf(order, f) })), Math.max(deepest, extra));
        assert.ok(mocFromAscii(mocToAscii(moc)).equals(moc), mocToAscii(moc));
        assert.ok(mocFromJson(mocToJson(moc)).equals(moc), mocToJson(moc));
        assert.ok(Smoc.fromUniq(moc.uniq(), moc.maxOrder).equals(moc));
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
