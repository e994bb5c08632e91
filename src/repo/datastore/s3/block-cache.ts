/**
 * A small per-file block cache for range reads over the network. FITS readers ask for many small
 * pieces (2880-byte header blocks, one image row at a time for cut-outs); against S3 each would be
 * a round trip. Reads shorter than a block are served from aligned blocks fetched whole and kept
 * (least recently used out) while the file is open; longer reads go straight through.
 */
import type { StoredFile } from "../datastore.js";

/** Fetches exactly `length` bytes at `offset` (the caller keeps both inside the file). */
export type RangeFetch = (offset: number, length: number) => Promise<Uint8Array>;

export interface BlockCacheOptions {
  /** Block size, bytes; 0 turns caching off. */
  readonly blockBytes: number;
  /** Blocks kept per open file. */
  readonly maxBlocks: number;
}

/**
 * A StoredFile of `size` bytes over `fetchRange`. `read(offset, length)` is short only at the end
 * of the file; a rejected block fetch is not cached, so a retry fetches again.
 */
export function blockCachedFile(size: number, fetchRange: RangeFetch, o: BlockCacheOptions): StoredFile {
  const blocks = new Map<number, Promise<Uint8Array>>();
  const B = o.blockBytes;
  const block = (i: number): Promise<Uint8Array> => {
    const hit = blocks.get(i);
    if (hit) {
      blocks.delete(i); // re-insert: Map order is recency order
      blocks.set(i, hit);
      return hit;
    }
    const p = fetchRange(i * B, Math.min(B, size - i * B));
    p.catch(() => blocks.get(i) === p && blocks.delete(i));
    blocks.set(i, p);
    while (blocks.size > o.maxBlocks) blocks.delete(blocks.keys().next().value as number);
    return p;
  };
  return {
    size,
    async read(offset: number, length: number): Promise<Uint8Array> {
      if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0) throw new RangeError(`bad read(${offset}, ${length})`);
      const n = Math.max(0, Math.min(length, size - offset));
      if (n === 0) return new Uint8Array(0);
      if (B === 0 || n >= B) return fetchRange(offset, n);
      const first = Math.floor(offset / B);
      const last = Math.floor((offset + n - 1) / B);
      if (last - first + 1 > o.maxBlocks) return fetchRange(offset, n);
      const parts = await Promise.all(Array.from({ length: last - first + 1 }, (_, k) => block(first + k)));
      // A copy: callers may write into what they get, and the block stays cached.
      if (parts.length === 1) return (parts[0] as Uint8Array).slice(offset - first * B, offset - first * B + n);
      const out = new Uint8Array(n);
      let filled = 0;
      parts.forEach((p, k) => {
        const from = k === 0 ? offset - first * B : 0;
        const piece = p.subarray(from, Math.min(p.length, from + n - filled));
        out.set(piece, filled);
        filled += piece.length;
      });
      return out;
    },
    async close(): Promise<void> {
      blocks.clear();
    },
  };
}
