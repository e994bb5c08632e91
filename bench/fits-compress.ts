/**
 * Tile-compressed FITS benchmark: full RICE_1 decompression of a 4096×4096 int32 image (made with
 * fpack from a generated image in os.tmpdir()) beside astropy 5.2.1 (whose decompressor is cfitsio's
 * C, run through bench/peers/fits_rice.py with /usr/bin/python3 in the same run), and a 300×300
 * section that decompresses only the tiles it touches. Target: ≥ 0.7× astropy's speed.
 * RICE_1 encoding: `riceEncode` over the same image in 4096×16 tiles (the demo release's tile
 * shape) for BYTEPIX 4, 2 and 1, timed in the same run beside the encoder it replaced
 * (src/lib/fits/compress/fixtures/rice-reference.ts, byte-identical output).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { openFileByteSource } from "../src/cli/byte-source.js";
import { bufferSource } from "../src/lib/fits/byte-source.js";
import { riceEncodeReference } from "../src/lib/fits/compress/fixtures/rice-reference.js";
import { openCompressedImage, type RiceBytePix, readCompressedImage, readCompressedSection, riceEncode } from "../src/lib/fits/compress/index.js";
import { COMPRESSION_HOOKS } from "../src/lib/fits/compress/index.js";
import { readHduIndex } from "../src/lib/fits/reader.js";
import { collectBytes, emptyPrimaryHdu, imageHdu, writeFits } from "../src/lib/fits/writer.js";
import { type Bench, type BenchFigure, quantile, timeCalls } from "./harness.js";

const here = dirname(fileURLToPath(import.meta.url));
const SIZE = 4096;
const SECTION = 300;
/** The section's lower-left corner (0-based x, y): away from tile and image edges. */
const SECTION_X0 = 1234;
const SECTION_Y0 = 2345;
const PYTHON = "/usr/bin/python3";

/** A smooth sky with sources and Poisson-like noise, stored as int32 (a "float-as-int" image). */
function makeImage(): Int32Array {
  const a = new Int32Array(SIZE * SIZE);
  let s = 12345;
  const rnd = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const sky = 1000 + 200 * Math.sin(x / 300) * Math.cos(y / 500);
      a[y * SIZE + x] = Math.round(sky + 30 * (rnd() + rnd() + rnd() - 1.5));
    }
  }
  return a;
}

/** Rows per tile of the encoding figures (the demo release's RICE_1 tiles are width × 16). */
const ENCODE_TILE_ROWS = 16;

/**
 * RICE_1 encoding throughput (Mpix/s, median over rounds) of the current encoder and of the one it
 * replaced, alternating within each round so both see the same machine load.
 */
function encodeFigures(image: Int32Array, rounds: number): BenchFigure[] {
  const tilePix = SIZE * ENCODE_TILE_ROWS;
  const figures: BenchFigure[] = [];
  const cases: [RiceBytePix, Int32Array][] = [
    [4, image],
    [2, image], // the same values fit int16
    [1, image.map((v) => (v >> 3) & 0xff)],
  ];
  for (const [bytePix, data] of cases) {
    const tiles: Int32Array[] = [];
    for (let p = 0; p < data.length; p += tilePix) tiles.push(data.subarray(p, p + tilePix));
    const encoders = [riceEncode, riceEncodeReference];
    const ms: number[][] = [[], []];
    let bytes = 0;
    for (let r = 0; r < rounds + 1; r++) {
      for (let e = 0; e < 2; e++) {
        const which = (r + e) % 2;
        const encode = encoders[which]!;
        const t0 = performance.now();
        let b = 0;
        for (const t of tiles) b += encode(t, 32, bytePix).length;
        if (r > 0) ms[which]!.push(performance.now() - t0); // round 0 warms up
        bytes = b;
      }
    }
    const ours = (data.length / 1e6 / quantile(ms[0]!.sort((a, b) => a - b), 0.5)) * 1000;
    const before = (data.length / 1e6 / quantile(ms[1]!.sort((a, b) => a - b), 0.5)) * 1000;
    figures.push({
      name: `RICE_1 encode, BYTEPIX ${bytePix}, 4096x${ENCODE_TILE_ROWS} tiles (${(bytes / data.length).toFixed(2)} B/pix)`,
      value: ours,
      unit: "Mpix/s",
      peer: { name: "previous riceEncode (same run)", value: before },
      speedup: ours / before,
    });
  }
  return figures;
}

