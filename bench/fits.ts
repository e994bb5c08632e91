/**
 * FITS benchmarks (`npm run bench -- fits`). Figures: a 300×300 section of an uncompressed
 * 4096×4096 float32 image read per call (open, index, section, close) through the file ByteSource,
 * cold and over a shared page cache (BlockCache), as values or as big-endian bytes into a reused
 * buffer (a cut-out server's path), and with the file kept open, each beside
 * astropy's memmap path doing the same work in the same run (bench/peers/fits_section.py, and an
 * inline peer for the kept-open case). Each figure is its own function so others (e.g. RICE from
 * the compress work) can add theirs beside it.
 */
import { spawnSync } from "node:child_process";
import { closeSync, createWriteStream, existsSync, fstatSync, openSync, readSync, type Stats, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openFileByteSource } from "../src/cli/byte-source.js";
import {
  BlockCache,
  type ByteSource,
  cachedHduIndex,
  cachedSource,
  type HduIndex,
  imageHdu,
  lazyCachedSource,
  readHduIndex,
  readImageSection,
  readSectionBytes,
  type SectionOptions,
  writeFits,
} from "../src/lib/fits/index.js";
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
  /** The file's shared page cache, when the source goes through one. */
  readonly cache?: BlockCache;
  /** Awaited after the section is read and before it counts as served (optimistic identity check). */
  validate?(): Promise<void>;
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
function cacheFor(path: string, st: Stats = statSync(path)): BlockCache {
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
  return { source: cachedSource(src, cache), close: () => src.close(), cache };
}

/** The bench-local synchronous pread source wrapped with the file's shared BlockCache. */
async function openSyncCached(path: string): Promise<Opened> {
  const cache = cacheFor(path);
  const f = await openSyncPread(path);
  return { source: cachedSource(f.source, cache), close: f.close, cache };
}

/** The CLI's async file source, refusing a file whose size is no longer `size` (a changed file). */
async function openSameSize(path: string, size: number) {
  const f = await openFileByteSource(path);
  if (f.size !== size) {
    await f.close();
    throw new Error(`${path} changed`);
  }
  return f;
}

/**
 * What a server keeping per-file state does: one stat (size, mtime → the file's cache; async through
 * libuv's thread pool, or synchronous), and the file is opened (CLI async source) only when a read
 * misses the cache (`lazyCachedSource`).
 */
async function openLazyCached(path: string, syncStat = false): Promise<Opened> {
  const st = syncStat ? statSync(path) : await stat(path);
  const cache = cacheFor(path, st);
  const source = lazyCachedSource(st.size, cache, () => openSameSize(path, st.size));
  return { source, close: () => source.close(), cache };
}
const openLazySyncStat = (path: string): Promise<Opened> => openLazyCached(path, true);

/** The identity a server saw last for each path (its size and cache). */
const lastSeen = new Map<string, { readonly key: string; readonly size: number; readonly cache: BlockCache }>();
const identity = (path: string, st: Stats): string => `${path}\0${st.size}\0${st.mtimeMs}`;

/**
 * As `openLazyCached` with an async stat, but optimistic: the section is read from the cache of the
 * identity seen last for the path while the stat runs on the thread pool, and it counts as served
 * only once the stat confirms that identity (`validate`; on a mismatch a server reads again with
 * the new one). The thread-pool round trip then overlaps the copy instead of preceding it.
 */
async function openOptimistic(path: string): Promise<Opened> {
  const pending = stat(path);
  let last = lastSeen.get(path);
  if (last === undefined) {
    const st = await pending;
    last = { key: identity(path, st), size: st.size, cache: cacheFor(path, st) };
    lastSeen.set(path, last);
  }
  const seen = last;
  const source = lazyCachedSource(seen.size, seen.cache, () => openSameSize(path, seen.size));
  return {
    source,
    cache: seen.cache,
    close: () => source.close(),
    validate: async () => {
      if (identity(path, await pending) !== seen.key) throw new Error(`${path} changed: read again`);
    },
  };
}

