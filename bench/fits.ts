/**
 * FITS benchmarks (`npm run bench -- fits`). Figures: a 300×300 section of an uncompressed
 * 4096×4096 float32 image read per call (open, index, section, close) through the file ByteSource,
 * cold and over a shared page cache (BlockCache), and with the file kept open, each beside
 * astropy's memmap path doing the same work in the same run (bench/peers/fits_section.py, and an
 * inline peer for the kept-open case). Each figure is its own function so others (e.g. RICE from
 * the compress work) can add theirs beside it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, createWriteStream, existsSync, fstatSync, openSync, readSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openFileByteSource } from "../src/cli/byte-source.js";
import { BlockCache, type ByteSource, cachedSource, imageHdu, readHduIndex, readImageSection, type SectionOptions, writeFits } from "../src/lib/fits/index.js";
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

/** A cache per file identity (path, size, mtime), as an edge serving repeated cut-outs would keep. */
const caches = new Map<string, BlockCache>();
function cacheFor(path: string): BlockCache {
  const st = statSync(path);
  const key = `${path}\0${st.size}\0${st.mtimeMs}`;
  let c = caches.get(key);
  if (c === undefined) {
    c = new BlockCache({ pageBytes: 16 * 1024, maxBytes: 128 * 1024 * 1024 });
    caches.set(key, c);
  }
  return c;
}

/** The CLI's async file source wrapped with the file's shared BlockCache (kept across opens). */
async function openCached(path: string): Promise<Opened> {
  const cache = cacheFor(path);
  const src = await openFileByteSource(path);
  return { source: cachedSource(src, cache), close: () => src.close() };
}

/** The bench-local synchronous pread source wrapped with the file's shared BlockCache. */
async function openSyncCached(path: string): Promise<Opened> {
  const cache = cacheFor(path);
  const f = await openSyncPread(path);
  return { source: cachedSource(f.source, cache), close: f.close };
}

/** Per call: open, HDU index (header read and parsed), section, physical values, close. */
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

/** Per call on a file kept open with its HDU index (the source and entry reused): section only. */
async function oursOpenFile(path: string, at: Array<[number, number]>): Promise<number[]> {
  const f = await openCached(path);
  try {
    const [e] = (await readHduIndex(f.source)).hdus;
    let k = 0;
    return await timeCalls(async () => {
      const [x, y] = at[k++ % at.length]!;
      return (await readImageSection(f.source, e!, { start0: [x, y], end0: [x + CUT, y + CUT] })).physical();
    }, at.length, 0);
  } finally {
    await f.close();
  }
}

function astropyPerCall(path: string, at: Array<[number, number]>, warmup: number): number[] | undefined {
  const r = spawnSync(PYTHON, [PEER, path, String(CUT), String(warmup), ...at.map(([x, y]) => `${x},${y}`)], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as { ms: number[] }).ms;
}

/**
 * astropy with the HDUList opened once (memmap) and kept: per call only the slice and a copy to a
 * native-endian float32 array (what our `physical()` returns: values usable without a byte swap).
 * Same origins, warm-up over all of them, as for ours.
 */
const REUSE_PEER = `
import json, sys, time
from astropy.io import fits
path, size = sys.argv[1], int(sys.argv[2])
at = [tuple(int(v) for v in a.split(",")) for a in sys.argv[3:]]
hl = fits.open(path, memmap=True)
d = hl[0].data
call = lambda x, y: d[y:y + size, x:x + size].astype("=f4")
for x, y in at: call(x, y)
ms = []
for x, y in at:
    t0 = time.perf_counter(); call(x, y); ms.append((time.perf_counter() - t0) * 1000)
print(json.dumps({"ms": sorted(ms)}))
`;

function astropyOpenFile(path: string, at: Array<[number, number]>): number[] | undefined {
  const r = spawnSync(PYTHON, ["-c", REUSE_PEER, path, String(CUT), ...at.map(([x, y]) => `${x},${y}`)], { encoding: "utf8" });
  if (r.status !== 0) return undefined;
  return (JSON.parse(r.stdout) as { ms: number[] }).ms;
}

function figure(name: string, ours: number, peer: number[] | undefined, peerName = "astropy 5.2.1 open+memmap slice+copy", target = true): BenchFigure {
  if (!peer) return { name, value: ours, unit: "ms/call", note: "astropy peer unavailable" };
  const theirs = quantile(peer, 0.5);
  const speedup = theirs / ours;
  return { name, value: ours, unit: "ms/call", peer: { name: peerName, value: theirs }, speedup, ...(target ? { target: ">= 3x astropy", meetsTarget: speedup >= 3 } : {}) };
}

/**
 * Figures: 300×300 section of a 4k×4k float32 image, median per call, vs astropy on the same
 * origins in the same run. "Per call" as in the issue: open, HDU index, read, close on both sides
 * (astropy: fits.open(memmap=True), slice, copy). Ours through (1) the CLI's async file source,
 * cold (no cache: positioned reads); (2) a synchronous pread source, row reads (the floor without
 * a cache); (3) the async file source over the file's shared BlockCache, warm — the analogue of
 * the OS page cache astropy's memmap reads from (every measured origin read once before timing,
 * on both sides); (4) the same cache under the synchronous source (open without the thread pool).
 * Then (5): the file kept open with its HDU index on both sides, section only.
 */
export async function sectionFigures(quick: boolean): Promise<BenchFigure[]> {
  const path = await testImage();
  const at = origins(quick ? 30 : 200);
  const peer = astropyPerCall(path, at, at.length);
  await oursPerCall(path, origins(10), openAsync); // warm-up on other positions
  const asyncMs = quantile(await oursPerCall(path, at, openAsync), 0.5);
  await oursPerCall(path, origins(10), openSyncPread, { maxGapBytes: 0, concurrency: 1 });
  const syncMs = quantile(await oursPerCall(path, at, openSyncPread, { maxGapBytes: 0, concurrency: 1 }), 0.5);
  await oursPerCall(path, at, openCached); // fills the cache with the measured sections' pages
  const cachedMs = quantile(await oursPerCall(path, at, openCached), 0.5);
  const syncCachedMs = quantile(await oursPerCall(path, at, openSyncCached), 0.5);
  const openPeer = astropyOpenFile(path, at);
  const openMs = quantile(await oursOpenFile(path, at), 0.5);
  return [
    figure(`section ${CUT}x${CUT} of ${SIDE}x${SIDE} float32, open+index+read+close, file ByteSource (async, no cache)`, asyncMs, peer),
    figure("same, sync pread ByteSource, row reads (no cache)", syncMs, peer),
    figure("same, async file ByteSource + shared BlockCache (warm)", cachedMs, peer),
    figure("same, sync open/pread ByteSource + shared BlockCache (warm)", syncCachedMs, peer),
    figure("section only, file kept open with its HDU index, BlockCache (warm)", openMs, openPeer, "astropy 5.2.1 HDUList kept, slice+astype(=f4)", false),
  ];
}

export const run: Bench = async ({ quick }) => [...(await sectionFigures(quick))];
