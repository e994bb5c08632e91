/**
 * Robustness: malformed inputs through the header parser and the HDU/data readers must end in a
 * result or a FitsFormatError — never another exception, a hang, or an allocation sized by an
 * unchecked header value. Mutants are made from real files (shared data) and files we write:
 * byte flips, truncation, and cards replaced by absurd structural values. Deterministic (seeded).
 * FITS_FUZZ_RUNS sets the number of file mutants (default 100 000; about 20 s on one core).
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { test } from "node:test";
import fc from "fast-check";
import { sharedData } from "../../../test/support/oracles.js";
import {
  bufferSource,
  collectBytes,
  FitsFormatError,
  formatCard,
  imageHdu,
  binTableHdu,
  emptyPrimaryHdu,
  parseHeaderText,
  readAsciiTable,
  readBinTable,
  readGroups,
  readHduIndex,
  readImage,
  readImageSection,
  verify,
  verifyChecksums,
  writeFits,
} from "./index.js";

const RUNS = Number(process.env.FITS_FUZZ_RUNS ?? 100_000);
/** Every read in the fuzz run is capped here, so a mutant cannot make us allocate more. */
const MAX_BYTES = 8 * 1024 * 1024;

const SEED_FILES = [
  "fits/basic/ascii.fits",
  "fits/basic/btable.fits",
  "fits/basic/blank.fits",
  "fits/basic/group.fits",
  "fits/basic/scale.fits",
  "fits/basic/tb.fits",
  "fits/basic/tdim.fits",
  "fits/basic/variable_length_table.fits",
  "fits/basic/theap-gap.fits",
  "fits/basic/checksum.fits",
  "fits/basic/arange.fits",
  "fits/compressed/compressed_image.fits",
];

/** xorshift32: small, seeded, reproducible. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}

/** Runs every reader over the bytes; returns normally or throws whatever the library threw. */
async function readEverything(bytes: Uint8Array): Promise<void> {
  const src = bufferSource(bytes);
  const idx = await readHduIndex(src, { maxHeaderBytes: 1 << 20, maxHdus: 64 });
  for (const e of idx.hdus) {
    verify(e.header, "fix");
    const k = e.layout.kind;
    if (k === "image") {
      const d = await readImage(src, e, { maxBytes: MAX_BYTES });
      d.physical();
      if (e.layout.axes.length >= 1 && e.layout.axes.every((n) => n > 0)) {
        await readImageSection(src, e, { start0: e.layout.axes.map((n) => Math.floor(n / 2)), end0: e.layout.axes.slice() }, { maxBytes: MAX_BYTES });
      }
    } else if (k === "bintable") await readBinTable(src, e, { maxBytes: MAX_BYTES });
    else if (k === "table") await readAsciiTable(src, e, MAX_BYTES);
    else if (k === "groups") await readGroups(src, e, MAX_BYTES);
    if (e.dataBytes <= MAX_BYTES) await verifyChecksums(src, e);
  }
}

async function expectOnlyFormatErrors(bytes: Uint8Array, what: string): Promise<"ok" | "error"> {
  try {
    await readEverything(bytes);
    return "ok";
  } catch (e) {
    if (e instanceof FitsFormatError) return "error";
    assert.fail(`${what}: ${e instanceof Error ? e.stack : String(e)}`);
  }
}

const ABSURD = ["-1", "0", "7", "999", "1000", "2147483648", "9007199254740993", "99999999999999999999", "1.5", "'X'", "T", ""];
const STRUCT_KEYS = ["BITPIX", "NAXIS", "NAXIS1", "NAXIS2", "NAXIS3", "PCOUNT", "GCOUNT", "TFIELDS", "THEAP", "TFORM1", "TFORM2", "TBCOL1", "TDIM1", "BLANK", "BZERO", "EXTEND", "XTENSION", "END"];
const TFORMS = ["'1PJ(99999999)'", "'99999999A'", "'0D'", "'Q'", "'1QB'", "'2P'", "'E9999999.9'", "'I0'", "'-1J'", "'1X'"];

