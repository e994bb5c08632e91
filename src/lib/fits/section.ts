/**
 * Image and sub-image reads (FITS 4.0 standard §3.3.2: the first axis varies fastest). A section
 * is read as contiguous runs along NAXIS1, one per combination of the other axes' indices; nearby
 * runs are merged into one read when the gap is small, and reads are issued concurrently. A source
 * with bytes in memory (`readIntoSync`: a buffer, a BlockCache) is copied from without a read.
 * Conventions: `start0`/`end0` are 0-based, start inclusive, end exclusive; `first1`/`last1` are
 * 1-based FITS pixel numbers, both inclusive. Axis order is FITS order (index 0 = NAXIS1 = x).
 */
import type { ByteSource } from "./byte-source.js";
import { bytesPerElement, decodeRaw, HOST_LITTLE_ENDIAN, type RawArray, rawView } from "./data/bitpix.js";
import { type PhysicalArray, type Scaling, scalingFrom, toPhysical } from "./data/scale.js";
import { simdSwapper } from "./data/swap-simd.js";
import { FitsFormatError } from "./errors.js";
import { DEFAULT_MAX_DATA_BYTES, type HduEntry } from "./reader.js";

/** A box of an N-D image, 0-based, start inclusive and end exclusive, FITS axis order. */
export interface SectionBox0 {
  readonly start0: readonly number[];
  readonly end0: readonly number[];
}

/** Tuning of section reads. */
export interface SectionOptions {
  /**
   * Merge two runs into one read when the bytes between them are at most this (default: the
   * source's `mergeGapBytes`, else 32 KiB).
   */
  readonly maxGapBytes?: number;
  /** Reads in flight at once (default 16). */
  readonly concurrency?: number;
  /** Largest single merged read in bytes (default 1 MiB): big spans are split so reads overlap. */
  readonly maxReadBytes?: number;
  /** Largest section accepted in bytes (default 1 GiB). */
  readonly maxBytes?: number;
  /**
   * Write the section into this buffer instead of a fresh one (at least the section's byte length;
   * a FitsFormatError BAD_ARGUMENT otherwise): the result is a view of its first bytes. A server
   * answering many cut-outs can reuse one buffer per request in flight and skip allocating (and
   * the GC of) a large result per call. For `readImageSection` its byteOffset must be a multiple of
   * the element size. The buffer's contents are undefined after a failed read.
   */
  readonly into?: Uint8Array;
}

/** An image or sub-image as read. */
export interface ImageData {
  readonly bitpix: number;
  /** Axis lengths, FITS order (shape[0] = length along NAXIS1). */
  readonly shape: readonly number[];
  /** Stored values (the file's BITPIX), row-major with NAXIS1 fastest. */
  readonly raw: RawArray;
  readonly scaling: Scaling;
  /** Physical values: BSCALE/BZERO applied, BLANK → NaN (see data/scale.ts for element types). */
  physical(): PhysicalArray;
}

/** Converts 1-based inclusive FITS pixel ranges to a 0-based half-open box. */
export function boxFromPix1(first1: readonly number[], last1: readonly number[]): SectionBox0 {
  return { start0: first1.map((v) => v - 1), end0: last1.slice() };
}

function checkBox(axes: readonly number[], box: SectionBox0, hduIndex: number): void {
  if (box.start0.length !== axes.length || box.end0.length !== axes.length) {
    throw new FitsFormatError("BAD_ARGUMENT", `section needs ${axes.length} axes`, { hduIndex });
  }
  axes.forEach((n, i) => {
    const s = box.start0[i]!;
    const e = box.end0[i]!;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) {
      throw new FitsFormatError("OUT_OF_RANGE", `axis ${i + 1}: [${s}, ${e}) outside [0, ${n})`, { hduIndex });
    }
  });
}

interface Run {
  readonly fileOffset: number;
  readonly outOffset: number;
  readonly bytes: number;
}

/** Plans the contiguous runs (byte offsets relative to the data start) of a box. */
export function planRuns(axes: readonly number[], bitpix: number, box: SectionBox0): Run[] {
  const size = bytesPerElement(bitpix);
  const rowBytes = (box.end0[0]! - box.start0[0]!) * size;
  const runs: Run[] = [];
  const nd = axes.length;
  const idx = box.start0.slice();
  const strides: number[] = [];
  let st = size;
  for (let i = 0; i < nd; i++) {
    strides.push(st);
    st *= axes[i]!;
  }
  for (let i = 1; i < nd; i++) if (box.end0[i]! <= box.start0[i]!) return runs;
  if (rowBytes === 0) return runs;
  let out = 0;
  for (;;) {
    let off = 0;
    for (let i = 0; i < nd; i++) off += idx[i]! * strides[i]!;
    runs.push({ fileOffset: off, outOffset: out, bytes: rowBytes });
    out += rowBytes;
    let k = 1;
    while (k < nd) {
      idx[k]!++;
      if (idx[k]! < box.end0[k]!) break;
      idx[k] = box.start0[k]!;
      k++;
    }
    if (k >= nd) return runs;
  }
}

