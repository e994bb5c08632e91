/** Asinh stretch: parameter choice, exact bytes on small arrays, flip, nulls, a synthetic sky. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { meanStd, skyImage } from "./fixtures/synthetic.js";
import { applyStretch, chooseStretch, ImageError, MAD_TO_SIGMA, quantileSorted, stretchAsinh } from "./index.js";

const N = Number.NaN;

function near(actual: number, expected: number, tol = 1e-9): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${actual} ≠ ${expected}`);
}

test("quantileSorted interpolates linearly between order statistics (numpy default)", () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([1, 2, 3, 4], 0.25), 1.75);
  assert.equal(quantileSorted([1, 2, 3, 4], 1), 4);
  assert.equal(quantileSorted([7], 0.3), 7);
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

test("chooseStretch: median, MAD σ, black, white and softening from the finite pixels", () => {
  const data = Float64Array.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 100, N, N);
  const p = chooseStretch({ width: 4, height: 3, data });
  // sorted finite: 0..8, 100 → median 4.5; |x − 4.5| sorted: .5 .5 1.5 1.5 2.5 2.5 3.5 3.5 4.5 95.5 → MAD 2.5
  assert.equal(p.median, 4.5);
  near(p.sigma, 2.5 * MAD_TO_SIGMA);
  near(p.black, 4.5 - 2.5 * MAD_TO_SIGMA);
  near(p.softening, 2.5 * MAD_TO_SIGMA);
  // 99.95 percentile: position 0.9995 · 9 = 8.9955 between 8 and 100
  near(p.white, 8 + 92 * 0.9955);
  assert.equal(p.finiteCount, 10);
  assert.equal(p.sampleCount, 10);
  assert.equal(p.nullGrey, 0);
  const q = chooseStretch({ width: 4, height: 3, data }, { blackSigma: 0, softeningSigma: 2, whitePercentile: 50, nullGrey: 9 });
  assert.equal(q.black, 4.5);
  near(q.softening, 5 * MAD_TO_SIGMA);
  assert.equal(q.white, 5.5); // 4.5 + 1: white ≤ black is widened
  assert.equal(q.nullGrey, 9);
});

test("applyStretch: exact bytes, vertical flip, nulls", () => {
  const params = { black: 0, white: 10, softening: 1, median: 0, sigma: 1, nullGrey: 0, finiteCount: 3, sampleCount: 3 };
  // FITS order: row 0 (bottom) = [0, 10], row 1 (top) = [NaN, 1]; pictures are top-first.
  const image = { width: 2, height: 2, data: [0, 10, N, 1] };
  // asinh(1)/asinh(10)·255 = 74.96 → 75; 20 > white clips to 255; −3 < black clips to 0.
  assert.deepEqual(Array.from(applyStretch(image, params).pixels), [0, 75, 0, 255]);
  assert.deepEqual(Array.from(applyStretch(image, { ...params, nullGrey: 128 }).pixels), [128, 75, 0, 255]);
  assert.deepEqual(Array.from(applyStretch(image, params, { flipY: false }).pixels), [0, 255, 0, 75]);
  assert.deepEqual(Array.from(applyStretch({ width: 4, height: 1, data: [0.5, 5, 20, -3] }, params).pixels), [41, 197, 255, 0]);
  assert.throws(() => applyStretch(image, { ...params, white: 0 }), ImageError);
});

test("fixed black/white/softening are used as given and the result is deterministic", () => {
  const data = Float32Array.from({ length: 64 }, (_, i) => (i * 13) % 29);
  const a = stretchAsinh({ width: 8, height: 8, data }, { black: 2, white: 20, softening: 3 });
  const b = stretchAsinh({ width: 8, height: 8, data }, { black: 2, white: 20, softening: 3 });
  assert.equal(a.params.black, 2);
  assert.equal(a.params.white, 20);
  assert.equal(a.params.softening, 3);
  assert.deepEqual(a.pixels, b.pixels);
  assert.deepEqual(a.pixels, applyStretch({ width: 8, height: 8, data }, a.params).pixels);
});

test("degenerate images do not throw: all null, constant, mostly constant", () => {
  const allNull = stretchAsinh({ width: 3, height: 2, data: [N, N, N, N, N, N] }, { nullGrey: 7 });
  assert.deepEqual(Array.from(allNull.pixels), [7, 7, 7, 7, 7, 7]);
  assert.equal(allNull.params.finiteCount, 0);
  const constant = stretchAsinh({ width: 2, height: 2, data: [5, 5, 5, 5] });
  assert.deepEqual(Array.from(constant.pixels), [0, 0, 0, 0]);
  assert.ok(constant.params.white > constant.params.black && constant.params.softening > 0);
  // 90 % zeros (MAD = 0): σ falls back to a percentile range / std dev, the non-zero pixels show.
  const sparse = new Float64Array(100);
  for (let i = 0; i < 10; i++) sparse[i * 10] = 50 + i;
  const s = stretchAsinh({ width: 10, height: 10, data: sparse }, { whitePercentile: 100 });
  assert.ok(s.params.sigma > 0);
  assert.ok(s.pixels[90]! > 100, `bright pixel ${s.pixels[90]}`);
  assert.equal(s.pixels[1], s.pixels[2]);
});

test("a synthetic sky with stars is not blank and the stars are brighter than the sky", () => {
  const w = 256;
  const h = 200;
  const stars = [
    { x: 40, y: 30, peak: 5000, sigma: 2 },
    { x: 200, y: 150, peak: 800, sigma: 1.5 },
    { x: 128, y: 100, peak: 20000, sigma: 3 },
    { x: 10, y: 190, peak: 200, sigma: 2 },
  ];
  const data = skyImage(w, h, stars);
  const r = stretchAsinh({ width: w, height: h, data });
  near(r.params.median, 1000, 1);
  near(r.params.sigma, 10, 0.5);
  const { mean, std } = meanStd(r.pixels);
  assert.ok(std > 10, `std ${std}`);
  assert.ok(mean > 10 && mean < 80, `mean ${mean}`);
  // Picture row = h − 1 − FITS row.
  const at = (x: number, y: number) => r.pixels[(h - 1 - y) * w + x]!;
  const sky = at(80, 60);
  for (const s of stars) assert.ok(at(s.x, s.y) > sky + 40, `star at ${s.x},${s.y}: ${at(s.x, s.y)} vs sky ${sky}`);
  assert.ok(at(128, 100) >= 250);
  // Brighter stars are brighter in the picture (asinh is monotonic, not saturated at 800).
  assert.ok(at(40, 30) > at(200, 150) && at(200, 150) > at(10, 190));
});

test("large images are sampled for the statistics", () => {
  const data = skyImage(600, 500, [], 100, 5, 3);
  const p = chooseStretch({ width: 600, height: 500, data }, { maxSamples: 10_000 });
  assert.equal(p.finiteCount, 300_000);
  assert.equal(p.sampleCount, 10_000);
  near(p.median, 100, 0.3);
  near(p.sigma, 5, 0.3);
});
