/**
 * FITS benchmarks (`npm run bench -- fits`). Figure: a 300×300 section of an uncompressed
 * 4096×4096 float32 image read per call (open, index, section, close) through the file ByteSource,
 * beside astropy's memmap path measured in the same run (bench/peers/fits_section.py). Each figure
 * is its own function so others (e.g. RICE from the compress work) can add theirs beside it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, createWriteStream, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openFileByteSource } from "../src/cli/byte-source.js";
import { type ByteSource, imageHdu, readHduIndex, readImageSection, type SectionOptions, writeFits } from "../src/lib/fits/index.js";
import { type Bench, type BenchFigure, quantile, timeCalls } from "./harness.js";

const SIDE = 4096;
const CUT = 300;
const PYTHON = "/usr/bin/python3";
const PEER = fileURLToPath(new URL("./peers/fits_section.py", import.meta.url));

/** Writes (once per machine) the 4096×4096 float32 test image into the OS temp folder. */
async function testImage(): Promise<string> {
  const path = join(tmpdir(), `skyport-bench-fits-${SIDE}-f32.fits`);
  const bytes = 2880 + SIDE * SIDE * 4;
  if (existsSync(path) && statSync(path).size >= bytes) return path;
  const data = new Float32Array(SIDE * SIDE);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 1e-3) * 1000 + (i % SIDE);
  const out = createWriteStream(path);
  for await (const c of writeFits([imageHdu({ data, shape: [SIDE, SIDE], primary: true })])) {
    if (!out.write(c)) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return path;
}

/** Deterministic 0-based section origins spread over the image. */
function origins(n: number): Array<[number, number]> {
  let s = 12345;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  return Array.from({ length: n }, () => [Math.floor(next() * (SIDE - CUT)), Math.floor(next() * (SIDE - CUT))]);
}

interface Opened {
  readonly source: ByteSource;
  close(): Promise<void> | void;
}

/** The CLI's file ByteSource (async reads through libuv's thread pool). */
async function openAsync(path: string): Promise<Opened> {
  const src = await openFileByteSource(path);
  return { source: src, close: () => src.close() };
}

/**
 * A bench-local ByteSource doing synchronous pread: it blocks the event loop for each read (a few
 * µs for page-cached data), so it shows the floor of our code without thread-pool hops.
 */
async function openSyncPread(path: string): Promise<Opened> {
  const fd = openSync(path, "r");
  const size = fstatSync(fd).size;
  const source: ByteSource = {
    size,
    read: (offset, length) => {
      const b = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      readSync(fd, b, 0, b.length, offset);
      return Promise.resolve(b);
    },
  };
  return { source, close: () => closeSync(fd) };
}

async function oursPerCall(path: string, at: Array<[number, number]>, open: (p: string) => Promise<Opened>, options: SectionOptions = {}): Promise<number[]> {
  let k = 0;
  return timeCalls(async () => {
    const [x, y] = at[k++ % at.length]!;
    const f = await open(path);
    try {
      const [e] = (await readHduIndex(f.source)).hdus;
      const d = await readImageSection(f.source, e!, { start0: [x, y], end0: [x + CUT, y + CUT] }, options);
      return d.physical();
    } finally {
      await f.close();
    }
  }, at.length, 0);
}

function astropyPerCall(path: string, at: Array<[number, number]>, warmup: number): number[] | undefined {
  const r = spawnSync(PYTHON, [PEER, path, String(CUT), String(warmup), ...at.map(([x, y]) => `${x},${y}`)], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as { ms: number[] }).ms;
}

function figure(name: string, ours: number, peer: number[] | undefined): BenchFigure {
  if (!peer) return { name, value: ours, unit: "ms/call", note: "astropy peer unavailable" };
  const theirs = quantile(peer, 0.5);
  const speedup = theirs / ours;
  return { name, value: ours, unit: "ms/call", peer: { name: "astropy 5.2.1 memmap slice+copy", value: theirs }, speedup, target: ">= 3x astropy", meetsTarget: speedup >= 3 };
}

/**
 * Figures: 300×300 section of a 4k×4k float32 image, median per call including open, HDU index,
 * read and close, vs astropy's memmap path on the same origins in the same run. Two ByteSources:
 * the CLI's async file source (what the product uses), and a synchronous pread source (the floor).
 */
export async function sectionFigures(quick: boolean): Promise<BenchFigure[]> {
  const path = await testImage();
  const at = origins(quick ? 30 : 200);
  const peer = astropyPerCall(path, at, 10);
  await oursPerCall(path, origins(10), openAsync); // warm-up on other positions
  const asyncMs = quantile(await oursPerCall(path, at, openAsync), 0.5);
  await oursPerCall(path, origins(10), openSyncPread, { maxGapBytes: 0, concurrency: 1 });
  const syncMs = quantile(await oursPerCall(path, at, openSyncPread, { maxGapBytes: 0, concurrency: 1 }), 0.5);
  return [
    figure(`section ${CUT}x${CUT} of ${SIDE}x${SIDE} float32, file ByteSource (async)`, asyncMs, peer),
    figure(`section ${CUT}x${CUT} of ${SIDE}x${SIDE} float32, sync pread ByteSource, row reads`, syncMs, peer),
  ];
}

export const run: Bench = async ({ quick }) => [...(await sectionFigures(quick))];
