/**
 * Hand-built compressed HDUs for paths no shared file uses: ZSCALE/ZZERO/ZBLANK as keywords
 * instead of columns (NO_DITHER), the UNCOMPRESSED_DATA fallback column, a ZBLANK column, and an
 * empty tile. Expected values are computed by hand from §10.2 (value = int·ZSCALE + ZZERO).
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bufferSource } from "../byte-source.js";
import { buildHeader, type CardInputValue } from "../format.js";
import { readHduIndex } from "../reader.js";
import { bytesData, collectBytes, emptyPrimaryHdu, writeFits } from "../writer.js";
import { HOOKS } from "./fixtures/support.js";
import { gzipTile } from "./gzip.js";
import { readCompressedImage } from "./reader.js";

function be32(values: readonly number[], float = false): Uint8Array {
  const b = new Uint8Array(values.length * 4);
  const dv = new DataView(b.buffer);
  for (const [i, v] of values.entries()) {
    if (float) dv.setFloat32(4 * i, v);
    else dv.setInt32(4 * i, v);
  }
  return b;
}

async function fileWith(cards: [string, CardInputValue][], rows: Uint8Array, heap: Uint8Array): Promise<Uint8Array> {
  const header = buildHeader([
    ["XTENSION", "BINTABLE"],
    ["BITPIX", 8],
    ["NAXIS", 2],
    ["NAXIS1", rows.length / 2],
    ["NAXIS2", 2],
    ["PCOUNT", heap.length],
    ["GCOUNT", 1],
    ...cards,
  ]);
  return collectBytes(writeFits([emptyPrimaryHdu(), { header, data: bytesData(rows, heap) }]));
}

async function decode(bytes: Uint8Array): Promise<ArrayLike<number | bigint>> {
  const index = await readHduIndex(bufferSource(bytes), { compression: HOOKS });
  return (await readCompressedImage(bufferSource(bytes), index.hdus[1]!)).physical();
}

const IMAGE: [string, CardInputValue][] = [
  ["ZIMAGE", true],
  ["ZTILE1", 4],
  ["ZTILE2", 1],
  ["ZBITPIX", -32],
  ["ZNAXIS", 2],
  ["ZNAXIS1", 4],
  ["ZNAXIS2", 2],
];

describe("hand-built compressed HDUs", () => {
  it("uses ZSCALE/ZZERO/ZBLANK keywords and the UNCOMPRESSED_DATA column", async () => {
    const tile0 = gzipTile(be32([0, 1, -2, 7]));
    const raw1 = be32([1.5, -2.25, 0, 1e30], true);
    const rows = new Uint8Array(32);
    const dv = new DataView(rows.buffer);
    dv.setInt32(0, tile0.length); // row 0: COMPRESSED_DATA (GZIP_1 of quantised integers)
    dv.setInt32(16, 0); // row 1: empty COMPRESSED_DATA, values in UNCOMPRESSED_DATA (1PE)
    dv.setInt32(24, 4);
    dv.setInt32(28, tile0.length);
    const bytes = await fileWith(
      [
        ["TFIELDS", 2],
        ["TTYPE1", "COMPRESSED_DATA"],
        ["TFORM1", "1PB"],
        ["TTYPE2", "UNCOMPRESSED_DATA"],
        ["TFORM2", "1PE"],
        ...IMAGE,
        ["ZCMPTYPE", "GZIP_1"],
        ["ZQUANTIZ", "NO_DITHER"],
        ["ZSCALE", 0.5],
        ["ZZERO", 10],
        ["ZBLANK", 7],
      ],
      rows,
      new Uint8Array([...tile0, ...raw1]),
    );
    const v = Array.from(await decode(bytes));
    assert.deepEqual(v.slice(0, 3), [10, 10.5, 9]);
    assert.ok(Number.isNaN(v[3] as number), "ZBLANK keyword → NaN");
    assert.deepEqual(v.slice(4), [1.5, -2.25, 0, Math.fround(1e30)]);
  });

  it("prefers the ZBLANK column and gives NaN for an empty tile", async () => {
    const tile0 = gzipTile(be32([3, -99, 5, 6]));
    const rows = new Uint8Array(2 * 28);
    const dv = new DataView(rows.buffer);
    dv.setInt32(0, tile0.length);
    dv.setFloat64(8, 2); // ZSCALE
    dv.setFloat64(16, -1); // ZZERO
    dv.setInt32(24, -99); // ZBLANK
    const bytes = await fileWith(
      [
        ["TFIELDS", 4],
        ["TTYPE1", "COMPRESSED_DATA"],
        ["TFORM1", "1PB"],
        ["TTYPE2", "ZSCALE"],
        ["TFORM2", "1D"],
        ["TTYPE3", "ZZERO"],
        ["TFORM3", "1D"],
        ["TTYPE4", "ZBLANK"],
        ["TFORM4", "1J"],
        ...IMAGE,
        ["ZCMPTYPE", "GZIP_1"],
        ["ZQUANTIZ", "NO_DITHER"],
      ],
      rows,
      tile0,
    );
    const v = Array.from(await decode(bytes));
    assert.equal(v[0], 5);
    assert.ok(Number.isNaN(v[1] as number));
    assert.deepEqual(v.slice(2, 4), [9, 11]);
    assert.ok(v.slice(4).every((x) => Number.isNaN(x as number)), "empty tile → NaN");
  });
});