/** How a call gets the HDU index: read and parsed per call, or kept with the file's cache. */
type IndexMode = "read" | "cached";
/** What a call returns: physical values in a fresh array, big-endian bytes or native values in a reused buffer. */
type OutMode = "fresh" | "be-into" | "native-into";

/** One output buffer reused by every call (a server keeps one per request in flight). */
const reused = new Uint8Array(CUT * CUT * 8);

/** Per call: open, HDU index (header read and parsed), section, physical values, close. */
async function oursPerCall(
  path: string,
  at: Array<[number, number]>,
  open: (p: string) => Promise<Opened>,
  options: SectionOptions = {},
  out: OutMode = "fresh",
  index: IndexMode = "read",
  warmup = 0,
): Promise<number[]> {
  let k = 0;
  return timeCalls(async () => {
    const [x, y] = at[k++ % at.length]!;
    const f = await open(path);
    try {
      const idx: HduIndex = index === "cached" && f.cache !== undefined ? await cachedHduIndex(f.source, f.cache) : await readHduIndex(f.source);
      const e = idx.hdus[0]!;
      const box = { start0: [x, y], end0: [x + CUT, y + CUT] };
      const result =
        out === "be-into"
          ? await readSectionBytes(f.source, e, box, { ...options, into: reused })
          : (await readImageSection(f.source, e, box, out === "native-into" ? { ...options, into: reused } : options)).physical();
      await f.validate?.();
      return result;
    } finally {
      await f.close();
    }
  }, at.length, warmup);
}

