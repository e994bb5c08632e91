/**
 * Oracle test: every FITS file listed in ../shared/data/MANIFEST.md is read HDU by HDU and compared
 * with astropy.io.fits 5.2.1 (fixtures/oracle_fits.py): all header values, and ALL data values via
 * a sha256 of the values in astropy's dtype (plus per-element diffs for small arrays). Compressed
 * images are compared as their raw BINTABLEs (heap bytes included); their pixels are the compress
 * module's oracle test.
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { hasPythonModules, oracleSkip, runPython, sharedData, sharedSkip } from "../../../test/support/oracles.js";
import {
  bufferSource,
  type ColumnValues,
  FitsFormatError,
  type FitsHeader,
  readAsciiTable,
  readBinTable,
  readGroups,
  readHduIndex,
  readImage,
} from "./index.js";

/** FITS files in MANIFEST.md (.fits, .fits.gz, .fits.fz, .fits.Z): the count guards an empty list. */
const EXPECTED_FITS_FILES = 65;
const SCRIPT = fileURLToPath(new URL("./fixtures/oracle_fits.py", import.meta.url));

type Card = [string, "b" | "i" | "f" | "s" | "c" | "u" | "x", unknown];
interface ArrayRef {
  dtype: string;
  count: number;
  sha256: string;
  file?: string;
}
type OracleColumn =
  | { kind: "number"; data: ArrayRef }
  | { kind: "string"; values: string[] }
  | { kind: "varlen"; lengths: number[]; data: ArrayRef }
  | { kind: "varstring"; values: string[] };
interface OracleHdu {
  class: string;
  cards: Card[];
  data:
    | null
    | { kind: "image"; array: ArrayRef }
    | { kind: "groups"; params: ArrayRef[]; array: ArrayRef }
    | { kind: "table"; columns: OracleColumn[] };
}
type OracleFile = { hdus: OracleHdu[] } | { error: string };

