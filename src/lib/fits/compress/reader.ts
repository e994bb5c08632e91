/**
 * Reads tile-compressed images (FITS 4.0 standard §10) from any ByteSource: the whole image, or a
 * section that decompresses only the tiles it touches. Table rows and heap ranges of those tiles
 * are fetched with byte-range reads (nearby ranges merged), so a cutout of a large remote file
 * costs a few small reads. Boxes are 0-based half-open in FITS axis order (see ../section.ts).
 */
import { type ByteSource, readExact } from "../byte-source.js";
import { allocRaw, type RawArray } from "../data/bitpix.js";
import { scalingFrom, toPhysical } from "../data/scale.js";
import { FitsFormatError } from "../errors.js";
import type { FitsHeader } from "../header.js";
import { DEFAULT_MAX_DATA_BYTES, type HduEntry } from "../reader.js";
import type { ImageData, SectionBox0 } from "../section.js";
import { type BinColumn, binColumns } from "../table/columns.js";
import { FitsCompressionError } from "./errors.js";
import { type CompressedImageInfo, compressedImageInfo, imageHeaderFromCompressed } from "./header.js";
import { decodesToInt32, decodeTile, type HeapRange, type TileContext, tileRanges } from "./tile-decode.js";
import { boxSize, copyTileIntoBox, type TileGrid, tileBox, tileGrid, tilesInBox } from "./tiles.js";

/** Tuning and limits of compressed reads. */
export interface CompressedReadOptions {
  /** Largest output, and largest decoded tile (8 bytes a pixel), accepted in bytes (default 1 GiB). */
  readonly maxBytes?: number;
  /** Merge heap reads whose gap is at most this many bytes (default 64 KiB). */
  readonly maxGapBytes?: number;
  /** Reads in flight at once (default 8). */
  readonly concurrency?: number;
}

/** A compressed-image HDU prepared for reading. */
export interface CompressedImage {
  readonly entry: HduEntry;
  readonly info: CompressedImageInfo;
  readonly grid: TileGrid;
  /** The image's header (imageHeaderFromCompressed). */
  readonly imageHeader: FitsHeader;
  readonly context: TileContext;
  /** NAXIS1 of the table: bytes per row. */
  readonly rowBytes: number;
  /** Absolute offset of the heap and its size in bytes. */
  readonly heapOffset: number;
  readonly heapBytes: number;
}

/** Largest tile accepted, in pixels (2^27: 1 GiB as doubles); real tiles are far smaller. */
export const MAX_TILE_PIXELS = 2 ** 27;

function findColumn(cols: readonly BinColumn[], name: string): BinColumn | undefined {
  return cols.find((c) => c.name.toUpperCase() === name);
}

/** Validates a compressed HDU and prepares its reading. Throws FitsCompressionError. */
export function openCompressedImage(entry: HduEntry): CompressedImage {
  const h = entry.header;
  const info = compressedImageInfo(h);
  const rowBytes = entry.layout.axes[0] ?? 0;
  const rows = entry.layout.axes[1] ?? 0;
  const cols = binColumns(h, rowBytes);
  const compressed = findColumn(cols, "COMPRESSED_DATA");
  if (!compressed?.format.varlen) throw new FitsCompressionError("BAD_STRUCTURE", "no COMPRESSED_DATA variable-length column", { hduIndex: entry.index });
  const varlen = (c: BinColumn | undefined) => (c?.format.varlen ? c : undefined);
  const grid = tileGrid(info.axes, info.tile);
  if (info.tile.reduce((a, b) => a * b, 1) > MAX_TILE_PIXELS) {
    throw new FitsCompressionError("TOO_LARGE", `tiles of ${info.tile.join("×")} pixels exceed ${MAX_TILE_PIXELS}`, { hduIndex: entry.index });
  }
  if (entry.truncated) throw new FitsCompressionError("TRUNCATED", "the table or heap extends beyond the end of the file", { hduIndex: entry.index });
  if (rows < grid.total) throw new FitsCompressionError("BAD_STRUCTURE", `${rows} table rows for ${grid.total} tiles`, { hduIndex: entry.index });
  const theap = h.get("THEAP");
  const heapStart = typeof theap === "number" && Number.isInteger(theap) && theap >= rowBytes * rows ? theap : rowBytes * rows;
  const imageHeader = imageHeaderFromCompressed(h);
  const scaling = scalingFrom(imageHeader);
  return {
    entry,
    info,
    grid,
    imageHeader,
    rowBytes,
    heapOffset: entry.dataOffset + heapStart,
    heapBytes: Math.max(0, entry.dataBytes - heapStart),
    context: {
      info,
      columns: {
        compressed,
        gzipFallback: varlen(findColumn(cols, "GZIP_COMPRESSED_DATA")),
        uncompressed: varlen(findColumn(cols, "UNCOMPRESSED_DATA")),
        zscale: findColumn(cols, "ZSCALE"),
        zzero: findColumn(cols, "ZZERO"),
        zblank: findColumn(cols, "ZBLANK"),
      },
      imageBzero: scaling.bzero,
      imageBscale: scaling.bscale,
    },
  };
}