/** Per call on a file kept open with its HDU index (the source and entry reused): section only. */
async function oursOpenFile(path: string, at: Array<[number, number]>, out: "fresh" | "native-into" = "fresh", warmup = 0): Promise<number[]> {
  const f = await openCached(path);
  try {
    const [e] = (await readHduIndex(f.source)).hdus;
    let k = 0;
    const options = out === "native-into" ? { into: reused } : {};
    return await timeCalls(async () => {
      const [x, y] = at[k++ % at.length]!;
      return (await readImageSection(f.source, e!, { start0: [x, y], end0: [x + CUT, y + CUT] }, options)).physical();
    }, at.length, warmup);
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
 * (astropy: fits.open(memmap=True), slice, copy — its copy stays big-endian). Ours through (1) the
 * CLI's async file source, cold (no cache: positioned reads); (2) a synchronous pread source, row
 * reads (the floor without a cache); (3) the async file source over the file's shared BlockCache,
 * warm — the analogue of the OS page cache astropy's memmap reads from (every measured origin read
 * once before timing, on both sides); (4) the same cache under the synchronous source. (1)–(4)
 * return physical values in a fresh array. Then the cut-out server's path: big-endian bytes
 * (`readSectionBytes`) into one reused buffer, ready to be written as FITS, (5) through the async
 * file source and (6) the synchronous one, (7) native values into the reused buffer; (8)–(9) a
 * stat (async, then synchronous) and the file opened only on a cache miss (`lazyCachedSource`: with
 * a warm cache it is never opened); (10) as (8), the async stat overlapping the read (optimistic:
 * the result counts once the stat confirms the identity the cache was chosen by); (11)–(13) as (6),
 * (9) and (10) with the parsed HDU index kept with the file's cache (`cachedHduIndex`). (5)–(13)
 * each first run once over the measured origins untimed, as astropy's peer does. Last (14)–(15):
 * the file kept open with its HDU index on both sides, section only, values in a fresh array and
 * in the reused buffer.
 */
export async function sectionFigures(quick: boolean): Promise<BenchFigure[]> {
  const path = await testImage();
  const at = origins(quick ? 30 : 200);
  const peer = astropyPerCall(path, at, at.length);
  const median = async (p: Promise<number[]>): Promise<number> => quantile(await p, 0.5);
  await oursPerCall(path, origins(10), openAsync); // warm-up on other positions
  const asyncMs = await median(oursPerCall(path, at, openAsync));
  await oursPerCall(path, origins(10), openSyncPread, { maxGapBytes: 0, concurrency: 1 });
  const syncMs = await median(oursPerCall(path, at, openSyncPread, { maxGapBytes: 0, concurrency: 1 }));
  await oursPerCall(path, at, openCached); // fills the cache with the measured sections' pages
  const cachedMs = await median(oursPerCall(path, at, openCached));
  const syncCachedMs = await median(oursPerCall(path, at, openSyncCached));
  const beAsyncMs = await median(oursPerCall(path, at, openCached, {}, "be-into", "read", at.length));
  const beSyncMs = await median(oursPerCall(path, at, openSyncCached, {}, "be-into", "read", at.length));
  const nativeSyncMs = await median(oursPerCall(path, at, openSyncCached, {}, "native-into", "read", at.length));
  const beLazyMs = await median(oursPerCall(path, at, openLazyCached, {}, "be-into", "read", at.length));
  const beLazySyncMs = await median(oursPerCall(path, at, openLazySyncStat, {}, "be-into", "read", at.length));
  const beOptMs = await median(oursPerCall(path, at, openOptimistic, {}, "be-into", "read", at.length));
  const beSyncIdxMs = await median(oursPerCall(path, at, openSyncCached, {}, "be-into", "cached", at.length));
  const beLazySyncIdxMs = await median(oursPerCall(path, at, openLazySyncStat, {}, "be-into", "cached", at.length));
  const beOptIdxMs = await median(oursPerCall(path, at, openOptimistic, {}, "be-into", "cached", at.length));
  const openPeer = astropyOpenFile(path, at);
  const openMs = await median(oursOpenFile(path, at));
  const openIntoMs = await median(oursOpenFile(path, at, "native-into", at.length));
  return [
    figure(`section ${CUT}x${CUT} of ${SIDE}x${SIDE} float32, open+index+read+close, file ByteSource (async, no cache)`, asyncMs, peer),
    figure("same, sync pread ByteSource, row reads (no cache)", syncMs, peer),
    figure("same, async file ByteSource + shared BlockCache (warm)", cachedMs, peer),
    figure("same, sync open/pread ByteSource + shared BlockCache (warm)", syncCachedMs, peer),
    figure("same, async file + BlockCache (warm), big-endian into a reused buffer", beAsyncMs, peer),
    figure("same, sync open/pread + BlockCache (warm), big-endian into a reused buffer", beSyncMs, peer),
    figure("same, sync open/pread + BlockCache (warm), native values into a reused buffer", nativeSyncMs, peer),
    figure("same, async stat + open only on a miss (lazyCachedSource, warm), big-endian into reused", beLazyMs, peer),
    figure("same, sync stat + open only on a miss (lazyCachedSource, warm), big-endian into reused", beLazySyncMs, peer),
    figure("same, async stat overlapped with the read (optimistic), open on a miss, big-endian into reused", beOptMs, peer),
    figure("as sync open/pread big-endian into reused, + HDU index kept with the cache", beSyncIdxMs, peer),
    figure("as sync stat + open on a miss, + HDU index kept with the cache", beLazySyncIdxMs, peer),
    figure("as optimistic async stat + open on a miss, + HDU index kept with the cache", beOptIdxMs, peer),
    figure("section only, file kept open with its HDU index, BlockCache (warm)", openMs, openPeer, "astropy 5.2.1 HDUList kept, slice+astype(=f4)", false),
    figure("same, native values into a reused buffer", openIntoMs, openPeer, "astropy 5.2.1 HDUList kept, slice+astype(=f4)", false),
  ];
}

export const run: Bench = async ({ quick }) => [...(await sectionFigures(quick))];
