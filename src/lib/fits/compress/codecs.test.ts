/**
 * Unit and property tests of the pure codecs: the dither table's standard check value, RICE_1
 * round trips (fast-check), GZIP_2 shuffling, a hand-built PLIO line list, quantisation bounds,
 * tile geometry and the compressed → image header translation.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Card } from "../card.js";
import { parseHeaderText } from "../header.js";
import { ditherTable, ditherTableFinalSeed } from "./dither.js";
import { shuffleBytes, unshuffleBytes } from "./gzip.js";
import { compressedImageInfo, imageHeaderFromCompressed, isCompressedImageHeader } from "./header.js";
import { plioDecode } from "./plio.js";
import { quantizeTile, unquantize, ZERO_VALUE } from "./quantize.js";
import { type RiceBytePix, riceDecode, riceEncode } from "./rice.js";
import { tileGrid, tilesInBox } from "./tiles.js";

/** The standard's check on the Park–Miller sequence (FITS 4.0 §10.2.1). */
const DITHER_FINAL_SEED = 1043618065;

describe("dither table", () => {
  it("follows the standard's generator", () => {
    assert.equal(ditherTableFinalSeed(), DITHER_FINAL_SEED);
    const t = ditherTable();
    assert.equal(t.length, 10000);
    assert.equal(t[0], Math.fround(16807 / 2147483647));
    assert.ok(t.every((v) => v > 0 && v < 1));
  });
});

describe("RICE_1", () => {
  const ranges: Record<RiceBytePix, [number, number]> = { 1: [0, 255], 2: [-32768, 32767], 4: [-(2 ** 31), 2 ** 31 - 1] };
  for (const bytePix of [1, 2, 4] as const) {
    it(`round-trips BYTEPIX ${bytePix}`, () => {
      const [lo, hi] = ranges[bytePix];
      fc.assert(
        fc.property(
          fc.array(fc.oneof(fc.integer({ min: lo, max: hi }), fc.integer({ min: Math.max(lo, -20), max: Math.min(hi, 20) })), { maxLength: 300 }),
          fc.constantFrom(1, 16, 32, 33),
          (values, blockSize) => {
            const v = Int32Array.from(values);
            const out = new Int32Array(v.length);
            riceDecode(riceEncode(v, blockSize, bytePix), out, blockSize, bytePix);
            assert.deepEqual(out, v);
          },
        ),
        { numRuns: 150 },
      );
    });
  }
  it("codes constant blocks with the low-entropy code", () => {
    const v = new Int32Array(1000).fill(7);
    // 4 bytes of first pixel, then 32 blocks of a 5-bit zero FS code.
    assert.equal(riceEncode(v, 32, 4).length, 4 + Math.ceil((32 * 5) / 8));
  });
});

describe("GZIP_2 byte shuffle", () => {
  it("is inverted by unshuffle", () => {
    const be = Uint8Array.from({ length: 24 }, (_, i) => i);
    assert.deepEqual(Array.from(shuffleBytes(be, 4).subarray(0, 6)), [0, 4, 8, 12, 16, 20]);
    assert.deepEqual(unshuffleBytes(shuffleBytes(be, 4), 4), be);
  });
});

describe("PLIO_1", () => {
  it("decodes every opcode of a hand-built line list", () => {
    // New-format header (7 words: length in words 3–4), then ZN 3, HN 2 (PV 1), SH 5, PN 3, IS 2, DS 1.
    const body = [0x0003, 0x4002, 0x1005, 0x0000, 0x5003, 0x6002, 0x7001];
    const words = Int16Array.from([0, 7, -100, 7 + body.length, 0, 0, 0, ...body]);
    const out = new Int32Array(12);
    plioDecode(words, out);
    assert.deepEqual(Array.from(out), [0, 0, 0, 1, 1, 0, 0, 5, 7, 6, 0, 0]);
  });
  it("rejects a header that points past the list", () => {
    assert.throws(() => plioDecode(Int16Array.from([0, 7, -100, 999, 0, 0, 0]), new Int32Array(4)), { name: "FitsCompressionError" });
  });
});

