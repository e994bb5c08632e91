/** Baseline JPEG encoder: tables, markers, byte stuffing, and decoding by Pillow within a small error. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeWithPillow, pillowSkip } from "./fixtures/pillow.js";
import { rng } from "./fixtures/synthetic.js";
import {
  encodeJpeg,
  type Grey8Image,
  huffmanCodes,
  ImageError,
  K1_LUMINANCE_QUANT,
  K3_DC_BITS,
  K3_DC_VALUES,
  K5_AC_BITS,
  K5_AC_VALUES,
  quantTable,
  ZIGZAG,
} from "./index.js";

test("zig-zag order (Figure A.6) is a permutation starting 0, 1, 8, 16, 9, 2", () => {
  assert.deepEqual(ZIGZAG.slice(0, 10), [0, 1, 8, 16, 9, 2, 3, 10, 17, 24]);
  assert.deepEqual(ZIGZAG.slice(-3), [55, 62, 63]);
  assert.deepEqual([...ZIGZAG].sort((a, b) => a - b), Array.from({ length: 64 }, (_, i) => i));
});

test("Annex K Huffman tables are complete and their codes prefix-free", () => {
  assert.equal(K3_DC_BITS.reduce((a, b) => a + b, 0), K3_DC_VALUES.length);
  assert.equal(K5_AC_BITS.reduce((a, b) => a + b, 0), 162);
  // Every run/size symbol of a baseline AC table: EOB, ZRL, and runs 0–15 × sizes 1–10.
  const want = [0x00, 0xf0];
  for (let r = 0; r < 16; r++) for (let s = 1; s <= 10; s++) want.push((r << 4) | s);
  assert.deepEqual([...K5_AC_VALUES].sort((a, b) => a - b), want.sort((a, b) => a - b));
  for (const [bits, values] of [[K3_DC_BITS, K3_DC_VALUES], [K5_AC_BITS, K5_AC_VALUES]] as const) {
    const { codes, sizes } = huffmanCodes(bits, values);
    const list = values.map((v) => ({ code: codes[v]!, size: sizes[v]! }));
    for (const a of list) {
      assert.ok(a.size >= 1 && a.size <= 16);
      for (const b of list) if (a !== b && a.size <= b.size) assert.notEqual(b.code >>> (b.size - a.size), a.code);
    }
  }
  const dc = huffmanCodes(K3_DC_BITS, K3_DC_VALUES);
  assert.deepEqual([dc.codes[0], dc.sizes[0], dc.codes[1], dc.sizes[1], dc.codes[11], dc.sizes[11]], [0b00, 2, 0b010, 3, 0b111111110, 9]);
  const ac = huffmanCodes(K5_AC_BITS, K5_AC_VALUES);
  assert.deepEqual([ac.codes[0x01], ac.sizes[0x01], ac.codes[0x00], ac.sizes[0x00], ac.codes[0xf0], ac.sizes[0xf0]], [0b00, 2, 0b1010, 4, 0b11111111001, 11]);
});

test("quality scales the K.1 table (50 = K.1, 100 = all ones, clamped to 1..255)", () => {
  assert.deepEqual(Array.from(quantTable(50)), K1_LUMINANCE_QUANT);
  assert.ok(quantTable(100).every((q) => q === 1));
  assert.equal(quantTable(90)[0], 3); // floor((16·20 + 50) / 100)
  assert.ok(quantTable(1).every((q) => q === 255));
  assert.throws(() => quantTable(0), ImageError);
});

/** A smooth gradient plus a star-like Gaussian. */
function smoothImage(width: number, height: number): Grey8Image {
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const g = 30 + (120 * x) / width + (40 * y) / height;
      const r2 = (x - width * 0.6) ** 2 + (y - height * 0.4) ** 2;
      pixels[y * width + x] = Math.min(255, Math.round(g + 100 * Math.exp(-r2 / (2 * 4 * 4))));
    }
  }
  return { width, height, pixels };
}