/** Runs `tasks` with at most `limit` in flight. */
async function runLimited<T>(tasks: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return out;
}

/** Reads heap ranges (relative to the heap start), merging near ones; returns one view per range. */
async function readHeapRanges(source: ByteSource, img: CompressedImage, ranges: readonly HeapRange[], gap: number, concurrency: number): Promise<Uint8Array[]> {
  for (const r of ranges) {
    if (r.offset + r.bytes > img.heapBytes) {
      throw new FitsCompressionError("BAD_STRUCTURE", `heap range [${r.offset}, ${r.offset + r.bytes}) beyond the heap of ${img.heapBytes} bytes`, { hduIndex: img.entry.index });
    }
  }
  const order = ranges.map((_, i) => i).filter((i) => ranges[i]!.bytes > 0).sort((a, b) => ranges[a]!.offset - ranges[b]!.offset);
  const groups: { start: number; end: number; members: number[] }[] = [];
  for (const i of order) {
    const r = ranges[i]!;
    const g = groups[groups.length - 1];
    if (g && r.offset <= g.end + gap) {
      g.end = Math.max(g.end, r.offset + r.bytes);
      g.members.push(i);
    } else groups.push({ start: r.offset, end: r.offset + r.bytes, members: [i] });
  }
  const out: Uint8Array[] = ranges.map(() => new Uint8Array(0));
  await runLimited(
    groups.map((g) => async () => {
      const bytes = await readExact(source, img.heapOffset + g.start, g.end - g.start, img.entry.index);
      for (const i of g.members) out[i] = bytes.subarray(ranges[i]!.offset - g.start, ranges[i]!.offset - g.start + ranges[i]!.bytes);
    }),
    concurrency,
  );
  return out;
}

/** Reads the table rows of the given (ascending) tiles, in runs of consecutive rows. */
async function readRows(source: ByteSource, img: CompressedImage, tiles: readonly number[], concurrency: number): Promise<Map<number, DataView>> {
  const runs: { first: number; last: number }[] = [];
  const gapRows = Math.max(1, Math.floor(65536 / Math.max(1, img.rowBytes)));
  for (const t of tiles) {
    const r = runs[runs.length - 1];
    if (r && t <= r.last + gapRows) r.last = t;
    else runs.push({ first: t, last: t });
  }
  const rows = new Map<number, DataView>();
  await runLimited(
    runs.map((r) => async () => {
      const bytes = await readExact(source, img.entry.dataOffset + r.first * img.rowBytes, (r.last - r.first + 1) * img.rowBytes, img.entry.index);
      const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (const t of tiles) {
        if (t >= r.first && t <= r.last) rows.set(t, new DataView(dv.buffer, dv.byteOffset + (t - r.first) * img.rowBytes, img.rowBytes));
      }
    }),
    concurrency,
  );
  return rows;
}

function checkBox(img: CompressedImage, box: SectionBox0): void {
  const axes = img.info.axes;
  if (box.start0.length !== axes.length || box.end0.length !== axes.length) {
    throw new FitsFormatError("BAD_ARGUMENT", `section needs ${axes.length} axes`, { hduIndex: img.entry.index });
  }
  axes.forEach((n, i) => {
    const s = box.start0[i]!;
    const e = box.end0[i]!;
    if (!Number.isInteger(s) || !Number.isInteger(e) || s < 0 || e > n || s > e) {
      throw new FitsFormatError("OUT_OF_RANGE", `axis ${i + 1}: [${s}, ${e}) outside [0, ${n})`, { hduIndex: img.entry.index });
    }
  });
}

