/**
 * Fuzzing: thousands of mutated tile streams and compressed HDUs (flipped bits, truncations,
 * random bytes, hostile Z-keyword values, broken heap descriptors) go through the decoders. The
 * only acceptable failures are FitsFormatError (FitsCompressionError extends it); a crash, a
 * RangeError from an allocation sized by an unchecked value, or a hang (test timeout) fails.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sharedData, sharedSkip } from "../../../../test/support/oracles.js";
import { bufferSource } from "../byte-source.js";
import { FitsFormatError } from "../errors.js";
import { readHduIndex } from "../reader.js";
import { compressedEntries, HOOKS, loadFitsBytes } from "./fixtures/support.js";
import { gunzipTile } from "./gzip.js";
import { hcompressDecode } from "./hcompress/decode.js";
import { plioDecode } from "./plio.js";
import { readCompressedImage } from "./reader.js";
import { riceDecode, riceEncode } from "./rice.js";
import { mulberry32 } from "../../../../test/support/random.js";

/** Mutations per seed file; with 6 seeds and the codec loops this is ≈ 5000 cases. */
const FILE_MUTATIONS = 300;
const CODEC_MUTATIONS = 1500;
/** Output limit handed to the reader: a mutated ZNAXISn must fail the check, not allocate. */
const MAX_BYTES = 64 * 1024 * 1024;

function mutate(bytes: Uint8Array, rnd: () => number, from = 0, to = bytes.length): Uint8Array {
  const out = bytes.slice();
  const kind = Math.floor(rnd() * 4);
  const span = Math.max(1, to - from);
  const at = from + Math.floor(rnd() * span);
  if (kind === 0) for (let k = 0; k < 1 + rnd() * 4; k++) out[from + Math.floor(rnd() * span)]! ^= 1 << Math.floor(rnd() * 8);
  else if (kind === 1) out.fill(Math.floor(rnd() * 256), at, Math.min(to, at + 1 + Math.floor(rnd() * 16)));
  else if (kind === 2) return out.subarray(0, at);
  else for (let k = at; k < Math.min(to, at + 8); k++) out[k] = Math.floor(rnd() * 256);
  return out;
}

async function expectTyped(run: () => unknown | Promise<unknown>, label: string): Promise<boolean> {
  try {
    await run();
    return false;
  } catch (e) {
    assert.ok(e instanceof FitsFormatError, `${label}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    return true;
  }
}

const SEEDS = [
  "fits/compressed/m13_rice.fits",
  "fits/compressed/compressed_with_nan.fits",
  "fits/compressed/fpack/stis_plio.fits.fz",
  "fits/compressed/fpack/stis_hcomp.fits.fz",
  "fits/compressed/fpack/stis_gzip2.fits.fz",
  "fits/compressed/fpack/hsc_rice_q4_dither1.fits.fz",
];

/** Values that hostile headers put into Z-keywords. */
const NASTY = ["0", "-1", "1", "3", "2147483647", "99999999999999", "'RICE_1'", "'HCOMPRESS_1'", "'PLIO_1'", "'GZIP_2'", "'NOCOMPRESS'", "'BOGUS'", "T", "1.5", "-32", "64", "''"];

describe("fuzzing the decoders", { skip: sharedSkip(), timeout: 120_000 }, () => {
  it("mutated compressed HDUs fail only with FitsFormatError", async () => {
    const rnd = mulberry32(1);
    let failures = 0;
    let cases = 0;
    for (const seed of SEEDS) {
      const bytes = loadFitsBytes(sharedData(seed));
      const [entry] = await compressedEntries(bytes);
      const dataStart = entry!.dataOffset;
      const dataEnd = entry!.dataOffset + entry!.dataBytes;
      const zCards: number[] = [];
      for (let off = entry!.headerOffset; off < dataStart; off += 80) {
        const key = Buffer.from(bytes.subarray(off, off + 8)).toString("latin1");
        if (/^(Z|TFORM|NAXIS2|PCOUNT|THEAP)/.test(key) && bytes[off + 8] === 0x3d) zCards.push(off);
      }
      for (let k = 0; k < FILE_MUTATIONS; k++) {
        let m: Uint8Array;
        if (k % 3 === 0) {
          m = bytes.slice();
          const card = zCards[Math.floor(rnd() * zCards.length)]!;
          const v = NASTY[Math.floor(rnd() * NASTY.length)]!;
          const field = v.startsWith("'") ? v.padEnd(20, " ") : v.padStart(20, " ");
          m.set(Buffer.from(field.padEnd(70, " "), "latin1"), card + 10);
        } else {
          m = mutate(bytes, rnd, dataStart, dataEnd);
        }
        cases++;
        const failed = await expectTyped(async () => {
          const index = await readHduIndex(bufferSource(m), { compression: HOOKS });
          for (const e of index.hdus) if (e.compressed) await readCompressedImage(bufferSource(m), e, { maxBytes: MAX_BYTES });
        }, `${seed} mutation ${k}`);
        if (failed) failures++;
      }
    }
    assert.equal(cases, SEEDS.length * FILE_MUTATIONS);
    assert.ok(failures > cases / 4, `only ${failures} of ${cases} mutations were detected`);
  });

  it("mutated and random codec streams fail only with FitsFormatError", async () => {
    const rnd = mulberry32(2);
    const values = Int32Array.from({ length: 500 }, (_, i) => Math.round(1000 * Math.sin(i / 7) + 50 * rnd()));
    const rice = riceEncode(values, 32, 4);
    const hcomp = new Uint8Array(loadFitsBytes(sharedData("fits/compressed/fpack/stis_hcomp.fits.fz")));
    let n = 0;
    for (let k = 0; k < CODEC_MUTATIONS; k++) {
      const m = mutate(rice, rnd);
      await expectTyped(() => riceDecode(m, new Int32Array(500), 32, 4), `rice ${k}`);
      const junk = Uint8Array.from({ length: Math.floor(rnd() * 64) }, () => Math.floor(rnd() * 256));
      await expectTyped(() => riceDecode(junk, new Int32Array(300), 16, 2), `rice junk ${k}`);
      await expectTyped(() => plioDecode(new Int16Array(junk.buffer, 0, junk.length >> 1), new Int32Array(200)), `plio ${k}`);
      await expectTyped(() => gunzipTile(junk, 1000), `gzip ${k}`);
      const h = junk.slice();
      h[0] = 0xdd;
      h[1] = 0x99;
      await expectTyped(() => hcompressDecode(h, 16, 16, 0), `hcompress ${k}`);
      n += 5;
    }
    // A real HCOMPRESS tile with flipped bits: find one in the heap by its magic.
    const at = hcomp.findIndex((b, i) => b === 0xdd && hcomp[i + 1] === 0x99);
    const nx = new DataView(hcomp.buffer, hcomp.byteOffset + at).getInt32(2);
    const ny = new DataView(hcomp.buffer, hcomp.byteOffset + at).getInt32(6);
    const tile = hcomp.subarray(at, at + 600);
    for (let k = 0; k < 300; k++, n++) await expectTyped(() => hcompressDecode(mutate(tile, rnd), ny, nx, 0), `hcompress tile ${k}`);
    assert.equal(n, CODEC_MUTATIONS * 5 + 300);
  });
});
