/**
 * A page cache for one file's bytes, in process memory, shared by every `ByteSource` opened on that
 * file: the in-process analogue of the OS page cache that astropy's memmap path relies on. Repeated
 * section reads of a hot file are then served by copying from cached pages (a synchronous
 * `readIntoSync`, no system call, no promise per row) instead of one positioned read per row group.
 * Pure: it never opens anything; the edge that opens files keeps one `BlockCache` per file identity
 * (path, size, mtime — a changed file must get a new cache) and wraps each opened source with
 * `cachedSource`. A cold cache reads whole aligned pages through the inner source (missing pages
 * next to each other in one read), so it reads up to one page more per row than the bare source.
 * The same per-file state can hold the file's parsed HDU index (`cachedHduIndex`), and
 * `lazyCachedSource` opens the file only when a read misses the cache.
 */
import type { ByteSource } from "./byte-source.js";
import { type HduIndex, type ReadIndexOptions, readHduIndex } from "./reader.js";

/** Sizes of a BlockCache. */
export interface BlockCacheOptions {
  /** Page size in bytes (default 16 KiB; a power of two ≥ 512). */
  readonly pageBytes?: number;
  /** Most bytes kept (default 64 MiB); older pages are evicted (CLOCK, an LRU approximation). */
  readonly maxBytes?: number;
}

/** The cached pages of one file (indexed by page number = offset / pageBytes). */
export class BlockCache {
  readonly pageBytes: number;
  readonly maxPages: number;
  private readonly slotOf = new Map<number, number>();
  private readonly pages: Uint8Array[] = [];
  private readonly pageNo: number[] = [];
  private readonly used: Uint8Array;
  private hand = 0;
  /** Counters for tests and benchmarks. */
  hits = 0;
  misses = 0;

  constructor(options: BlockCacheOptions = {}) {
    const pageBytes = options.pageBytes ?? 16 * 1024;
    if (!Number.isInteger(Math.log2(pageBytes)) || pageBytes < 512) throw new RangeError(`pageBytes ${pageBytes} is not a power of two ≥ 512`);
    this.pageBytes = pageBytes;
    this.maxPages = Math.max(1, Math.floor((options.maxBytes ?? 64 * 1024 * 1024) / pageBytes));
    this.used = new Uint8Array(this.maxPages);
  }

  /** The cached page `n`, or undefined (marks it recently used). */
  page(n: number): Uint8Array | undefined {
    const s = this.slotOf.get(n);
    if (s === undefined) return undefined;
    this.used[s] = 1;
    return this.pages[s];
  }

  /** Stores page `n` (full page, or shorter at the end of the file). */
  put(n: number, bytes: Uint8Array): void {
    const old = this.slotOf.get(n);
    if (old !== undefined) {
      this.pages[old] = bytes;
      this.used[old] = 1;
      return;
    }
    let s: number;
    if (this.pages.length < this.maxPages) {
      s = this.pages.length;
      this.pages.push(bytes);
      this.pageNo.push(n);
    } else {
      // CLOCK: skip (and clear) recently used slots, evict the first one not used since.
      while (this.used[this.hand] === 1) {
        this.used[this.hand] = 0;
        this.hand = (this.hand + 1) % this.maxPages;
      }
      s = this.hand;
      this.hand = (this.hand + 1) % this.maxPages;
      this.slotOf.delete(this.pageNo[s]!);
      this.pages[s] = bytes;
      this.pageNo[s] = n;
    }
    this.slotOf.set(n, s);
    this.used[s] = 1;
  }

  /**
   * Copies `[offset, offset + length)` into `dst` at `dstOffset` when every page is cached and
   * returns true; returns false as soon as one page is missing (dst may then be partly written).
   */
  copyInto(offset: number, length: number, dst: Uint8Array, dstOffset: number): boolean {
    const pb = this.pageBytes;
    let at = offset;
    let o = dstOffset;
    const end = offset + length;
    while (at < end) {
      const n = Math.floor(at / pb);
      const p = this.page(n);
      if (p === undefined) {
        this.misses++;
        return false;
      }
      const inPage = at - n * pb;
      const take = Math.min(end - at, p.length - inPage);
      if (take <= 0) return false; // beyond a short last page: the caller's read reports it
      if (take < 64) for (let i = 0; i < take; i++) dst[o + i] = p[inPage + i]!;
      else dst.set(p.subarray(inPage, inPage + take), o);
      at += take;
      o += take;
    }
    this.hits++;
    return true;
  }
}

