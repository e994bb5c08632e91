/**
 * Files we write: RICE_1 and GZIP_2 (and GZIP_1), lossless and quantised, for 8/16/32-bit integer
 * and float32/float64 inputs, must pass fitsverify with 0 errors and 0 warnings, and astropy
 * (fixtures/oracle_decompress.py) must read them back: lossless to the input values, quantised to
 * our own decompressed values and within half a quantisation step (ZSCALE/2) of the input.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { hasCommand, hasPythonModules, ORACLE_PYTHON, oracleSkip } from "../../../../test/support/oracles.js";
import { bufferSource } from "../byte-source.js";
import { collectBytes, writeFits } from "../writer.js";
import { compressFits } from "./file.js";
import { compressedEntries, FIXTURES, firstDifference, loadFitsBytes, oracleValues, runOracle } from "./fixtures/support.js";
import { openCompressedImage, readCompressedImage } from "./reader.js";
import type { CompressOptions } from "./writer.js";

/** Float32 rounding allowance on top of ZSCALE/2, relative to the value. */
const FLOAT32_REL = 2 ** -23;

const skip =
  oracleSkip("fitsverify", hasCommand("fitsverify")) || oracleSkip("astropy (Debian python3-astropy)", hasPythonModules("astropy", "numpy"));

interface Case {
  readonly input: string;
  readonly options: CompressOptions;
}

const CASES: Case[] = [];
for (const input of ["u8", "i16", "u16", "i32"]) {
  for (const algorithm of ["RICE_1", "GZIP_2", "GZIP_1"] as const) CASES.push({ input, options: { algorithm } });
}
CASES.push({ input: "i16", options: { algorithm: "RICE_1", tile: [32, 16] } });
for (const input of ["f32", "f64"]) {
  CASES.push({ input, options: { algorithm: "GZIP_2" } });
  CASES.push({ input, options: { algorithm: "RICE_1", quantizeLevel: 4 } });
  CASES.push({ input, options: { algorithm: "GZIP_2", quantizeLevel: 16, zdither0: 77 } });
  CASES.push({ input, options: { algorithm: "RICE_1", quantizeLevel: 2, quantizeMethod: "SUBTRACTIVE_DITHER_2", tile: [25, 20], zdither0: 9999 } });
  CASES.push({ input, options: { algorithm: "RICE_1", quantizeLevel: 8, quantizeMethod: "NO_DITHER" } });
}

// A cube with 3-D tiles.
CASES.push({ input: "i16cube", options: { algorithm: "RICE_1", tile: [7, 5, 2] } });
CASES.push({ input: "i16cube", options: { algorithm: "GZIP_2", tile: [20, 15, 1] } });
// Constant rows go to GZIP_COMPRESSED_DATA (lossless) while the others are quantised.
CASES.push({ input: "f32flat", options: { algorithm: "RICE_1", quantizeLevel: 4 } });

describe("writing tile-compressed images", { skip }, () => {
  let dir = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "skyport-compress-write-"));
    const gen = spawnSync(ORACLE_PYTHON, [join(FIXTURES, "make_fpack_inputs.py"), dir], { encoding: "utf8" });
    assert.equal(gen.status, 0, gen.stderr);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("passes fitsverify and reads back in astropy", async () => {
    const written: { path: string; input: string; c: Case }[] = [];
    for (const [k, c] of CASES.entries()) {
      const input = join(dir, `${c.input}.fits`);
      const bytes = await collectBytes(writeFits(compressFits(bufferSource(loadFitsBytes(input)), () => c.options), { checksum: true }));
      const path = join(dir, `out-${k}.fits`);
      writeFileSync(path, bytes);
      written.push({ path, input, c });
      const v = spawnSync("fitsverify", [path], { encoding: "utf8" });
      assert.match(v.stdout, /Verification found 0 warning\(s\) and 0 error\(s\)/, `${c.input} ${JSON.stringify(c.options)}\n${v.stdout}`);
    }
    // astropy's decompression of our files, and the inputs (same HDU index, 1).
    const astropy = runOracle(written.map((w) => ({ src: w.path })));
    const inputs = runOracle(written.map((w) => ({ src: w.path, ref: w.input })));
    for (const [k, w] of written.entries()) {
      const label = `${w.c.input} ${JSON.stringify(w.c.options)}`;
      const theirs = oracleValues(astropy[k]!.bytes, astropy[k]!.hdus[0]!);
      const input = oracleValues(inputs[k]!.bytes, inputs[k]!.hdus[0]!);
      const bytes = loadFitsBytes(w.path);
      const [entry] = await compressedEntries(bytes);
      const ours = (await readCompressedImage(bufferSource(bytes), entry!)).physical();
      if (w.c.options.quantizeLevel === undefined) {
        assert.equal(firstDifference(theirs, input), undefined, `astropy vs input: ${label}`);
        assert.equal(firstDifference(ours, input), undefined, `ours vs input: ${label}`);
        continue;
      }
      // astropy 5.2.1 ignores ZBLANK (null pixels come back dequantised): compare elsewhere.
      const expected = Float64Array.from(theirs as Float64Array, (v, i) => (Number.isNaN(input[i] as number) ? Number.NaN : v));
      assert.equal(firstDifference(ours, expected), undefined, `ours vs astropy: ${label}`);
      const img = openCompressedImage(entry!);
      if (w.c.input === "f32flat") {
        assert.ok(img.context.columns.gzipFallback, "GZIP_COMPRESSED_DATA column written");
        for (let i = 0; i < 10 * img.info.axes[0]!; i++) assert.equal(ours[i], 5, `lossless constant row, pixel ${i}`);
      }
      const col = img.context.columns.zscale!;
      const table = new DataView(bytes.buffer, bytes.byteOffset + entry!.dataOffset, entry!.dataBytes);
      const tileWidth = img.info.tile[0]!;
      const tileHeight = img.info.tile[1]!;
      const width = img.info.axes[0]!;
      for (let i = 0; i < ours.length; i++) {
        const x = input[i] as number;
        const y = ours[i] as number;
        if (Number.isNaN(x) || (w.c.options.quantizeMethod === "SUBTRACTIVE_DITHER_2" && x === 0)) {
          assert.ok(Object.is(x, y) || (Number.isNaN(x) && Number.isNaN(y)), `${label} pixel ${i}: ${y} for ${x}`);
          continue;
        }
        const tile = Math.floor((i % width) / tileWidth) + img.grid.counts[0]! * Math.floor(Math.floor(i / width) / tileHeight);
        const zscale = table.getFloat64(tile * img.rowBytes + col.offset);
        assert.ok(Math.abs(x - y) <= zscale / 2 + Math.abs(x) * FLOAT32_REL * 2, `${label} pixel ${i}: |${y} − ${x}| > ${zscale}/2`);
      }
    }
    assert.equal(written.length, 26);
  });

  it("refuses RICE_1 on floats without a quantize level, and absurd options", async () => {
    const input = bufferSource(loadFitsBytes(join(dir, "f32.fits")));
    await assert.rejects(collectBytes(writeFits(compressFits(input, () => ({ algorithm: "RICE_1" })))), { name: "FitsCompressionError" });
    await assert.rejects(collectBytes(writeFits(compressFits(input, () => ({ algorithm: "GZIP_2", quantizeLevel: -1 })))), { name: "FitsCompressionError" });
    await assert.rejects(collectBytes(writeFits(compressFits(input, () => ({ algorithm: "GZIP_2", tile: [1000, 1] })))), { name: "FitsCompressionError" });
  });
});
