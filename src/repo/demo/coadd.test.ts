/** Warping one input into two coadds at once equals warping it into each separately. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { intersects } from "../../lib/sphere/index.js";
import { CoaddAccumulator } from "./coadd.js";
import { releaseLayout } from "./release-layout.js";
import type { MaskedImage } from "./sensor-frames.js";

test("add(…, also) gives the template exactly what a separate warp gives", () => {
  const size = 256;
  const layout = releaseLayout({ visits: 6, seed: 3, detectorSize: size, compress: false, nowIso: "2026-11-24T04:00:00Z", generatedAtIso: "2026-11-24T04:00:00Z" });
  const n = size * size;
  const input = (k: number): MaskedImage => ({
    width: size,
    height: size,
    image: Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.01 + k) * 100),
    variance: new Float32Array(n).fill(4 + k),
    mask: Int32Array.from({ length: n }, (_, i) => (i % 211 === 0 ? 1 : 0)),
  });
  // The patch most sensor footprints overlap.
  const overlaps = (id: number) => layout.sensorRegions.flat().filter((r) => intersects(r, layout.patchRegions.get(id)!)).length;
  const patch = layout.patches.reduce((a, b) => (overlaps(b.id) > overlaps(a.id) ? b : a));
  const pairs = layout.visits.flatMap((_, vi) => layout.detectors.map((d) => [vi, d.id] as const));
  const deep = new CoaddAccumulator(patch.width, patch.height, patch.wcs);
  const template = new CoaddAccumulator(patch.width, patch.height, patch.wcs);
  const alone = new CoaddAccumulator(patch.width, patch.height, patch.wcs);
  let used = 0;
  for (const [k, [vi, d]] of pairs.entries()) {
    const planes = input(k);
    const good = k % 2 === 0;
    deep.add(planes, layout.wcs[vi]![d]!, 0.5 + k, good ? template : undefined);
    if (good) alone.add(planes, layout.wcs[vi]![d]!, 0.5 + k);
  }
  for (let i = 0; i < alone.weight.length; i++) if (alone.weight[i]! > 0) used++;
  assert.ok(used > 0, "the inputs overlap the patch");
  assert.deepEqual(template.sum, alone.sum);
  assert.deepEqual(template.weight, alone.weight);
  assert.deepEqual(template.varSum, alone.varSum);
  assert.deepEqual(template.mask, alone.mask);
  const t = template.finish();
  assert.equal(t.variance.some((v) => v === Number.POSITIVE_INFINITY), true, "pixels without input are NO_DATA");
});
