/**
 * Tile geometry of a tile-compressed image (FITS 4.0 standard §10.1: the image is divided into
 * ZTILEn-sized tiles, the last tile along an axis possibly smaller; tiles are stored one per table
 * row in FITS order, the first axis varying fastest). Boxes are 0-based, start inclusive and end
 * exclusive, FITS axis order (index 0 = NAXIS1), like section.ts of the core library.
 */
import type { SectionBox0 } from "../section.js";
import { FitsCompressionError } from "./errors.js";

/** The tiling of an image. */
export interface TileGrid {
  /** Image axis lengths, FITS order. */
  readonly axes: readonly number[];
  /** Nominal tile lengths, FITS order. */
  readonly tile: readonly number[];
  /** Tiles along each axis: ceil(axes[i] / tile[i]). */
  readonly counts: readonly number[];
  /** Total number of tiles (= table rows). */
  readonly total: number;
}

/** Builds the tile grid; throws FitsCompressionError for inconsistent lengths. */
export function tileGrid(axes: readonly number[], tile: readonly number[]): TileGrid {
  if (axes.length !== tile.length) throw new FitsCompressionError("BAD_STRUCTURE", "ZTILEn and ZNAXISn disagree in number");
  const counts = axes.map((n, i) => (n === 0 ? 0 : Math.ceil(n / tile[i]!)));
  let total = counts.length === 0 ? 0 : 1;
  for (const c of counts) total *= c;
  if (!Number.isSafeInteger(total)) throw new FitsCompressionError("TOO_LARGE", "too many tiles");
  return { axes, tile, counts, total };
}

/** The box covered by tile `index0` (0-based table row). */
export function tileBox(grid: TileGrid, index0: number): SectionBox0 {
  const start0: number[] = [];
  const end0: number[] = [];
  let rest = index0;
  for (let i = 0; i < grid.axes.length; i++) {
    const c = grid.counts[i]!;
    const k = rest % c;
    rest = Math.floor(rest / c);
    const s = k * grid.tile[i]!;
    start0.push(s);
    end0.push(Math.min(grid.axes[i]!, s + grid.tile[i]!));
  }
  return { start0, end0 };
}

/** Pixel count of a box. */
export function boxSize(box: SectionBox0): number {
  let n = 1;
  for (let i = 0; i < box.start0.length; i++) n *= box.end0[i]! - box.start0[i]!;
  return n;
}

/** The 0-based indices (ascending) of the tiles a box overlaps. */
export function tilesInBox(grid: TileGrid, box: SectionBox0): number[] {
  const nd = grid.axes.length;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < nd; i++) {
    const s = box.start0[i]!;
    const e = box.end0[i]!;
    if (e <= s) return [];
    lo.push(Math.floor(s / grid.tile[i]!));
    hi.push(Math.floor((e - 1) / grid.tile[i]!));
  }
  const out: number[] = [];
  const idx = lo.slice();
  for (;;) {
    let t = 0;
    for (let i = nd - 1; i >= 0; i--) t = t * grid.counts[i]! + idx[i]!;
    out.push(t);
    let i = 0;
    while (i < nd && idx[i] === hi[i]) {
      idx[i] = lo[i]!;
      i++;
    }
    if (i === nd) break;
    idx[i]!++;
  }
  return out.sort((a, b) => a - b);
}

/**
 * Copies the part of a decoded tile (`src`, laid out over `tile`) that falls inside `box` into
 * `dst` (laid out over `box`). Both arrays are row-major with axis 0 fastest.
 */
export function copyTileIntoBox<T extends { set(a: ArrayLike<number | bigint>, o: number): void; subarray(s: number, e: number): T }>(
  src: T,
  tile: SectionBox0,
  dst: T,
  box: SectionBox0,
): void {
  const nd = box.start0.length;
  const lo: number[] = [];
  const hi: number[] = [];
  for (let i = 0; i < nd; i++) {
    lo.push(Math.max(tile.start0[i]!, box.start0[i]!));
    hi.push(Math.min(tile.end0[i]!, box.end0[i]!));
    if (hi[i]! <= lo[i]!) return;
  }
  const tLen = tile.start0.map((s, i) => tile.end0[i]! - s);
  const bLen = box.start0.map((s, i) => box.end0[i]! - s);
  const run = hi[0]! - lo[0]!;
  const idx = lo.slice();
  for (;;) {
    let so = 0;
    let doff = 0;
    for (let i = nd - 1; i >= 0; i--) {
      so = so * tLen[i]! + (idx[i]! - tile.start0[i]!);
      doff = doff * bLen[i]! + (idx[i]! - box.start0[i]!);
    }
    dst.set(src.subarray(so, so + run) as unknown as ArrayLike<number | bigint>, doff);
    let i = 1;
    while (i < nd && idx[i] === hi[i]! - 1) {
      idx[i] = lo[i]!;
      i++;
    }
    if (i >= nd) break;
    idx[i]!++;
  }
}
