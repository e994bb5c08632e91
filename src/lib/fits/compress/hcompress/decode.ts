/**
 * HCOMPRESS_1 tile decoding (FITS 4.0 standard §10.4.5; White 1992, "High-performance
 * compression of astronomical images", and White & Percival 1994). Stream layout: magic bytes
 * 0xDD 0x99; nx, ny, SCALE as big-endian 32-bit integers (nx rows of ny values, ny varying
 * fastest); the total sum as a 64-bit integer (coefficient 0); three bytes giving the bit planes
 * of the quadrants (low-low; the two mixed ones; high-high); the quadtree-coded magnitudes of the
 * four quadrants (qtree.ts); a zero nybble; then, from the next byte, one sign bit per non-zero
 * coefficient in raster order. Coefficients are multiplied by SCALE (when > 1) and the inverse
 * H-transform (hinv.ts) gives the pixels.
 */
import { badStream, FitsCompressionError } from "../errors.js";
import { BitInput } from "./bits.js";
import { inverseHTransform } from "./hinv.js";
import { decodeQuadrant } from "./qtree.js";

/** Stream magic (§10.4.5). */
const MAGIC = [0xdd, 0x99] as const;
/** Header bytes before the bit stream: magic, nx, ny, scale, sum, 3 plane counts. */
const HEADER_BYTES = 2 + 4 + 4 + 4 + 8 + 3;
/** Most bit planes we accept: magnitudes must stay exact in a double. */
const MAX_PLANES = 52;

/**
 * Decodes an HCOMPRESS_1 tile of `width` (ZTILE1, fastest) × `height` pixels into integers.
 * Throws FitsCompressionError for a malformed stream, a size that disagrees with the tile, or
 * SMOOTH ≠ 0 (smoothing is not implemented).
 */
export function hcompressDecode(bytes: Uint8Array, width: number, height: number, smooth: number): Int32Array {
  if (smooth !== 0) throw new FitsCompressionError("UNSUPPORTED", "HCOMPRESS_1 with SMOOTH != 0 is not supported", { codec: "HCOMPRESS_1" });
  if (bytes.length < HEADER_BYTES || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1]) throw badStream("HCOMPRESS_1", "bad magic or short header");
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const nx = dv.getInt32(2);
  const ny = dv.getInt32(6);
  const scale = dv.getInt32(10);
  const sum = Number(dv.getBigInt64(14));
  const planes = [bytes[22]!, bytes[23]!, bytes[24]!];
  // nx counts rows (the slow axis), ny values per row.
  if (nx !== height || ny !== width) throw badStream("HCOMPRESS_1", `stream is ${ny}×${nx}, tile is ${width}×${height}`);
  if (planes.some((p) => p > MAX_PLANES)) throw badStream("HCOMPRESS_1", "too many bit planes");
  const a = new Float64Array(nx * ny);
  const input = new BitInput(bytes, HEADER_BYTES);
  const nx2 = (nx + 1) >> 1;
  const ny2 = (ny + 1) >> 1;
  decodeQuadrant(input, a, 0, ny, nx2, ny2, planes[0]!);
  decodeQuadrant(input, a, ny2, ny, nx2, ny >> 1, planes[1]!);
  decodeQuadrant(input, a, ny * nx2, ny, nx >> 1, ny2, planes[1]!);
  decodeQuadrant(input, a, ny * nx2 + ny2, ny, nx >> 1, ny >> 1, planes[2]!);
  if (input.nybble() !== 0) throw badStream("HCOMPRESS_1", "missing end-of-planes code");
  input.alignToByte();
  for (let i = 0; i < a.length; i++) if (a[i] !== 0 && input.bit() === 1) a[i] = -a[i]!;
  a[0] = sum;
  if (scale > 1) for (let i = 0; i < a.length; i++) a[i] = a[i]! * scale;
  inverseHTransform(a, nx, ny);
  const out = new Int32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]!;
  return out;
}