async function prepare(): Promise<string> {
  const fz = join(tmpdir(), "skyport-bench-4k-int32.rice.fits.fz");
  if (existsSync(fz)) return fz;
  const plain = join(tmpdir(), "skyport-bench-4k-int32.fits");
  const bytes = await collectBytes(writeFits([emptyPrimaryHdu(), imageHdu({ data: makeImage(), shape: [SIZE, SIZE], primary: false })]));
  await writeFile(plain, bytes);
  const r = spawnSync("fpack", ["-r", "-O", fz, plain], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`fpack failed: ${r.stderr}`);
  return fz;
}

/** Runs the benchmark. */
export const run: Bench = async ({ quick }) => {
  const fz = await prepare();
  const iterations = quick ? 3 : 10;
  const full = await timeCalls(async () => {
    const bytes = new Uint8Array(await readFile(fz));
    const src = bufferSource(bytes);
    const index = await readHduIndex(src, { compression: COMPRESSION_HOOKS });
    await readCompressedImage(src, index.hdus[1]!);
  }, iterations, 2);
  const file = await openFileByteSource(fz);
  const index = await readHduIndex(file, { compression: COMPRESSION_HOOKS });
  const img = openCompressedImage(index.hdus[1]!);
  const box = { start0: [SECTION_X0, SECTION_Y0], end0: [SECTION_X0 + SECTION, SECTION_Y0 + SECTION] };
  const section = await timeCalls(() => readCompressedSection(file, img, box), iterations * 3);
  await file.close();
  const peer = spawnSync(PYTHON, [join(here, "peers", "fits_rice.py"), fz, String(iterations), String(SECTION_X0), String(SECTION_Y0), String(SECTION)], { encoding: "utf8" });
  const figures: BenchFigure[] = [];
  const ours = quantile(full, 0.5);
  if (peer.status === 0) {
    const p = JSON.parse(peer.stdout) as { full_ms: number[]; section_ms: number[] | null };
    const theirs = quantile(p.full_ms, 0.5);
    const speedup = theirs / ours;
    figures.push({ name: "RICE_1 4096x4096 int32 full decompression", value: ours, unit: "ms/call", peer: { name: "astropy 5.2.1 (cfitsio C)", value: theirs }, speedup, target: ">= 0.7x astropy", meetsTarget: speedup >= 0.7 });
    const sec = quantile(section, 0.5);
    const peerSec = p.section_ms ? quantile(p.section_ms, 0.5) : undefined;
    figures.push({ name: "RICE_1 300x300 section (touched tiles only)", value: sec, unit: "ms/call", ...(peerSec === undefined ? {} : { peer: { name: "astropy 5.2.1 section", value: peerSec }, speedup: peerSec / sec }) });
  } else {
    figures.push({ name: "RICE_1 4096x4096 int32 full decompression", value: ours, unit: "ms/call", note: `astropy peer failed: ${peer.stderr.slice(0, 200)}` });
    figures.push({ name: "RICE_1 300x300 section (touched tiles only)", value: quantile(section, 0.5), unit: "ms/call" });
  }
  const pixPerSec = (SIZE * SIZE) / (ours / 1000);
  figures.push({ name: "RICE_1 full decompression throughput", value: pixPerSec / 1e6, unit: "Mpix/s" });
  figures.push(...encodeFigures(makeImage(), quick ? 3 : 9));
  return figures;
};
