/** PNG encoder: CRC-32, chunk layout, and a lossless round trip through Pillow for every filter. */
import assert from "node:assert/strict";
import { test } from "node:test";
import { decodeWithPillow, pillowSkip } from "./fixtures/pillow.js";
import { rng } from "./fixtures/synthetic.js";
import { crc32, encodePng, type Grey8Image, ImageError, PNG_SIGNATURE, type PngFilter } from "./index.js";

const ascii = (s: string) => new Uint8Array(Array.from(s, (c) => c.charCodeAt(0)));

test("crc32 matches the standard check values", () => {
  assert.equal(crc32(ascii("123456789")), 0xcbf43926);
  assert.equal(crc32(ascii("IEND")), 0xae426082);
  assert.equal(crc32(ascii("6789"), crc32(ascii("12345"))), 0xcbf43926);
});

test("layout: signature, IHDR for 8-bit greyscale, IDAT, IEND", () => {
  const png = encodePng({ width: 3, height: 2, pixels: Uint8Array.of(0, 1, 2, 3, 4, 5) });
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset);
  assert.equal(view.getUint32(8), 13);
  assert.deepEqual(png.subarray(12, 16), ascii("IHDR"));
  assert.equal(view.getUint32(16), 3);
  assert.equal(view.getUint32(20), 2);
  assert.deepEqual(Array.from(png.subarray(24, 29)), [8, 0, 0, 0, 0]);
  assert.equal(view.getUint32(29), crc32(png.subarray(12, 29)));
  assert.deepEqual(png.subarray(37, 41), ascii("IDAT"));
  assert.deepEqual(Array.from(png.subarray(-12)), [0, 0, 0, 0, ...ascii("IEND"), 0xae, 0x42, 0x60, 0x82]);
});

test("bad arguments throw ImageError", () => {
  assert.throws(() => encodePng({ width: 3, height: 2, pixels: new Uint8Array(5) }), ImageError);
  assert.throws(() => encodePng({ width: 0, height: 2, pixels: new Uint8Array(5) }), ImageError);
  assert.throws(() => encodePng({ width: 1, height: 1, pixels: new Uint8Array(1) }, { level: 10 }), ImageError);
});

function testImage(width: number, height: number, seed: number): Grey8Image {
  const r = rng(seed);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Half smooth gradient, half noise, with extremes, so every filter type gets used.
      pixels[y * width + x] = x < width / 2 ? (x * 3 + y * 5) & 0xff : Math.floor(r() * 256);
    }
  }
  if (pixels.length > 2) {
    pixels[0] = 0;
    pixels[1] = 255;
  }
  return { width, height, pixels };
}

test("Pillow decodes every filter type to exactly the input pixels", { skip: pillowSkip() }, () => {
  const filters: PngFilter[] = ["none", "sub", "up", "average", "paeth", "adaptive"];
  for (const [w, h] of [[1, 1], [7, 3], [300, 200]] as const) {
    const img = testImage(w, h, w * 31 + h);
    for (const filter of filters) {
      const d = decodeWithPillow(encodePng(img, { filter }), "png");
      assert.equal(d.format, "PNG");
      assert.equal(d.mode, "L");
      assert.deepEqual([d.width, d.height], [w, h]);
      assert.deepEqual(d.pixels, img.pixels, `${w}×${h} filter ${filter}`);
    }
  }
  const d = decodeWithPillow(encodePng(testImage(64, 64, 5), { level: 0 }), "png");
  assert.deepEqual(d.pixels, testImage(64, 64, 5).pixels);
});
