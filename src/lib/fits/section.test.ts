/** Sections (1-based and 0-based), run planning, WCS shift, checksums and read errors. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { sharedData, sharedSkip } from "../../../test/support/oracles.js";
import {
  BlockCache,
  type ByteSource,
  bufferSource,
  cachedHduIndex,
  cachedSource,
  checksumOf,
  collectBytes,
  decodeRaw,
  encodeChecksum,
  encodeRaw,
  FitsFormatError,
  formatCard,
  imageHdu,
  lazyCachedSource,
  parseHeaderText,
  readHduIndex,
  readImage,
  readImageSection,
  readImageSectionPix1,
  readSectionBytes,
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

/** Big-endian float32 values of a byte buffer. */
function beFloats(b: Uint8Array): number[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length / 4 }, (_, i) => dv.getFloat32(i * 4));
}

/** The cube's values (x + 100 y + 10000 z) over a 0-based box, NAXIS1 fastest. */
function cubeValues(start0: readonly number[], end0: readonly number[]): number[] {
  const v: number[] = [];
  for (let z = start0[2]!; z < end0[2]!; z++) for (let y = start0[1]!; y < end0[1]!; y++) for (let x = start0[0]!; x < end0[0]!; x++) v.push(x + 100 * y + 10000 * z);
  return v;
}

test("readSectionBytes into a caller's buffer: big-endian bytes, a view of it, from every kind of source", async () => {
  const bytes = await cube();
  const box = { start0: [3, 2, 1], end0: [7, 5, 3] }; // 4 × 3 × 2 float32 = 96 bytes
  const want = cubeValues(box.start0, box.end0);
  const cache = new BlockCache({ pageBytes: 512, maxBytes: 64 * 1024 });
  const counted = countingSource(bytes);
  const sources: Array<[string, ByteSource]> = [
    ["buffer (readIntoSync)", bufferSource(bytes)],
    ["plain reads", countingSource(bytes)],
    ["cold cache", cachedSource(counted, cache)],
    ["warm cache", cachedSource(counted, cache)],
  ];
  for (const [name, src] of sources) {
    const [e] = (await readHduIndex(src)).hdus;
    const into = new Uint8Array(200).fill(0xee);
    const got = await readSectionBytes(src, e!, box, { into });
    assert.equal(got.buffer, into.buffer, name);
    assert.equal(got.byteOffset, 0, name);
    assert.equal(got.length, 96, name);
    assert.deepEqual(beFloats(got), want, name);
    assert.equal(into[96], 0xee, `${name}: bytes after the section untouched`);
    assert.deepEqual(Array.from(got), Array.from(await readSectionBytes(src, e!, box)), `${name}: same bytes as a fresh buffer`);
  }
  // Exactly the section's size: the buffer itself comes back.
  const src = bufferSource(bytes);
  const [e] = (await readHduIndex(src)).hdus;
  const exact = new Uint8Array(96);
  assert.equal(await readSectionBytes(src, e!, box, { into: exact }), exact);
  await assert.rejects(readSectionBytes(src, e!, box, { into: new Uint8Array(95) }), (x: unknown) => x instanceof FitsFormatError && x.code === "BAD_ARGUMENT");
});

test("a partly cached section: cached rows are copied, only the missing ones are read", async () => {
  // 64×50 float32 image, rows of 256 bytes, 512-byte pages; warm the pages of rows 10–19 only.
  const data = Float32Array.from({ length: 64 * 50 }, (_, i) => i * 0.5 - 7);
  const bytes = await collectBytes(writeFits([imageHdu({ data, shape: [64, 50], primary: true })]));
  const inner = countingSource(bytes);
  const src = cachedSource(inner, new BlockCache({ pageBytes: 512, maxBytes: 64 * 1024 }));
  const [e] = (await readHduIndex(src)).hdus;
  await readSectionBytes(src, e!, { start0: [0, 10], end0: [64, 20] });
  inner.reads.length = 0;
  const box = { start0: [5, 0], end0: [45, 40] };
  const into = new Uint8Array(40 * 40 * 4 + 4);
  const got = await readSectionBytes(src, e!, box, { into: into.subarray(4) });
  const want: number[] = [];
  for (let y = 0; y < 40; y++) for (let x = 5; x < 45; x++) want.push(data[y * 64 + x]!);
  assert.deepEqual(beFloats(got), want);
  assert.equal(got.byteOffset, 4);
  const fetched = inner.reads.reduce((n, [, len]) => n + len, 0);
  // Rows 0–39 lie on pages 5–25 (data from byte 2880); pages 10–15 (rows 9–19) were cached.
  assert.ok(fetched > 0 && fetched <= 15 * 512, `fetched ${fetched} bytes: rows 10–19 came from the cache`);
});

