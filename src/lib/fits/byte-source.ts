/**
 * The abstract random-access byte source every FITS reader takes (STYLE.md §2 "stream, don't
 * slurp"): local files, S3 ranges and in-memory buffers all implement `read(offset, length)`.
 * The file implementation lives at the edge (src/cli/byte-source.ts); this module only adds an
 * in-memory one and a checked read helper.
 */
import { FitsFormatError } from "./errors.js";

/** Random-access bytes. Offsets and lengths are byte counts from the start of the file. */
export interface ByteSource {
  /** Total size in bytes when known; readers use it to bound allocations and detect truncation. */
  readonly size?: number;
  /** Reads `length` bytes from `offset`; may return fewer only at the end of the source. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /**
   * Optional fast path for bytes at hand without waiting (an in-memory or cached source, or a local
   * file read with a synchronous pread from the page cache): copies
   * `[offset, offset + length)` into `dst` at `dstOffset` and returns true, or returns false when
   * the bytes are not at hand (dst may then be partly written; the caller falls back to `read`).
   */
  readIntoSync?(offset: number, length: number, dst: Uint8Array, dstOffset: number): boolean;
  /**
   * Optional hint: readers merging nearby ranges into one read should merge gaps up to this many
   * bytes (a page cache: its page size; a remote object store: something large). Absent: the
   * reader's own default.
   */
  readonly mergeGapBytes?: number;
}

/** A ByteSource over bytes already in memory (tests, gunzipped files, small uploads). */
export function bufferSource(bytes: Uint8Array): ByteSource & { readonly size: number } {
  return {
    size: bytes.length,
    read(offset: number, length: number): Promise<Uint8Array> {
      const start = Math.max(0, Math.min(offset, bytes.length));
      const end = Math.max(start, Math.min(offset + length, bytes.length));
      return Promise.resolve(bytes.subarray(start, end));
    },
    readIntoSync(offset: number, length: number, dst: Uint8Array, dstOffset: number): boolean {
      if (offset < 0 || offset + length > bytes.length) return false;
      dst.set(bytes.subarray(offset, offset + length), dstOffset);
      return true;
    },
  };
}

/** Reads exactly `length` bytes or throws FitsFormatError("TRUNCATED"). */
export async function readExact(
  source: ByteSource,
  offset: number,
  length: number,
  hduIndex?: number,
): Promise<Uint8Array> {
  if (length === 0) return new Uint8Array(0);
  const bytes = await source.read(offset, length);
  if (bytes.length < length) {
    throw new FitsFormatError(
      "TRUNCATED",
      `file truncated: wanted ${length} bytes at offset ${offset}, got ${bytes.length}`,
      { byteOffset: offset + bytes.length, hduIndex },
    );
  }
  return bytes.length === length ? bytes : bytes.subarray(0, length);
}
