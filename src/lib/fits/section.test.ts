/** Sections (1-based and 0-based), run planning, WCS shift, checksums and read errors. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import {
  BlockCache,
  type ByteSource,
  bufferSource,
  cachedSource,
  checksumOf,
  collectBytes,
  decodeRaw,
  encodeChecksum,
  encodeRaw,
  FitsFormatError,
  formatCard,
  imageHdu,
  parseHeaderText,
  readHduIndex,
  readImage,
  readImageSection,
  readImageSectionPix1,
  shiftWcsForSection,
  verifyChecksums,
  writeFits,
} from "./index.js";

/** A source that records the reads made through it. */
function countingSource(bytes: Uint8Array): ByteSource & { reads: Array<[number, number]> } {
  const inner = bufferSource(bytes);
  const reads: Array<[number, number]> = [];
  return {
    size: inner.size,
    reads,
    read: (o, n) => {
      reads.push([o, n]);
      return inner.read(o, n);
    },
  };
}

async function cube(): Promise<Uint8Array> {
  // value = x + 100 y + 10000 z (0-based), NAXIS1 = 20, NAXIS2 = 15, NAXIS3 = 4
  const data = Float32Array.from({ length: 20 * 15 * 4 }, (_, i) => (i % 20) + 100 * (Math.floor(i / 20) % 15) + 10000 * Math.floor(i / 300));
  return collectBytes(writeFits([imageHdu({ data, shape: [20, 15, 4], primary: true })]));
}

test("N-D section, 0-based half-open box: only needed rows read, values in FITS order", async () => {
  const src = countingSource(await cube());
  const [e] = (await readHduIndex(src)).hdus;
  src.reads.length = 0;
  const d = await readImageSection(src, e!, { start0: [3, 2, 1], end0: [7, 5, 3] }, { maxGapBytes: 0 });
  assert.deepEqual(d.shape, [4, 3, 2]);
  assert.equal(src.reads.length, 3 * 2, "one read per row when gaps are not merged");
  assert.ok(src.reads.every(([, n]) => n === 16));
  const v = d.physical();
  assert.equal(v[0], 3 + 200 + 10000);
  assert.equal(v[v.length - 1], 6 + 400 + 20000);
  const merged = await readImageSection(src, e!, { start0: [3, 2, 1], end0: [7, 5, 3] });
  assert.deepEqual(Array.from(merged.physical() as Float32Array), Array.from(v as Float32Array));
});

test("1-based inclusive pixel ranges equal the 0-based box", async () => {
  const src = bufferSource(await cube());
  const [e] = (await readHduIndex(src)).hdus;
  const a = await readImageSectionPix1(src, e!, [4, 3, 2], [7, 5, 3]);
  const b = await readImageSection(src, e!, { start0: [3, 2, 1], end0: [7, 5, 3] });
  assert.deepEqual(Array.from(a.raw as Float32Array), Array.from(b.raw as Float32Array));
});

test("out-of-range boxes and truncated data are FitsFormatErrors", async () => {
  const bytes = await cube();
  const src = bufferSource(bytes);
  const [e] = (await readHduIndex(src)).hdus;
  await assert.rejects(readImageSection(src, e!, { start0: [0, 0, 0], end0: [21, 1, 1] }), (x: unknown) => x instanceof FitsFormatError && x.code === "OUT_OF_RANGE");
  const short = bufferSource(bytes.subarray(0, 4000));
  const [e2] = (await readHduIndex(short)).hdus;
  assert.equal(e2!.truncated, true);
  await assert.rejects(readImage(short, e2!), (x: unknown) => x instanceof FitsFormatError && x.code === "TRUNCATED");
  await assert.rejects(readHduIndex(bufferSource(bytes.subarray(0, 100))), (x: unknown) => x instanceof FitsFormatError && x.code === "NO_END");
});

test("section of a real image (arange.fits) matches the whole-image read", { skip: sharedSkip() }, async () => {
  const src = bufferSource(new Uint8Array(readFileSync(sharedData("fits/basic/arange.fits"))));
  const [e] = (await readHduIndex(src)).hdus;
  const all = (await readImage(src, e!)).physical();
  const [n1, n2] = e!.layout.axes as [number, number, number];
  const s = (await readImageSectionPix1(src, e!, [2, 3, 4], [5, 6, 6])).physical();
  let k = 0;
  for (let z = 3; z < 6; z++) for (let y = 2; y < 6; y++) for (let x = 1; x < 5; x++) assert.equal(s[k++], all[x + n1 * (y + n2 * z)]);
});