function mutate(seed: Uint8Array, r: () => number): Uint8Array {
  const b = seed.slice();
  const kind = Math.floor(r() * 4);
  if (kind === 0) {
    // Flip a few random bytes, biased to the headers' first blocks.
    const n = 1 + Math.floor(r() * 8);
    for (let i = 0; i < n; i++) b[Math.floor(r() * Math.min(b.length, r() < 0.7 ? 5760 : b.length))] = Math.floor(r() * 256);
    return b;
  }
  if (kind === 1) return b.subarray(0, Math.floor(r() * b.length));
  // Replace the value of a structural card (or any card) with something absurd.
  const cards: number[] = [];
  for (let off = 0; off + 80 <= Math.min(b.length, 28800); off += 80) {
    const key = String.fromCharCode(...b.subarray(off, off + 8)).trim();
    if (STRUCT_KEYS.includes(key) || key.startsWith("TFORM") || key.startsWith("NAXIS")) cards.push(off);
  }
  const off = cards.length > 0 && kind === 2 ? cards[Math.floor(r() * cards.length)]! : 80 * Math.floor(r() * Math.min(36, b.length / 80));
  const key = String.fromCharCode(...b.subarray(off, off + 8));
  const pool = key.startsWith("TFORM") ? TFORMS : ABSURD;
  const value = pool[Math.floor(r() * pool.length)]!;
  const card = `${key}= ${value.padStart(20, " ")}`.padEnd(80, " ");
  for (let i = 0; i < 80 && off + i < b.length; i++) b[off + i] = card.charCodeAt(i);
  return b;
}

async function writtenSeeds(): Promise<Uint8Array[]> {
  const img = imageHdu({ data: Int16Array.from({ length: 60 }, (_, i) => i), shape: [6, 10], primary: true, cards: [formatCard("BZERO", 32768), formatCard("BLANK", 3)] });
  const ext = imageHdu({ data: Float64Array.from({ length: 24 }, (_, i) => i / 3), shape: [2, 3, 4], primary: false });
  const tab = binTableHdu(
    [
      { name: "A", tform: "1PJ", values: [Int32Array.of(1, 2), Int32Array.of(), Int32Array.of(3)] },
      { name: "B", tform: "3X", values: [1, 0, 1, 0, 1, 0, 1, 1, 1] },
      { name: "C", tform: "4A", values: ["ab", "cd", "ef"] },
      { name: "D", tform: "1QE", values: [Float32Array.of(1), Float32Array.of(2, 3), Float32Array.of()] },
    ],
    3,
  );
  return [
    await collectBytes(writeFits([img, ext, tab], { checksum: true })),
    await collectBytes(writeFits([emptyPrimaryHdu(), tab])),
  ];
}

test("header parser: arbitrary card text never throws", () => {
  const cardChars = fc.string({ unit: fc.constantFrom(..." =/'()&ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+-EDTF\u00e9\u0000"), minLength: 0, maxLength: 100 });
  const keys = fc.constantFrom("SIMPLE  ", "BITPIX  ", "NAXIS1  ", "CONTINUE", "HIERARCH", "COMMENT ", "        ", "END     ", "TFORM1  ", "XTENSION");
  fc.assert(
    fc.property(fc.array(fc.tuple(keys, cardChars), { maxLength: 30 }), fc.boolean(), (cards, newlines) => {
      const text = cards.map(([k, v]) => (k + v).slice(0, 80)).join(newlines ? "\n" : "");
      const h = parseHeaderText(text);
      for (const c of h.cards) {
        void [c.keyword, c.value, c.comment, c.kind, c.problem];
        try {
          h.get(c.keyword);
          h.getNumber(c.keyword);
        } catch (e) {
          if (!(e instanceof FitsFormatError)) throw e;
        }
      }
      verify(h, "fix");
    }),
    { numRuns: 20_000, seed: 20261124 },
  );
});

test(`HDU and data readers: ${RUNS} mutated files give results or FitsFormatError only`, { timeout: 180_000 }, async () => {
  const seeds: Uint8Array[] = SEED_FILES.filter((f) => existsSync(sharedData(f))).map((f) => new Uint8Array(readFileSync(sharedData(f))));
  seeds.push(...(await writtenSeeds()));
  assert.ok(seeds.length >= 3, "fuzz seeds found");
  // Every seed reads cleanly before mutation, so the mutants start from valid files.
  for (const s of seeds) assert.equal(await expectOnlyFormatErrors(s, "seed"), "ok");
  const r = rng(0x5eed);
  const counts = { ok: 0, error: 0 };
  const heapBefore = process.memoryUsage().rss;
  for (let i = 0; i < RUNS; i++) {
    const seedIndex = i % seeds.length;
    const m = mutate(seeds[seedIndex]!, r);
    counts[await expectOnlyFormatErrors(m, `mutant ${i} of seed ${seedIndex}`)]++;
  }
  assert.equal(counts.ok + counts.error, RUNS);
  if (process.env.FITS_FUZZ_VERBOSE) console.log(counts);
  assert.ok(counts.error > RUNS / 10, `mutations should break many files (${JSON.stringify(counts)})`);
  assert.ok(process.memoryUsage().rss - heapBefore < 512 * 1024 * 1024, "memory stayed bounded");
});