test("readImageSection into a caller's buffer: native values in it, fast (in-memory) and read paths", async () => {
  const bytes = await cube();
  const box = { start0: [0, 1, 0], end0: [20, 14, 4] };
  const want = cubeValues(box.start0, box.end0);
  for (const [name, src] of [
    ["in memory (gathered and swapped)", bufferSource(bytes)],
    ["plain reads (swapped in place)", countingSource(bytes)],
  ] as Array<[string, ByteSource]>) {
    const [e] = (await readHduIndex(src)).hdus;
    const into = new Uint8Array(want.length * 4 + 8);
    const d = await readImageSection(src, e!, box, { into: into.subarray(8) });
    assert.ok(d.raw instanceof Float32Array, name);
    assert.equal(d.raw.buffer, into.buffer, name);
    assert.equal(d.raw.byteOffset, 8, name);
    assert.deepEqual(Array.from(d.physical() as Float32Array), want, name);
    await assert.rejects(readImageSection(src, e!, box, { into: into.subarray(2) }), (x: unknown) => x instanceof FitsFormatError && x.code === "BAD_ARGUMENT", `${name}: misaligned`);
    await assert.rejects(readImageSection(src, e!, box, { into: new Uint8Array(16) }), (x: unknown) => x instanceof FitsFormatError && x.code === "BAD_ARGUMENT", `${name}: too small`);
  }
  // Scaled data: physical() is a new array, raw stays in the buffer.
  const scaled = await collectBytes(
    writeFits([imageHdu({ data: Int16Array.from({ length: 12 }, (_, i) => i - 6), shape: [4, 3], primary: true, cards: [formatCard("BSCALE", 0.5), formatCard("BZERO", 10)] })]),
  );
  const src = bufferSource(scaled);
  const [e] = (await readHduIndex(src)).hdus;
  const into = new Uint8Array(64);
  const d = await readImageSection(src, e!, { start0: [1, 1], end0: [3, 3] }, { into });
  assert.equal(d.raw.buffer, into.buffer);
  assert.deepEqual(Array.from(d.raw as Int16Array), [-1, 0, 3, 4]);
  assert.deepEqual(Array.from(d.physical() as Float32Array), [9.5, 10, 11.5, 12]);
});

test("cachedHduIndex: read once per cache and options, shared afterwards; failures are not kept", async () => {
  const bytes = await cube();
  const inner = countingSource(bytes);
  const cache = new BlockCache({ pageBytes: 4096 });
  const first = await cachedHduIndex(inner, cache);
  assert.deepEqual(
    first.hdus.map((h) => [h.index, h.dataOffset, h.layout.axes]),
    (await readHduIndex(bufferSource(bytes))).hdus.map((h) => [h.index, h.dataOffset, h.layout.axes]),
  );
  inner.reads.length = 0;
  assert.equal(await cachedHduIndex(inner, cache), first);
  assert.equal(inner.reads.length, 0, "no read for a kept index");
  const other = await cachedHduIndex(inner, cache, { maxHdus: 5 });
  assert.notEqual(other, first, "other options: read again");
  assert.equal(await cachedHduIndex(inner, cache, { maxHdus: 5 }), other);
  assert.notEqual(await cachedHduIndex(inner, new BlockCache()), first, "another file's cache");
  // A failed read (not FITS) is reported and not kept: the next call reads again.
  const bad = countingSource(new TextEncoder().encode("not a FITS file at all".padEnd(2880)));
  const badCache = new BlockCache();
  await assert.rejects(cachedHduIndex(bad, badCache), (x: unknown) => x instanceof FitsFormatError && x.code === "BAD_STRUCTURE");
  await new Promise((r) => setImmediate(r));
  bad.reads.length = 0;
  await assert.rejects(cachedHduIndex(bad, badCache), FitsFormatError);
  assert.ok(bad.reads.length > 0, "read again after a failure");
});

test("lazyCachedSource: opens the file only on a cache miss, once, and closes it", async () => {
  const bytes = await cube();
  const cache = new BlockCache({ pageBytes: 512, maxBytes: 1024 * 1024 });
  let opens = 0;
  let closes = 0;
  const open = async () => {
    opens++;
    return { ...bufferSource(bytes), close: () => void closes++ };
  };
  const box = { start0: [2, 3, 1], end0: [18, 9, 4] };
  const want = cubeValues(box.start0, box.end0);
  const cold = lazyCachedSource(bytes.length, cache, open);
  assert.equal(cold.size, bytes.length);
  const [e] = (await readHduIndex(cold)).hdus;
  assert.deepEqual(beFloats(await readSectionBytes(cold, e!, box)), want);
  assert.equal(opens, 1, "opened once for all the misses of this source");
  await cold.close();
  await cold.close();
  assert.equal(closes, 1);
  const warm = lazyCachedSource(bytes.length, cache, open);
  const [e2] = (await cachedHduIndex(warm, cache)).hdus;
  const d = await readImageSection(warm, e2!, box);
  assert.deepEqual(Array.from(d.physical() as Float32Array), want);
  await warm.close();
  assert.deepEqual([opens, closes], [1, 1], "warm: never opened");
  // An open that fails is reported by the read; close then has nothing to close.
  const failing = lazyCachedSource(bytes.length, new BlockCache({ pageBytes: 512 }), () => Promise.reject(new Error("gone")));
  await assert.rejects(readHduIndex(failing), /gone/);
  await failing.close();
});