/**
 * Wraps a source (one open of a file) with the file's BlockCache: `read` serves cached pages and
 * fetches missing ones through `inner` (adjacent missing pages in one read), `readIntoSync` copies
 * cached bytes without a promise. The result's bytes are always a fresh copy the caller may modify.
 */
export function cachedSource(inner: ByteSource, cache: BlockCache): ByteSource {
  const pb = cache.pageBytes;
  const size = inner.size;
  const fetch = async (first: number, last: number): Promise<void> => {
    let start = first;
    while (start <= last) {
      if (cache.page(start) !== undefined) {
        start++;
        continue;
      }
      let end = start;
      while (end < last && cache.page(end + 1) === undefined) end++;
      const bytes = await inner.read(start * pb, (end - start + 1) * pb);
      for (let n = start; n <= end; n++) {
        const from = (n - start) * pb;
        if (from >= bytes.length) break;
        // Own copy per page, so the inner source's buffer can be collected.
        cache.put(n, bytes.slice(from, Math.min(bytes.length, from + pb)));
      }
      start = end + 1;
    }
  };
  return {
    ...(size === undefined ? {} : { size }),
    mergeGapBytes: pb,
    readIntoSync: (offset, length, dst, dstOffset) => cache.copyInto(offset, length, dst, dstOffset),
    async read(offset: number, length: number): Promise<Uint8Array> {
      const n = Math.max(0, size === undefined ? length : Math.min(length, size - offset));
      const out = new Uint8Array(n);
      if (n === 0 || cache.copyInto(offset, n, out, 0)) return out;
      await fetch(Math.floor(offset / pb), Math.floor((offset + n - 1) / pb));
      if (cache.copyInto(offset, n, out, 0)) return out;
      // Short source (size unknown, or pages evicted meanwhile): read through.
      return inner.read(offset, length);
    },
  };
}

/** The HDU indexes read through `cachedHduIndex`, per cache and per set of index options. */
const indexes = new WeakMap<BlockCache, Array<{ readonly options: ReadIndexOptions; readonly index: Promise<HduIndex> }>>();

function sameIndexOptions(a: ReadIndexOptions, b: ReadIndexOptions): boolean {
  return a.maxHdus === b.maxHdus && a.maxHeaderBytes === b.maxHeaderBytes && a.compression === b.compression;
}

/**
 * The HDU index of the file `cache` belongs to, read once through `source` (`readHduIndex`) and then
 * kept with the cache: as sound as the cache itself, since a BlockCache stands for one file identity
 * (path, size, mtime). Entries are immutable and shared by every caller. Options must match for a
 * kept index to be reused (the compression hooks by identity); a failed read is not kept.
 */
export function cachedHduIndex(source: ByteSource, cache: BlockCache, options: ReadIndexOptions = {}): Promise<HduIndex> {
  let list = indexes.get(cache);
  if (list === undefined) {
    list = [];
    indexes.set(cache, list);
  }
  const kept = list.find((k) => sameIndexOptions(k.options, options));
  if (kept !== undefined) return kept.index;
  const index = readHduIndex(source, options);
  const entry = { options: { ...options }, index };
  list.push(entry);
  index.catch(() => {
    const l = indexes.get(cache);
    const i = l?.indexOf(entry) ?? -1;
    if (i >= 0) l!.splice(i, 1);
  });
  return index;
}

/** A source that can be closed (what the edge's file opener returns). */
export interface ClosableByteSource extends ByteSource {
  close(): Promise<void> | void;
}

/**
 * A cached source for one file identity that opens the file (`open`) only when a read misses the
 * cache: a server that found the file unchanged (its stat gave the size and mtime the cache is
 * keyed by) answers from warm pages without an open, a stat of the handle and a close. `open`
 * should fail when the file it opens is no longer that identity (e.g. compare size and mtime on the
 * handle), so pages of two versions never mix. `close()` closes the file when it was opened.
 */
export function lazyCachedSource(size: number, cache: BlockCache, open: () => Promise<ClosableByteSource>): ByteSource & { readonly size: number; close(): Promise<void> } {
  let opened: Promise<ClosableByteSource> | undefined;
  const inner: ByteSource = {
    size,
    async read(offset, length) {
      if (opened === undefined) opened = open();
      return (await opened).read(offset, length);
    },
  };
  const src = cachedSource(inner, cache);
  return {
    size,
    mergeGapBytes: cache.pageBytes,
    read: src.read,
    readIntoSync: src.readIntoSync!,
    async close(): Promise<void> {
      if (opened === undefined) return;
      const f = await opened.catch(() => undefined); // a failed open was reported by the read
      opened = undefined;
      await f?.close();
    },
  };
}
