/**
 * GZIP_1 and GZIP_2 tile coding (FITS 4.0 standard §10.4.2 and §10.4.3): a tile's big-endian
 * pixel bytes are compressed with gzip (RFC 1952); GZIP_2 first shuffles the bytes so that all
 * most-significant bytes come first, then all second bytes, and so on, which groups the slowly
 * varying high bytes and usually compresses better. Inflate/deflate is node:zlib.
 */
import { gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { FitsCompressionError } from "./errors.js";

/**
 * Inflates a gzip (or zlib) stream, refusing output beyond `maxBytes` (the tile's known size), so
 * a hostile stream cannot allocate more than the caller expects. Throws FitsCompressionError.
 */
export function gunzipTile(input: Uint8Array, maxBytes: number, codec = "GZIP_1"): Uint8Array {
  try {
    const opts = { maxOutputLength: Math.max(1, maxBytes) };
    const out = input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input, opts) : inflateSync(input, opts);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (e) {
    throw new FitsCompressionError("BAD_STRUCTURE", `${codec}: cannot inflate tile (${e instanceof Error ? e.message : String(e)})`, { codec, cause: e });
  }
}

/** Gzips bytes (RFC 1952), as GZIP_1 and GZIP_2 tiles store them. */
export function gzipTile(input: Uint8Array, level = 6): Uint8Array {
  const out = gzipSync(input, { level });
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}

/**
 * GZIP_2 byte shuffle: from n big-endian `size`-byte values v[0..n) to byte planes, plane k
 * holding byte k (0 = most significant) of every value.
 */
export function shuffleBytes(be: Uint8Array, size: number): Uint8Array {
  if (size === 1) return be;
  const n = Math.floor(be.length / size);
  const out = new Uint8Array(be.length);
  for (let k = 0; k < size; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) out[base + i] = be[i * size + k]!;
  }
  return out;
}

/** Inverse of shuffleBytes: byte planes back to big-endian values. */
export function unshuffleBytes(planes: Uint8Array, size: number): Uint8Array {
  if (size === 1) return planes;
  const n = Math.floor(planes.length / size);
  const out = new Uint8Array(planes.length);
  for (let k = 0; k < size; k++) {
    const base = k * n;
    for (let i = 0; i < n; i++) out[i * size + k] = planes[base + i]!;
  }
  return out;
}
