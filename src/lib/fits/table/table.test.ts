/** TFORM parsing, ASCII numbers, and binary-table reads of heap arrays, TDIM and row ranges. */
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  binTableHdu,
  bufferSource,
  collectBytes,
  emptyPrimaryHdu,
  FitsFormatError,
  formatCard,
  parseAsciiNumber,
  parseAsciiTform,
  parseBinTform,
  parseTdim,
  readBinTable,
  readHduIndex,
  writeFits,
} from "../index.js";

test("binary TFORMs (§7.3.1, Table 18) incl. P/Q descriptors and zero repeat", () => {
  assert.deepEqual(parseBinTform("3E"), { repeat: 3, type: "E", varlen: undefined, maxLength: undefined, width: 12 });
  assert.equal(parseBinTform("12X").width, 2);
  assert.equal(parseBinTform("0A").width, 0);
  assert.deepEqual(parseBinTform("1PJ(42)"), { repeat: 1, type: "J", varlen: "P", maxLength: 42, width: 8 });
  assert.equal(parseBinTform("QD").width, 16);
  assert.equal(parseBinTform("2M").width, 32);
  // "rTa": trailing characters after the type code are allowed (e.g. "J3"), undefined by the standard.
  assert.equal(parseBinTform("J3").type, "J");
  for (const bad of ["", "3Z", "1P", "2PJ", "99999999999A"]) {
    assert.throws(() => parseBinTform(bad, 1000), (e: unknown) => e instanceof FitsFormatError && e.code === "BAD_TFORM", bad);
  }
  assert.deepEqual(parseTdim("(2, 3,4)"), [2, 3, 4]);
  assert.equal(parseTdim("2,3"), undefined);
});

test("ASCII TFORMs and numbers (§7.2.5): implied decimals, D exponents, blanks", () => {
  assert.deepEqual(parseAsciiTform("F10.3"), { type: "F", width: 10, decimals: 3 });
  assert.throws(() => parseAsciiTform("X5"), FitsFormatError);
  assert.equal(parseAsciiNumber("  12345", 2), 123.45);
  assert.equal(parseAsciiNumber("-5", 3), -0.005);
  assert.equal(parseAsciiNumber("1.5D+02", 0), 150);
  assert.equal(parseAsciiNumber(" 1.5-02", 0), 0.015);
  assert.ok(Number.isNaN(parseAsciiNumber("   ", 0)));
  assert.ok(Number.isNaN(parseAsciiNumber("1e5e5", 0)));
});

test("row ranges, heap arrays and descriptors outside the heap", async () => {
  const tab = binTableHdu(
    [
      { name: "ID", tform: "1J", tnull: 20, values: [10, 20, 30] },
      { name: "ARR", tform: "1PI", values: [Int16Array.of(1, 2, 3), Int16Array.of(), Int16Array.of(-4)] },
      { name: "MAT", tform: "6E", tdim: [3, 2], values: Float32Array.from({ length: 18 }, (_, i) => i) },
    ],
    3,
    [formatCard("EXTNAME", "T")],
  );
  const bytes = await collectBytes(writeFits([emptyPrimaryHdu(), tab]));
  const src = bufferSource(bytes);
  const e = (await readHduIndex(src)).hdus[1]!;
  const t = await readBinTable(src, e, { rowStart0: 1, rowEnd0: 3, columns: [0, 1] });
  assert.deepEqual(Array.from(t.values[0]!.kind === "number" ? (t.values[0]!.values as Int32Array) : []), [20, 30]);
  const id = t.values[0]!;
  assert.deepEqual(id.kind === "number" ? Array.from(id.nulls ?? []) : null, [1, 0]);
  const arr = t.values[1]!;
  assert.equal(arr.kind, "varlen");
  if (arr.kind === "varlen") assert.deepEqual(arr.values.map((c) => (c.kind === "number" ? Array.from(c.values as Int16Array) : null)), [[], [-4]]);
  const all = await readBinTable(src, e);
  assert.equal(all.columns[2]!.tdim?.join(","), "3,2");
  // Corrupt the third row's descriptor offset so it points past the heap.
  const bad = bytes.slice();
  const rowBytes = e.layout.axes[0]!;
  new DataView(bad.buffer).setUint32(e.dataOffset + 2 * rowBytes + 4 + 4, 1_000_000);
  const badSrc = bufferSource(bad);
  const be = (await readHduIndex(badSrc)).hdus[1]!;
  await assert.rejects(readBinTable(badSrc, be), (x: unknown) => x instanceof FitsFormatError && x.code === "BAD_STRUCTURE");
  await assert.rejects(readBinTable(src, e, { rowStart0: 2, rowEnd0: 4 }), (x: unknown) => x instanceof FitsFormatError && x.code === "OUT_OF_RANGE");
});
