/** End to end: a synthetic sky → downsample → asinh → PNG/JPEG, decoded by Pillow, not blank; timing. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeWithPillow, pillowSkip } from "./fixtures/pillow.js";
import { meanStd, skyImage } from "./fixtures/synthetic.js";
import { createDownsampler, encodePreview, renderPreview } from "./index.js";

const W = 1500;
const H = 1000;
const STARS = [
  { x: 300, y: 200, peak: 8000, sigma: 4 },
  { x: 1100, y: 700, peak: 2000, sigma: 5 },
  { x: 750, y: 900, peak: 30000, sigma: 6 },
];
const SKY = skyImage(W, H, STARS, 500, 20, 7);
for (let x = 0; x < 200; x++) for (let y = 0; y < 50; y++) SKY[y * W + x] = Number.NaN; // a null corner

for (const format of ["png", "jpeg"] as const) {
  test(`${format} preview of a sky with stars decodes and is not blank`, { skip: pillowSkip() }, () => {
    const p = renderPreview({ width: W, height: H, data: SKY }, { maxWidth: 256, maxHeight: 256, format, quality: 90 });
    assert.equal(p.factor, 6);
    assert.deepEqual([p.width, p.height], [250, 167]);
    assert.equal(p.mediaType, format === "png" ? "image/png" : "image/jpeg");
    const d = decodeWithPillow(p.bytes, format === "png" ? "png" : "jpg");
    assert.equal(d.format, format.toUpperCase());
    assert.equal(d.mode, "L");
    assert.deepEqual([d.width, d.height], [250, 167]);
    const { std } = meanStd(d.pixels);
    assert.ok(std > 10, `std dev ${std}`);
    // Picture row = height − 1 − FITS row (after dividing coordinates by the factor).
    const at = (x: number, y: number) => d.pixels[(p.height - 1 - Math.floor(y / 6)) * p.width + Math.floor(x / 6)]!;
    const sky = at(600, 400);
    for (const s of STARS) assert.ok(at(s.x, s.y) > sky + 60, `star ${s.x},${s.y}: ${at(s.x, s.y)} vs sky ${sky}`);
    assert.ok(at(20, 20) <= 3, `null corner ${at(20, 20)}`); // nullGrey 0 (JPEG may ring slightly)
  });
}

test("the row-wise path gives the same preview as the whole-image path", () => {
  const whole = renderPreview({ width: W, height: H, data: SKY }, { maxWidth: 300, maxHeight: 300, format: "png" });
  const d = createDownsampler(W, H, whole.factor);
  for (let y = 0; y < H; y += 64) {
    const n = Math.min(64, H - y);
    d.pushRows(SKY.subarray(y * W, (y + n) * W), n);
  }
  const rows = encodePreview(d.result(), { format: "png" });
  assert.deepEqual(rows.bytes, whole.bytes);
  assert.deepEqual(rows.params, whole.params);
});

test("timing: 4096 × 4096 float32 → 1024 × 1024 PNG and JPEG", (t) => {
  const w = 4096;
  const data = new Float32Array(w * w);
  let s = 12345;
  for (let i = 0; i < data.length; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    data[i] = 1000 + (s >>> 16) / 6553.6;
  }
  for (const [cx, cy] of [[1000, 1000], [3000, 2500]] as const) {
    for (let y = cy - 20; y <= cy + 20; y++) for (let x = cx - 20; x <= cx + 20; x++) data[y * w + x]! += 5000 * Math.exp(-((x - cx) ** 2 + (y - cy) ** 2) / 50);
  }
  const t0 = performance.now();
  const png = renderPreview({ width: w, height: w, data }, { maxWidth: 1024, maxHeight: 1024, format: "png" });
  const t1 = performance.now();
  const jpeg = renderPreview({ width: w, height: w, data }, { maxWidth: 1024, maxHeight: 1024, format: "jpeg" });
  const t2 = performance.now();
  t.diagnostic(`4096² → 1024² PNG ${(t1 - t0).toFixed(0)} ms (${png.bytes.length} bytes), JPEG ${(t2 - t1).toFixed(0)} ms (${jpeg.bytes.length} bytes)`);
  assert.deepEqual([png.width, png.height, jpeg.width, jpeg.height], [1024, 1024, 1024, 1024]);
  // Generous bound for a shared 2-core machine; the figure itself is in the diagnostic.
  assert.ok(t1 - t0 < 5000 && t2 - t1 < 5000);
});

test("stretch parameters of one preview can be reused for another format", () => {
  const png = renderPreview({ width: W, height: H, data: SKY }, { maxWidth: 200, maxHeight: 200, format: "png" });
  const jpeg = renderPreview({ width: W, height: H, data: SKY }, { maxWidth: 200, maxHeight: 200, format: "jpeg", stretch: png.params });
  assert.deepEqual(jpeg.params, png.params);
  assert.equal(jpeg.mediaType, "image/jpeg");
});