/** Marker segments up to SOS, and the entropy-coded bytes between SOS and EOI. */
function parse(jpeg: Uint8Array): { markers: number[]; entropy: Uint8Array } {
  assert.deepEqual([jpeg[0], jpeg[1]], [0xff, 0xd8]);
  assert.deepEqual([jpeg.at(-2), jpeg.at(-1)], [0xff, 0xd9]);
  const markers: number[] = [];
  let o = 2;
  for (;;) {
    assert.equal(jpeg[o], 0xff);
    const m = jpeg[o + 1]!;
    markers.push(m);
    const len = (jpeg[o + 2]! << 8) | jpeg[o + 3]!;
    o += 2 + len;
    if (m === 0xda) break;
  }
  return { markers, entropy: jpeg.subarray(o, jpeg.length - 2) };
}

test("markers: SOI, APP0 JFIF, DQT, SOF0, DHT, SOS, EOI; every 0xFF in the scan is stuffed", () => {
  const r = rng(9);
  const noisy = { width: 40, height: 24, pixels: Uint8Array.from({ length: 960 }, () => Math.floor(r() * 256)) };
  const jpeg = encodeJpeg(noisy, { quality: 100 });
  const { markers, entropy } = parse(jpeg);
  assert.deepEqual(markers, [0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
  assert.deepEqual(Array.from(jpeg.subarray(6, 11)), [0x4a, 0x46, 0x49, 0x46, 0]);
  let ffs = 0;
  for (let i = 0; i < entropy.length; i++) {
    if (entropy[i] === 0xff) {
      ffs++;
      assert.equal(entropy[i + 1], 0, `unstuffed 0xFF at ${i}`);
      i++;
    }
  }
  assert.ok(ffs > 0, "noise at quality 100 should produce some 0xFF bytes");
  assert.throws(() => encodeJpeg({ width: 70000, height: 1, pixels: new Uint8Array(70000) }), ImageError);
});

test("Pillow decodes a gradient + star at quality 90 with mean |error| < 3", { skip: pillowSkip() }, (t) => {
  for (const [w, h] of [[257, 130], [64, 64], [1, 1], [9, 17]] as const) {
    const img = smoothImage(w, h);
    const jpeg = encodeJpeg(img, { quality: 90 });
    const d = decodeWithPillow(jpeg, "jpg");
    assert.equal(d.format, "JPEG");
    assert.equal(d.mode, "L");
    assert.deepEqual([d.width, d.height], [w, h]);
    assert.deepEqual(d.info["jfif_version"], [1, 2]);
    assert.equal(d.info["progressive"], undefined);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < img.pixels.length; i++) {
      const e = Math.abs(d.pixels[i]! - img.pixels[i]!);
      sum += e;
      max = Math.max(max, e);
    }
    const mae = sum / img.pixels.length;
    t.diagnostic(`${w}×${h} q90: ${jpeg.length} bytes, mean |err| ${mae.toFixed(3)}, max ${max}`);
    assert.ok(mae < 3, `mean abs error ${mae}`);
    assert.ok(max < 40, `max abs error ${max}`);
  }
});

test("Pillow decodes every quality, noise included; lower quality gives smaller files", { skip: pillowSkip() }, () => {
  const r = rng(4);
  const noisy = { width: 33, height: 21, pixels: Uint8Array.from({ length: 33 * 21 }, () => Math.floor(r() * 256)) };
  let last = Number.POSITIVE_INFINITY;
  for (const q of [100, 75, 50, 10, 1]) {
    const jpeg = encodeJpeg(noisy, { quality: q });
    const d = decodeWithPillow(jpeg, "jpg");
    assert.deepEqual([d.format, d.width, d.height], ["JPEG", 33, 21]);
    assert.ok(jpeg.length < last, `quality ${q}: ${jpeg.length} bytes`);
    last = jpeg.length;
  }
  const d = decodeWithPillow(encodeJpeg(noisy, { quality: 100 }), "jpg");
  let sum = 0;
  for (let i = 0; i < noisy.pixels.length; i++) sum += Math.abs(d.pixels[i]! - noisy.pixels[i]!);
  assert.ok(sum / noisy.pixels.length < 2, `q100 noise mean abs error ${sum / noisy.pixels.length}`);
});