function manifestFitsFiles(): string[] {
  const text = readFileSync(sharedData("MANIFEST.md"), "utf8");
  const out = new Set<string>();
  for (const m of text.matchAll(/^\| `([^`]+\.(?:fits|fits\.gz|fits\.fz|fits\.Z))` \|/gm)) out.add(m[1]!);
  return [...out].sort();
}

/** The file's bytes; gzip streams (some are named .fits) are inflated here, at the test edge. */
function loadBytes(path: string): Uint8Array {
  const b = readFileSync(path);
  return b[0] === 0x1f && b[1] === 0x8b ? new Uint8Array(gunzipSync(b)) : new Uint8Array(b);
}

const CTORS: Record<string, { new (n: number): ArrayLike<number | bigint> & { buffer: ArrayBufferLike } }> = {
  i1: Int8Array, u1: Uint8Array, i2: Int16Array, u2: Uint16Array, i4: Int32Array, u4: Uint32Array,
  i8: BigInt64Array, u8: BigUint64Array, f4: Float32Array, f8: Float64Array,
};

/** Converts values to astropy's dtype (checking each converts exactly) and hashes them. */
function fingerprint(values: ArrayLike<number | bigint>, dtype: string): { sha256: string; arr: ArrayLike<number | bigint> } {
  const Ctor = CTORS[dtype];
  assert.ok(Ctor, `unsupported dtype ${dtype}`);
  const out = new Ctor(values.length) as unknown as { [i: number]: number | bigint; length: number; buffer: ArrayBufferLike };
  const big = dtype === "i8" || dtype === "u8";
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (big) {
      out[i] = typeof v === "bigint" ? v : BigInt(v);
    } else {
      const n = Number(v);
      out[i] = n;
      const back = out[i] as number;
      assert.ok(Object.is(back, n) || (Number.isNaN(back) && Number.isNaN(n)), `value ${n} at ${i} does not convert exactly to ${dtype}`);
    }
  }
  const sha256 = createHash("sha256").update(new Uint8Array(out.buffer)).digest("hex");
  return { sha256, arr: out as unknown as ArrayLike<number | bigint> };
}

function compareArray(mine: ArrayLike<number | bigint>, ref: ArrayRef, what: string): void {
  assert.equal(mine.length, ref.count, `${what}: value count`);
  const { sha256, arr } = fingerprint(mine, ref.dtype);
  if (sha256 === ref.sha256) return;
  if (ref.file && existsSync(ref.file)) {
    const bytes = readFileSync(ref.file);
    const Ctor = CTORS[ref.dtype]!;
    const theirs = new Ctor(ref.count);
    new Uint8Array(theirs.buffer).set(bytes);
    for (let i = 0; i < ref.count; i++) {
      const a = arr[i]!;
      const b = theirs[i]!;
      if (!(Object.is(a, b) || a === b || (Number.isNaN(Number(a)) && Number.isNaN(Number(b))))) {
        assert.fail(`${what}: element ${i} is ${a}, astropy ${b}`);
      }
    }
  }
  assert.fail(`${what}: values differ from astropy (sha256 ${sha256} vs ${ref.sha256})`);
}

function compareCards(h: FitsHeader, cards: Card[], what: string): void {
  const mine = h.cards.map((c, i) => ({ c, i })).filter(({ c }) => c.kind !== "continue");
  assert.equal(mine.length, cards.length, `${what}: card count`);
  cards.forEach(([kw, type, v], k) => {
    const { c, i } = mine[k]!;
    assert.equal(c.keyword, kw, `${what}: keyword of card ${k}`);
    const val = h.valueAt(i);
    const at = `${what}: ${kw} (card ${k})`;
    switch (type) {
      case "x": return;
      case "b": assert.equal(val, v, at); return;
      case "i": assert.ok((typeof val === "number" || typeof val === "bigint") && BigInt(val) === BigInt(v as string), `${at}: ${String(val)} vs ${v}`); return;
      case "f": assert.equal(val, typeof v === "string" ? Number(v) : v, at); return;
      case "s": assert.equal(typeof val === "string" ? val.trimEnd() : val, (v as string).trimEnd(), at); return;
      case "c": assert.deepEqual(val, { re: (v as number[])[0], im: (v as number[])[1] }, at); return;
      case "u": assert.equal(val, null, at); return;
    }
  });
}

/** Flattens a binary-table column to numbers the way astropy's field() holds them. */
function columnNumbers(v: ColumnValues): ArrayLike<number | bigint> {
  if (v.kind === "logical") return Uint8Array.from(v.values, (x) => (x === 1 ? 1 : 0));
  if (v.kind === "string" || v.kind === "varlen") throw new Error(`not numeric: ${v.kind}`);
  return v.values;
}

function concatVarlen(v: ColumnValues): { lengths: number[]; values: Array<number | bigint> } {
  assert.equal(v.kind, "varlen");
  const lengths: number[] = [];
  const values: Array<number | bigint> = [];
  for (const cell of (v as { values: readonly ColumnValues[] }).values) {
    const nums = columnNumbers(cell);
    lengths.push(cell.kind === "complex" ? nums.length / 2 : nums.length);
    for (let i = 0; i < nums.length; i++) values.push(nums[i]!);
  }
  return { lengths, values };
}

async function compareFile(path: string, oracle: OracleFile): Promise<void> {
  const src = bufferSource(loadBytes(path));
  if ("error" in oracle) {
    // astropy cannot open it: we must either refuse with FitsFormatError or read every HDU.
    try {
      const idx = await readHduIndex(src);
      for (const e of idx.hdus) if (e.layout.kind === "bintable") await readBinTable(src, e);
    } catch (e) {
      assert.ok(e instanceof FitsFormatError, `expected FitsFormatError, got ${String(e)}`);
    }
    return;
  }
  const idx = await readHduIndex(src);
  assert.equal(idx.hdus.length, oracle.hdus.length, "HDU count");
  for (const entry of idx.hdus) {
    const o = oracle.hdus[entry.index]!;
    const what = `HDU ${entry.index}`;
    compareCards(entry.header, o.cards, what);
    const d = o.data;
    if (d === null) {
      assert.ok(entry.dataBytes === 0 || entry.layout.kind === "other" || entry.layout.axes.includes(0), `${what}: astropy has no data`);
      continue;
    }
    if (d.kind === "image") {
      compareArray((await readImage(src, entry)).physical(), d.array, `${what} image`);
    } else if (d.kind === "groups") {
      const g = await readGroups(src, entry);
      g.params.forEach((p, i) => {
        compareArray(p, d.params[i]!, `${what} group parameter ${i + 1}`);
      });
      compareArray(g.data, d.array, `${what} group arrays`);
    } else if (entry.layout.kind === "table") {
      const t = await readAsciiTable(src, entry);
      d.columns.forEach((oc, ci) => {
        const mine = t.values[ci]!;
        if (oc.kind === "string") assert.deepEqual(mine.kind === "string" ? mine.values : null, oc.values, `${what} column ${ci + 1}`);
        // astropy reads null fields (TNULLn) as 0 (its ASCIITNULL); we give NaN plus a null mask.
        else if (oc.kind === "number" && mine.kind === "number") {
          compareArray(mine.values.map((x, r) => (mine.nulls[r] ? 0 : x)), oc.data, `${what} column ${ci + 1}`);
        }
      });
    } else {
      const t = await readBinTable(src, entry);
      d.columns.forEach((oc, ci) => {
        const mine = t.values[ci]!;
        const at = `${what} column ${ci + 1} (${t.columns[ci]!.tform})`;
        if (oc.kind === "string") assert.deepEqual(mine.kind === "string" ? mine.values : mine.kind, oc.values, at);
        else if (oc.kind === "number") compareArray(columnNumbers(mine), oc.data, at);
        else if (oc.kind === "varlen") {
          const { lengths, values } = concatVarlen(mine);
          assert.deepEqual(lengths, oc.lengths, `${at}: lengths`);
          compareArray(values, oc.data, at);
        } else {
          assert.equal(mine.kind, "varlen", at);
          const strs = (mine as { values: readonly ColumnValues[] }).values.map((c) => (c.kind === "string" ? c.values.join("") : "?"));
          assert.deepEqual(strs, oc.values, at);
        }
      });
    }
  }
}

describe("FITS reader vs astropy.io.fits (every FITS file in MANIFEST.md)", { skip: sharedSkip() || oracleSkip("astropy (Debian python3)", hasPythonModules("astropy", "numpy")) }, () => {
  const files = manifestFitsFiles();
  const outDir = mkdtempSync(join(tmpdir(), "skyport-fits-oracle-"));
  after(() => rmSync(outDir, { recursive: true, force: true }));
  let oracle: Record<string, OracleFile> = {};

  test("the manifest lists the expected number of FITS files", () => {
    assert.equal(files.length, EXPECTED_FITS_FILES);
    oracle = JSON.parse(runPython(SCRIPT, [outDir, ...files.map((f) => sharedData(f))])) as Record<string, OracleFile>;
    assert.equal(Object.keys(oracle).length, EXPECTED_FITS_FILES);
  });

  for (const f of files) {
    test(f, async () => {
      const o = oracle[sharedData(f)];
      assert.ok(o, "oracle output present");
      await compareFile(sharedData(f), o);
    });
  }
});