/** Byte length of a box after the checks every section read makes (range, size limit, truncation). */
function checkedSectionBytes(source: ByteSource, entry: HduEntry, box: SectionBox0, options: SectionOptions): number {
  const { axes, bitpix } = entry.layout;
  checkBox(axes, box, entry.index);
  let total = bytesPerElement(bitpix);
  for (let i = 0; i < axes.length; i++) total *= box.end0[i]! - box.start0[i]!;
  if (total > (options.maxBytes ?? DEFAULT_MAX_DATA_BYTES)) {
    throw new FitsFormatError("TOO_LARGE", `section of ${total} bytes exceeds the limit`, { hduIndex: entry.index });
  }
  if (entry.truncated || (source.size !== undefined && total > source.size)) {
    throw new FitsFormatError("TRUNCATED", "image data extends beyond the end of the source", { hduIndex: entry.index, byteOffset: entry.dataOffset });
  }
  return total;
}

/** The buffer a section of `total` bytes is written to: the caller's `into` (checked) or a fresh one. */
function outputFor(total: number, into: Uint8Array | undefined, align: number, hduIndex: number): Uint8Array {
  if (into === undefined) return new Uint8Array(total);
  if (into.length < total) {
    throw new FitsFormatError("BAD_ARGUMENT", `output buffer of ${into.length} bytes is smaller than the section (${total} bytes)`, { hduIndex });
  }
  if (into.byteOffset % align !== 0) {
    throw new FitsFormatError("BAD_ARGUMENT", `output buffer offset ${into.byteOffset} is not a multiple of ${align}`, { hduIndex });
  }
  return into.length === total ? into : into.subarray(0, total);
}

/**
 * Copies each run (row along NAXIS1) of the box from a source's in-memory bytes (`readIntoSync`)
 * into `out`, walking the rows without planning a list. A run not in memory is appended to
 * `missing` (then the walk goes on), or, without `missing`, ends the walk: returns false.
 */
function gatherRows(source: ByteSource, entry: HduEntry, box: SectionBox0, out: Uint8Array, missing?: Run[]): boolean {
  const readInto = source.readIntoSync;
  if (readInto === undefined) return false;
  const { axes, bitpix } = entry.layout;
  const nd = axes.length;
  if (nd === 0) return true;
  const size = bytesPerElement(bitpix);
  const rowBytes = (box.end0[0]! - box.start0[0]!) * size;
  if (rowBytes === 0) return true;
  for (let i = 1; i < nd; i++) if (box.end0[i]! <= box.start0[i]!) return true;
  const strides: number[] = [];
  const idx = box.start0.slice();
  let st = size;
  let off = 0;
  for (let i = 0; i < nd; i++) {
    strides.push(st);
    off += idx[i]! * st;
    st *= axes[i]!;
  }
  const base = entry.dataOffset;
  let o = 0;
  for (;;) {
    if (!readInto.call(source, base + off, rowBytes, out, o)) {
      if (missing === undefined) return false;
      missing.push({ fileOffset: off, outOffset: o, bytes: rowBytes });
    }
    o += rowBytes;
    let k = 1;
    while (k < nd) {
      idx[k]!++;
      off += strides[k]!;
      if (idx[k]! < box.end0[k]!) break;
      off -= (box.end0[k]! - box.start0[k]!) * strides[k]!;
      idx[k] = box.start0[k]!;
      k++;
    }
    if (k >= nd) return true;
  }
}

/**
 * Reads the raw big-endian bytes of a box into one buffer (`options.into`, else a fresh one),
 * merging nearby runs. Only the needed rows are fetched; rows a source holds in memory
 * (`readIntoSync`) are copied without a read. The bytes stay in FITS order, ready to be written
 * as a cut-out's data unit. Throws FitsFormatError for an out-of-range box, a truncated source or
 * a too small `into`.
 */
export async function readSectionBytes(
  source: ByteSource,
  entry: HduEntry,
  box: SectionBox0,
  options: SectionOptions = {},
): Promise<Uint8Array> {
  const total = checkedSectionBytes(source, entry, box, options);
  const out = outputFor(total, options.into, 1, entry.index);
  let runs: Run[];
  if (source.readIntoSync !== undefined) {
    // Bytes already in memory (buffer or page cache) are copied now; only the rest is read.
    runs = [];
    gatherRows(source, entry, box, out, runs);
    if (runs.length === 0) return out;
  } else runs = planRuns(entry.layout.axes, entry.layout.bitpix, box);
  await readRuns(source, entry, runs, out, options);
  return out;
}

