/** Block-average downsampling: exact values, nulls, edges, the row API and its memory bound. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { blockFactor, createDownsampler, downsample, downsampledSize, downsampleToFit, ImageError } from "./index.js";

const N = Number.NaN;

test("blockFactor is the smallest integer factor that fits, keeping the aspect ratio", () => {
  assert.equal(blockFactor(4096, 4096, 1024, 1024), 4);
  assert.equal(blockFactor(4097, 4096, 1024, 1024), 5);
  assert.equal(blockFactor(1000, 500, 256, 256), 4);
  assert.deepEqual(downsampledSize(1000, 500, 4), [250, 125]);
  assert.equal(blockFactor(10, 3, 4, 4), 3);
  assert.deepEqual(downsampledSize(10, 3, 3), [4, 1]);
  assert.equal(blockFactor(100, 50, 200, 200), 1);
  assert.throws(() => blockFactor(0, 5, 4, 4), ImageError);
  assert.throws(() => blockFactor(5, 5, 4.5, 4), ImageError);
});

test("downsample averages blocks, ignores nulls inside a block and keeps partial edge blocks", () => {
  // 5 × 3, row 0 first (FITS bottom row).
  const data = Float64Array.of(1, 2, 3, 4, 5, 6, N, 8, 9, 10, 11, 12, 13, 14, 15);
  const r = downsample({ width: 5, height: 3, data }, 2);
  assert.equal(r.width, 3);
  assert.equal(r.height, 2);
  assert.equal(r.factor, 2);
  assert.deepEqual(Array.from(r.data), [3, 6, 7.5, 11.5, 13.5, 15]);
});

test("an all-null block becomes NaN; Infinity and BLANK count as null", () => {
  const data = Float32Array.of(N, N, 1, Number.POSITIVE_INFINITY, N, N, 3, Number.NEGATIVE_INFINITY);
  const r = downsample({ width: 4, height: 2, data }, 2);
  assert.ok(Number.isNaN(r.data[0]));
  assert.equal(r.data[1], 2);
  const ints = Int16Array.of(-32768, 10, 20, -32768);
  assert.deepEqual(Array.from(downsample({ width: 2, height: 2, data: ints }, 2, { blank: -32768 }).data), [15]);
  assert.deepEqual(Array.from(downsample({ width: 2, height: 2, data: ints }, 1, { blank: -32768 }).data), [N, 10, 20, N]);
});

test("factor 1 copies; downsampleToFit picks the factor", () => {
  const data = Uint8Array.of(1, 2, 3, 4, 5, 6);
  assert.deepEqual(Array.from(downsample({ width: 3, height: 2, data }, 1).data), [1, 2, 3, 4, 5, 6]);
  const r = downsampleToFit({ width: 3, height: 2, data }, 2, 2);
  assert.equal(r.factor, 2);
  assert.deepEqual(Array.from(r.data), [3, 4.5]);
});

test("the row API gives the same result as the whole-image call, in any chunking", () => {
  const w = 13;
  const h = 11;
  const data = new Float64Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = i % 7 === 3 ? N : (i * 37) % 101;
  const whole = downsample({ width: w, height: h, data }, 3);
  const byRow = createDownsampler(w, h, 3);
  for (let y = 0; y < h; y++) byRow.pushRow(data.subarray(y * w, (y + 1) * w));
  assert.deepEqual(byRow.result(), whole);
  const chunked = createDownsampler(w, h, 3);
  chunked.pushRows(data.subarray(0, 4 * w), 4);
  chunked.pushRows(data.subarray(4 * w, 5 * w), 1);
  chunked.pushRows(data.subarray(5 * w), 6);
  assert.deepEqual(chunked.result(), whole);
});

test("the row API rejects misuse", () => {
  const d = createDownsampler(4, 2, 2);
  assert.throws(() => d.pushRow([1, 2, 3]), ImageError);
  d.pushRow([1, 2, 3, 4]);
  assert.throws(() => d.result(), /only 1 of 2 rows/);
  d.pushRow([1, 2, 3, 4]);
  assert.throws(() => d.pushRow([1, 2, 3, 4]), /more than 2 rows/);
  assert.deepEqual(Array.from(d.result().data), [1.5, 3.5]);
  assert.throws(() => createDownsampler(4, 2, 0), ImageError);
  assert.throws(() => downsample({ width: 4, height: 2, data: [1, 2, 3] }, 2), ImageError);
});

test("4096 × 4096 → 512 × 512 by rows holds only one row of input and one of accumulators", (t) => {
  const w = 4096;
  const h = 4096;
  const before = process.memoryUsage().arrayBuffers;
  const t0 = performance.now();
  const d = createDownsampler(w, h, blockFactor(w, h, 512, 512));
  const row = new Float32Array(w); // reused: the downsampler must not keep it
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) row[x] = x + 2 * y;
    d.pushRow(row);
  }
  const r = d.result();
  const ms = performance.now() - t0;
  const grown = process.memoryUsage().arrayBuffers - before;
  t.diagnostic(`row-wise downsample 4096² → 512²: ${ms.toFixed(0)} ms, array buffers +${(grown / 2 ** 20).toFixed(1)} MiB`);
  assert.equal(r.factor, 8);
  assert.equal(r.width, 512);
  assert.equal(r.height, 512);
  // The mean of x + 2y over an 8 × 8 block is the value at the block centre.
  for (const [bx, by] of [[0, 0], [511, 0], [17, 300], [511, 511]] as const) {
    assert.equal(r.data[by * 512 + bx], 8 * bx + 3.5 + 2 * (8 * by + 3.5));
  }
  assert.ok(d.workingBytes <= 12 * 512, `working state ${d.workingBytes} bytes`);
  // The full image would be 64 MiB of float32; we hold the 2 MiB output and a 16 KiB row.
  assert.ok(grown < 16 * 2 ** 20, `array buffers grew by ${grown} bytes`);
});