describe("quantisation", () => {
  it("restores floats within half a step, zeros exactly with SUBTRACTIVE_DITHER_2, NaN as null", () => {
    const v = Float32Array.from({ length: 400 }, (_, i) => 100 * Math.sin(i / 5) + ((i * 7919) % 13) / 3);
    v[10] = 0;
    v[20] = Number.NaN;
    const q = quantizeTile(v, 100, 4, "SUBTRACTIVE_DITHER_2", 3, 42)!;
    assert.equal(q.ints[10], ZERO_VALUE);
    const back = new Float32Array(v.length);
    unquantize(q.ints, back, q.quantization);
    assert.equal(back[10], 0);
    assert.ok(Number.isNaN(back[20]!));
    for (let i = 0; i < v.length; i++) if (i !== 20) assert.ok(Math.abs(back[i]! - v[i]!) <= q.quantization.zscale / 2 + 1e-4, `pixel ${i}`);
  });
  it("declines constant tiles (stored losslessly instead)", () => {
    assert.equal(quantizeTile(new Float64Array(50).fill(3), 50, 4, "SUBTRACTIVE_DITHER_1", 1, 1), undefined);
  });
});

describe("tiles", () => {
  it("finds the tiles a box overlaps", () => {
    const g = tileGrid([100, 50], [30, 20]);
    assert.deepEqual(g.counts, [4, 3]);
    assert.deepEqual(tilesInBox(g, { start0: [25, 15], end0: [65, 25] }), [0, 1, 2, 4, 5, 6]);
    assert.deepEqual(tilesInBox(g, { start0: [99, 49], end0: [100, 50] }), [11]);
  });
});

const TABLE = [
  "XTENSION= 'BINTABLE'",
  "BITPIX  =                    8",
  "NAXIS   =                    2",
  "NAXIS1  =                    8",
  "NAXIS2  =                   10",
  "PCOUNT  =                  100",
  "GCOUNT  =                    1",
  "TFIELDS =                    1",
  "TTYPE1  = 'COMPRESSED_DATA'",
  "TFORM1  = '1PB(20)'",
  "ZIMAGE  =                    T",
  "ZTILE1  =                   10",
  "ZTILE2  =                    1",
  "ZCMPTYPE= 'RICE_1  '",
  "ZNAME1  = 'BLOCKSIZE'",
  "ZVAL1   =                   32",
  "EXTNAME = 'COMPRESSED_IMAGE'",
  "ZTENSION= 'IMAGE   '           / Image extension",
  "ZBITPIX =                   16",
  "ZNAXIS  =                    2",
  "ZNAXIS1 =                   10",
  "ZNAXIS2 =                   10",
  "ZPCOUNT =                    0",
  "ZGCOUNT =                    1",
  "ZHECKSUM= 'AbCdEfGhIjKlMnOp'",
  "BZERO   =                32768",
  "OBJECT  = 'M13     '",
].join("\n");

describe("header translation", () => {
  it("presents the image header", () => {
    const h = parseHeaderText(TABLE);
    assert.ok(isCompressedImageHeader(h));
    const img = imageHeaderFromCompressed(h);
    assert.deepEqual(
      img.cards.map((c: Card) => c.keyword),
      ["XTENSION", "BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "PCOUNT", "GCOUNT", "BZERO", "OBJECT", "CHECKSUM"],
    );
    assert.equal(img.get("XTENSION"), "IMAGE");
    assert.equal(img.get("BITPIX"), 16);
    assert.equal(img.get("PCOUNT"), 0);
    assert.equal(img.get("CHECKSUM"), "AbCdEfGhIjKlMnOp");
    assert.equal(img.getComment("XTENSION"), "Image extension");
    assert.deepEqual(compressedImageInfo(h).tile, [10, 1]);
  });
  it("rejects plain tables and unknown algorithms", () => {
    assert.equal(isCompressedImageHeader(parseHeaderText(TABLE.replace("ZIMAGE  =                    T", "ZIMAGE  =                    F"))), false);
    assert.throws(() => compressedImageInfo(parseHeaderText(TABLE.replace("'RICE_1  '", "'LZMA_9  '"))), { name: "FitsCompressionError", code: "UNSUPPORTED" });
  });
});