/** Reads runs through `source.read`, nearby runs merged, `concurrency` reads in flight. */
async function readRuns(source: ByteSource, entry: HduEntry, runs: readonly Run[], out: Uint8Array, options: SectionOptions): Promise<void> {
  const maxGap = options.maxGapBytes ?? source.mergeGapBytes ?? 32 * 1024;
  const maxRead = options.maxReadBytes ?? 1024 * 1024;
  const groups: Run[][] = [];
  for (const r of runs) {
    const g = groups[groups.length - 1];
    const last = g?.[g.length - 1];
    if (g && last && r.fileOffset >= last.fileOffset + last.bytes && r.fileOffset - (last.fileOffset + last.bytes) <= maxGap && r.fileOffset + r.bytes - g[0]!.fileOffset <= maxRead) g.push(r);
    else groups.push([r]);
  }
  const readGroup = async (g: Run[]): Promise<void> => {
    const first = g[0]!;
    const last = g[g.length - 1]!;
    const len = last.fileOffset + last.bytes - first.fileOffset;
    const at = entry.dataOffset + first.fileOffset;
    const bytes = await source.read(at, len);
    if (bytes.length < len) {
      throw new FitsFormatError("TRUNCATED", "file ends inside the image data", { byteOffset: at + bytes.length, hduIndex: entry.index });
    }
    for (const r of g) out.set(bytes.subarray(r.fileOffset - first.fileOffset, r.fileOffset - first.fileOffset + r.bytes), r.outOffset);
  };
  const concurrency = Math.max(1, options.concurrency ?? 16);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < groups.length) await readGroup(groups[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, groups.length) }, worker));
}

function imageData(entry: HduEntry, shape: number[], be: Uint8Array): ImageData {
  const bitpix = entry.layout.bitpix;
  const raw = decodeRaw(bitpix, be, true); // `be` is our own fresh buffer or the caller's `into`
  const scaling = scalingFrom(entry.header);
  let physical: PhysicalArray | undefined;
  return { bitpix, shape, raw, scaling, physical: () => (physical ??= toPhysical(bitpix, raw, scaling)) };
}

function requireImage(entry: HduEntry): void {
  if (entry.layout.kind !== "image") {
    throw new FitsFormatError("BAD_ARGUMENT", `HDU ${entry.index} is a ${entry.layout.kind}, not an image`, { hduIndex: entry.index });
  }
}

/**
 * The in-memory fast path: when every run can be copied synchronously (`readIntoSync`) and the box
 * fits the SIMD swapper's memory, the rows are gathered there, swapped in place and copied once
 * into the result (`options.into` or a fresh buffer). Undefined when the path does not apply (the
 * caller then reads normally).
 */
function gatherSwapped(source: ByteSource, entry: HduEntry, box: SectionBox0, options: SectionOptions): RawArray | undefined {
  const { bitpix } = entry.layout;
  const size = bytesPerElement(bitpix);
  if (source.readIntoSync === undefined || !HOST_LITTLE_ENDIAN || size === 1 || entry.truncated) return undefined;
  const simd = simdSwapper();
  if (simd === undefined) return undefined;
  const total = checkedSectionBytes(source, entry, box, options);
  if (total === 0 || total > simd.scratch.length) return undefined;
  const out = options.into === undefined ? undefined : outputFor(total, options.into, size, entry.index);
  const scratch = simd.scratch;
  if (!gatherRows(source, entry, box, scratch)) return undefined;
  simd.swapScratch(total, size as 2 | 4 | 8);
  const gathered = scratch.subarray(0, total);
  if (out === undefined) return rawView(bitpix, gathered.slice());
  out.set(gathered);
  return rawView(bitpix, out);
}

/**
 * Reads a 0-based half-open box of an image HDU (any NAXIS). With `options.into`, `raw` (and
 * `physical()` when no scaling applies) is a view of that buffer, valid until the caller reuses it.
 */
export async function readImageSection(source: ByteSource, entry: HduEntry, box: SectionBox0, options: SectionOptions = {}): Promise<ImageData> {
  requireImage(entry);
  const shape = box.start0.map((s, i) => box.end0[i]! - s);
  const fast = gatherSwapped(source, entry, box, options);
  if (fast !== undefined) {
    const scaling = scalingFrom(entry.header);
    let physical: PhysicalArray | undefined;
    return { bitpix: entry.layout.bitpix, shape, raw: fast, scaling, physical: () => (physical ??= toPhysical(entry.layout.bitpix, fast, scaling)) };
  }
  if (options.into !== undefined) {
    const size = bytesPerElement(entry.layout.bitpix);
    if (options.into.byteOffset % size !== 0) {
      throw new FitsFormatError("BAD_ARGUMENT", `output buffer offset ${options.into.byteOffset} is not a multiple of ${size}`, { hduIndex: entry.index });
    }
  }
  const be = await readSectionBytes(source, entry, box, options);
  return imageData(entry, shape, be);
}

/** Reads a box given by 1-based inclusive FITS pixel numbers (first1[0] = first x, ...). */
export function readImageSectionPix1(
  source: ByteSource,
  entry: HduEntry,
  first1: readonly number[],
  last1: readonly number[],
  options: SectionOptions = {},
): Promise<ImageData> {
  return readImageSection(source, entry, boxFromPix1(first1, last1), options);
}

/** Reads a whole image HDU. An image with NAXIS = 0 gives empty arrays and shape []. */
export async function readImage(source: ByteSource, entry: HduEntry, options: SectionOptions = {}): Promise<ImageData> {
  requireImage(entry);
  const axes = entry.layout.axes;
  if (axes.length === 0) return imageData(entry, [], new Uint8Array(0));
  return readImageSection(source, entry, { start0: axes.map(() => 0), end0: axes.slice() }, options);
}