/**
 * The part of `out` a tile occupies when it is one contiguous run there (the tile lies inside the
 * box, spans its whole width, and is one deep on axes 3+), else undefined. Decoding into it
 * saves a copy per tile on the common row-tiled layout.
 */
function contiguousTarget(out: Int32Array, tile: SectionBox0, box: SectionBox0): Int32Array | undefined {
  const nd = box.start0.length;
  if (tile.start0[0] !== box.start0[0] || tile.end0[0] !== box.end0[0]) return undefined;
  let offset = 0;
  let stride = 1;
  let size = 1;
  for (let i = 0; i < nd; i++) {
    const ts = tile.start0[i]!;
    const te = tile.end0[i]!;
    if (ts < box.start0[i]! || te > box.end0[i]!) return undefined;
    if (i >= 2 && te - ts !== 1) return undefined;
    offset += (ts - box.start0[i]!) * stride;
    size *= te - ts;
    stride *= box.end0[i]! - box.start0[i]!;
  }
  return out.subarray(offset, offset + size);
}

/**
 * Reads a 0-based half-open box of a compressed image, decompressing only the tiles it overlaps.
 * Returns stored values in ZBITPIX's type (`raw`) and `physical()` with BSCALE/BZERO/BLANK applied.
 * Throws FitsFormatError (FitsCompressionError for codec faults) and never over-allocates: the
 * output size is checked against `maxBytes` first.
 */
export async function readCompressedSection(
  source: ByteSource,
  entryOrImage: HduEntry | CompressedImage,
  box: SectionBox0,
  options: CompressedReadOptions = {},
): Promise<ImageData> {
  const img = "grid" in entryOrImage ? entryOrImage : openCompressedImage(entryOrImage);
  checkBox(img, box);
  const n = boxSize(box);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DATA_BYTES;
  if (n * (Math.abs(img.info.zbitpix) / 8) > maxBytes) {
    throw new FitsCompressionError("TOO_LARGE", `section of ${n} pixels exceeds ${maxBytes} bytes`, { hduIndex: img.entry.index });
  }
  // A tile is decoded whole (up to 8 bytes a pixel while decoding): bound it by the same limit.
  const tilePixels = img.info.tile.reduce((a, b) => a * b, 1);
  if (tilePixels * 8 > maxBytes) {
    throw new FitsCompressionError("TOO_LARGE", `tiles of ${tilePixels} pixels exceed ${maxBytes} bytes when decoded`, { hduIndex: img.entry.index });
  }
  const out = allocRaw(img.info.zbitpix, n);
  const tiles = n === 0 ? [] : tilesInBox(img.grid, box);
  const concurrency = options.concurrency ?? 8;
  const rows = await readRows(source, img, tiles, concurrency);
  const perTile = tiles.map((t) => tileRanges(img.context, rows.get(t)!));
  const flat = perTile.flat();
  const heap = await readHeapRanges(source, img, flat, options.maxGapBytes ?? 65536, concurrency);
  const direct = out instanceof Int32Array && decodesToInt32(img.context);
  let k = 0;
  tiles.forEach((t, j) => {
    const parts = heap.slice(k, k + perTile[j]!.length);
    k += perTile[j]!.length;
    const tb = tileBox(img.grid, t);
    const shape = tb.start0.map((s, i) => tb.end0[i]! - s);
    const target = direct ? contiguousTarget(out as Int32Array, tb, box) : undefined;
    const decoded = decodeTile(img.context, t, rows.get(t)!, parts, shape, target);
    if (decoded !== target) copyTileIntoBox(decoded as RawArray, tb, out, box);
  });
  const shape = box.start0.map((s, i) => box.end0[i]! - s);
  const scaling = scalingFrom(img.imageHeader);
  const bitpix = img.info.zbitpix;
  return { bitpix, shape, raw: out, scaling, physical: () => toPhysical(bitpix, out, scaling) };
}

/** Reads a whole compressed image (see readCompressedSection). */
export function readCompressedImage(source: ByteSource, entryOrImage: HduEntry | CompressedImage, options: CompressedReadOptions = {}): Promise<ImageData> {
  const img = "grid" in entryOrImage ? entryOrImage : openCompressedImage(entryOrImage);
  return readCompressedSection(source, img, { start0: img.info.axes.map(() => 0), end0: img.info.axes.slice() }, options);
}
