/**
 * Checks the known-noise quantiser against cfitsio (through astropy): restored values stay within
 * half a quantisation step of the originals, which holds only if the dither sequence is the
 * standard's, and +Inf variance comes back as a huge value.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { hasPythonModules, oracleSkip, runPython } from "../../../test/support/oracles.js";
import { collectBytes, emptyPrimaryHdu, encodeRaw, formatCard, writeFits } from "../../lib/fits/index.js";
import { quantizedFloatHdu } from "./quantize-known-noise.js";
import { Rng } from "./rng.js";

const ORACLE = fileURLToPath(new URL("./fixtures/oracle_demo.py", import.meta.url));

test("quantised floats restore within half a step in astropy, for row and square tiles and several dither seeds", { skip: oracleSkip("astropy", hasPythonModules("astropy", "numpy")) }, async () => {
  const [w, h] = [300, 70];
  const data = new Float32Array(w * h);
  const rng = new Rng(1, "quantize-test");
  for (let i = 0; i < data.length; i++) data[i] = 1000 * Math.sin(i / 97) + 30 * rng.normal();
  data[5] = Number.POSITIVE_INFINITY;
  const dir = mkdtempSync(join(tmpdir(), "skyport-quant-"));
  const shapes: [number, number][] = [
    [w, 16],
    [64, 32],
  ];
  const hdus = shapes.flatMap((tile) => [7, 9999].map((zdither0) => quantizedFloatHdu(data, w, h, [formatCard("EXTNAME", `Q${zdither0}`)], { zscale: 2, zdither0, tile, clampInfinity: true })!));
  writeFileSync(join(dir, "q.fits"), await collectBytes(writeFits([emptyPrimaryHdu(), ...hdus], { checksum: true })));
  writeFileSync(join(dir, "q.f32"), encodeRaw(data));
  try {
    for (const hdu of [1, 2, 3, 4]) {
        const out = JSON.parse(runPython(ORACLE, [], JSON.stringify({ quantized: { fits: join(dir, "q.fits"), raw: join(dir, "q.f32"), hdu } }))) as { quantized: { max_error_in_zscale: number; inf_restored_min: number } };
      assert.ok(out.quantized.max_error_in_zscale <= 0.5 + 1e-6, `error ${out.quantized.max_error_in_zscale} steps`);
      assert.ok(out.quantized.inf_restored_min > 1e9, "+Inf is stored as a huge value");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("values beyond the integer range make the quantiser decline", () => {
  const data = new Float32Array([1, 2, 3, 1e30]);
  assert.equal(quantizedFloatHdu(data, 2, 2, [], { zscale: 1, zdither0: 1, tile: [2, 1] }), undefined);
  assert.equal(quantizedFloatHdu(new Float32Array([1, Number.POSITIVE_INFINITY]), 2, 1, [], { zscale: 1, zdither0: 1, tile: [2, 1] }), undefined);
});
