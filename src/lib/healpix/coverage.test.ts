/**
 * query_disc / query_polygon against healpy 1.16: exact mode equals healpy's inclusive=False,
 * inclusive mode contains healpy's inclusive=True (RING and NESTED, fact 4), on a few hundred
 * random discs and convex polygons at orders 3..11; the max-pixel-radius bound; coverRanges.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { circle, polygon, type Region, vecFromRaDec } from "../sphere/index.js";
import { healpySkip, oracleJson, prng } from "./fixtures/oracle.js";
import { coverRanges, maxPixradRad, queryDisc, queryRegion, radec2pix } from "./index.js";

interface Case {
  readonly order: number;
  readonly region: Region;
  readonly nest: boolean;
  readonly inclusive: boolean;
  readonly query: Record<string, unknown>;
}

/** Random discs and convex polygons (vertices on a small circle at sorted angles). */
function cases(count: number, seed: number): Case[] {
  const rnd = prng(seed);
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const order = [3, 6, 9, 11][i % 4]!;
    const ra = rnd() * 360;
    const dec = (Math.asin(2 * rnd() - 1) * 180) / Math.PI;
    const scale = 40 / 2 ** (order / 2);
    let region: Region;
    if (i % 2 === 0) region = circle(ra, dec, scale * (0.1 + rnd()));
    else {
      const k = 3 + Math.floor(rnd() * 5);
      const rr = ((scale * (0.2 + rnd())) * Math.PI) / 180;
      const c = vecFromRaDec(ra, dec);
      const e = [-Math.sin((ra * Math.PI) / 180), Math.cos((ra * Math.PI) / 180), 0];
      const nn = [c[1] * e[2]! - c[2] * e[1]!, c[2] * e[0]! - c[0] * e[2]!, c[0] * e[1]! - c[1] * e[0]!];
      const angs = Array.from({ length: k }, () => rnd() * 2 * Math.PI).sort((a, b) => a - b);
      const vs = angs.map((a) => {
        const v = [0, 1, 2].map((j) => Math.cos(rr) * c[j]! + Math.sin(rr) * (Math.cos(a) * e[j]! + Math.sin(a) * nn[j]!));
        return { raDeg: ((Math.atan2(v[1]!, v[0]!) * 180) / Math.PI + 360) % 360, decDeg: (Math.asin(v[2]!) * 180) / Math.PI };
      });
      try {
        region = polygon(vs);
      } catch {
        continue; // two angles too close: a degenerate polygon, not a test case
      }
    }
    for (const nest of [true, false]) {
      for (const inclusive of [true, false]) {
        const query =
          region.kind === "circle"
            ? { kind: "disc", order, vec: vecFromRaDec(region.raDeg, region.decDeg), radius: (region.radiusDeg * Math.PI) / 180, inclusive, nest }
            : { kind: "polygon", order, vertices: region.kind === "polygon" ? region.vertices.map((v) => vecFromRaDec(v.raDeg, v.decDeg)) : [], inclusive, nest };
        out.push({ order, region, nest, inclusive, query });
      }
    }
  }
  return out;
}

describe("query_disc / query_polygon against healpy", { skip: healpySkip() }, () => {
  it("300 regions × {nested, ring} × {exact, inclusive}", () => {
    const cs = cases(300, 2024);
    assert.ok(cs.length > 1000);
    const want = oracleJson<number[][]>("query", cs.map((c) => c.query));
    let extra = 0;
    let total = 0;
    cs.forEach((c, i) => {
      const got = queryRegion(c.order, c.region, { inclusive: c.inclusive, scheme: c.nest ? "nested" : "ring" });
      const w = want[i]!;
      if (c.inclusive) {
        const s = new Set(got);
        const missing = w.filter((p) => !s.has(p));
        assert.deepEqual(missing, [], `inclusive ${c.region.kind} order ${c.order} nest=${c.nest}`);
        extra += got.length - w.length;
        total += w.length;
        // And inclusive contains the exact answer.
      } else {
        assert.deepEqual(got, w, `exact ${c.region.kind} order ${c.order} nest=${c.nest}`);
      }
    });
    // Inclusive answers stay close to healpy's (not the whole sky).
    assert.ok(extra / total < 0.25, `inclusive overshoot ${extra / total}`);
  });

  it("maxPixradRad bounds healpy's max_pixrad at every order 0..29", () => {
    const hp = oracleJson<number[]>("maxpixrad", undefined);
    assert.equal(hp.length, 30);
    hp.forEach((r, order) => {
      assert.ok(maxPixradRad(order) >= r, `order ${order}: ${maxPixradRad(order)} < ${r}`);
    });
  });
});

describe("coverage edge cases", () => {
  it("a disc around the north pole and across RA 0 covers the pixels of its points", () => {
    const pix = new Set(queryDisc(6, 0, 90, 3, { inclusive: true }));
    for (const [ra, dec] of [[0, 88], [359.9, 87.5], [180, 89.999], [90, 87.01]] as const) assert.ok(pix.has(radec2pix(6, ra, dec)));
    const exact = queryDisc(6, 359.5, 0, 1.5);
    assert.ok(exact.includes(radec2pix(6, 0.5, 0)) && exact.includes(radec2pix(6, 359, 0)));
  });

  it("coverRanges are sorted, disjoint, and cover sampled interior points", () => {
    const region = polygon([
      { raDeg: 350, decDeg: -5 },
      { raDeg: 10, decDeg: -5 },
      { raDeg: 10, decDeg: 5 },
      { raDeg: 0, decDeg: 0 }, // concave notch
      { raDeg: 350, decDeg: 5 },
    ]);
    const ranges = coverRanges(region, 10);
    for (let i = 1; i < ranges.length; i++) assert.ok(ranges[i]![0] > ranges[i - 1]![1]);
    const inRanges = (p: number) => ranges.some(([s, e]) => p >= s && p < e);
    assert.ok(inRanges(radec2pix(10, 355, 0)) && inRanges(radec2pix(10, 5, -4)));
  });

  it("exact mode at order 0 for the whole-sky-sized disc returns all 12 faces", () => {
    assert.deepEqual(queryDisc(0, 0, 0, 180), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });
});