test("shiftWcsForSection moves CRPIX (and alternates, LTV) and keeps SIP/PV cards", () => {
  const h = parseHeaderText(
    [
      "NAXIS1  =                 2048",
      "NAXIS2  =                 4096",
      "CRPIX1  =               1024.5",
      "CRPIX2  =                 2000",
      "CRPIX1A =                 10.0",
      "LTV1    =                  0.0",
      "A_2_0   =            1.234E-06",
      "PV2_1   =                  0.5",
      "CHECKSUM= 'abc'",
    ].join("\n"),
  );
  const s = shiftWcsForSection(h, [101, 51], [300, 200]);
  assert.equal(s.get("NAXIS1"), 300);
  assert.equal(s.get("NAXIS2"), 200);
  assert.equal(s.get("CRPIX1"), 924.5);
  assert.equal(s.get("CRPIX2"), 1950);
  assert.equal(s.get("CRPIX1A"), -90);
  assert.equal(s.getCard("CRPIX1A")!.valueType, "float");
  assert.equal(s.get("LTV1"), -100);
  assert.equal(s.get("A_2_0"), 1.234e-6);
  assert.equal(s.get("PV2_1"), 0.5);
  assert.equal(s.has("CHECKSUM"), false);
});

test("checksums: the shared checksum.fits verifies, and a written file sums to -0", { skip: sharedSkip() }, async () => {
  const src = bufferSource(new Uint8Array(readFileSync(sharedData("fits/basic/checksum.fits"))));
  for (const e of (await readHduIndex(src)).hdus) {
    const s = await verifyChecksums(src, e);
    assert.deepEqual([s.checksum, s.datasum], ["ok", "ok"], `HDU ${e.index}`);
  }
  const out = await collectBytes(writeFits([imageHdu({ data: Int16Array.of(1, 2, 3), shape: [3], primary: true, cards: [formatCard("OBJECT", "x")] })], { checksum: true }));
  assert.equal(checksumOf(out), 0xffffffff);
  // Appendix J: the encoding of the complement of 0 is all zeros ('0' = 0x30) before rotation.
  assert.equal(encodeChecksum(0xffffffff), "0000000000000000");
});

test("BlockCache: sections through a cached source equal direct reads; warm reads make no source read", async () => {
  // 64×50 float32 image, rows of 256 bytes; 512-byte pages hold two rows each.
  const data = Float32Array.from({ length: 64 * 50 }, (_, i) => i * 0.25 - 100);
  const bytes = await collectBytes(writeFits([imageHdu({ data, shape: [64, 50], primary: true })]));
  const inner = countingSource(bytes);
  const cache = new BlockCache({ pageBytes: 512, maxBytes: 64 * 1024 });
  const src = cachedSource(inner, cache);
  const [e] = (await readHduIndex(src)).hdus;
  const box = { start0: [10, 5], end0: [20, 30] };
  const want = Array.from((await readImageSection(bufferSource(bytes), e!, box)).physical() as Float32Array);
  inner.reads.length = 0;
  const cold = await readImageSection(src, e!, box);
  assert.deepEqual(Array.from(cold.physical() as Float32Array), want);
  // Cold: whole pages, only around the needed rows (25 rows of 40 bytes → at most 13 + 1 pages).
  const fetched = inner.reads.reduce((n, [, len]) => n + len, 0);
  assert.ok(inner.reads.every(([o]) => o % 512 === 0), "page-aligned reads");
  assert.ok(fetched <= 14 * 512, `fetched ${fetched} bytes`);
  inner.reads.length = 0;
  const warm = await readImageSection(src, e!, box);
  assert.deepEqual(Array.from(warm.physical() as Float32Array), want);
  assert.equal(inner.reads.length, 0, "served from the cache");
  // A cache smaller than the image evicts and still returns right values.
  const tiny = cachedSource(bufferSource(bytes), new BlockCache({ pageBytes: 512, maxBytes: 2048 }));
  const whole = await readImage(tiny, e!);
  assert.deepEqual(Array.from(whole.physical() as Float32Array), Array.from(data));
  assert.deepEqual(Array.from(await tiny.read(100, 3000)), Array.from(bytes.subarray(100, 3100)));
});

test("byte swap of every element width, short and long arrays (SIMD and scalar paths)", () => {
  for (const n of [3, 100, 5000, 300_001]) {
    for (const [bitpix, make] of [
      [16, (i: number) => ((i * 7919) % 65536) - 32768],
      [32, (i: number) => (i * 2654435761) | 0],
      [-32, (i: number) => Math.fround(i / 3 - 7)],
      [-64, (i: number) => i / 7 - 1e5],
    ] as const) {
      const values = bitpix === 16 ? Int16Array.from({ length: n }, (_, i) => make(i)) : bitpix === 32 ? Int32Array.from({ length: n }, (_, i) => make(i)) : bitpix === -32 ? Float32Array.from({ length: n }, (_, i) => make(i)) : Float64Array.from({ length: n }, (_, i) => make(i));
      const be = encodeRaw(values);
      const dv = new DataView(be.buffer);
      const size = Math.abs(bitpix) / 8;
      for (const i of [0, n >> 1, n - 1]) {
        const got = bitpix === 16 ? dv.getInt16(i * size) : bitpix === 32 ? dv.getInt32(i * size) : bitpix === -32 ? dv.getFloat32(i * size) : dv.getFloat64(i * size);
        assert.equal(got, values[i], `BITPIX ${bitpix} n ${n} i ${i}`);
      }
      assert.deepEqual(Array.from(decodeRaw(bitpix, be) as ArrayLike<number>), Array.from(values), `BITPIX ${bitpix} n ${n}`);
    }
  }
});
