/**
 * Big-endian array decoding and encoding for the six BITPIX types (FITS 4.0 standard §4.4.1.1,
 * §5.2–5.3: two's-complement integers and IEEE-754 floats, most significant byte first). Decoding
 * copies with a byte swap into a fresh buffer so the typed array views are aligned.
 */
import { FitsFormatError } from "../errors.js";
import { simdSwapper } from "./swap-simd.js";

/** Raw (stored) values of an array, one typed array per BITPIX. */
export type RawArray = Uint8Array | Int16Array | Int32Array | BigInt64Array | Float32Array | Float64Array;

/** Bytes per element for a BITPIX. */
export function bytesPerElement(bitpix: number): number {
  return Math.abs(bitpix) / 8;
}

/** Below this many bytes the scalar loop beats copying through the WebAssembly memory. */
const SIMD_MIN_BYTES = 512;

/** Byte-reverses every `size`-byte element of `b` in place; `b.byteOffset` must be aligned. */
function swapInPlace(b: Uint8Array, size: number): void {
  const n = b.length;
  if (n >= SIMD_MIN_BYTES && (size === 2 || size === 4 || size === 8)) {
    const simd = simdSwapper();
    if (simd !== undefined) {
      simd(b, size);
      return;
    }
  }
  if (size === 2) {
    const w = new Uint16Array(b.buffer, b.byteOffset, n / 2);
    for (let i = 0; i < w.length; i++) {
      const x = w[i]!;
      w[i] = ((x & 0xff) << 8) | (x >>> 8);
    }
    return;
  }
  // Int32 (not Uint32) words keep the values small integers for the JIT; rotate-and-mask swap.
  const w = new Int32Array(b.buffer, b.byteOffset, n / 4);
  for (let i = 0; i < w.length; i++) {
    const x = w[i]!;
    w[i] = (((x << 8) | (x >>> 24)) & 0x00ff00ff) | (((x >>> 8) | (x << 24)) & 0xff00ff00);
  }
  if (size === 8) {
    for (let i = 0; i < w.length; i += 2) {
      const t = w[i]!;
      w[i] = w[i + 1]!;
      w[i + 1] = t;
    }
  }
}

/** Reverses each `size`-byte group of `src` into `dst` (big-endian ⇄ little-endian). */
export function swapInto(src: Uint8Array, dst: Uint8Array, size: number): void {
  if (dst !== src) dst.set(src);
  if (size === 1) return;
  if (dst.byteOffset % size === 0 && dst.length % size === 0) {
    swapInPlace(dst, size);
    return;
  }
  const n = src.length;
  if (dst === src) throw new RangeError("unaligned in-place swap");
  for (let i = 0; i < n; i += size) for (let j = 0; j < size; j++) dst[i + j] = src[i + size - 1 - j]!;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes big-endian bytes (length a multiple of the element size) into raw values. With
 * `inPlace` the bytes are swapped where they are (they must be aligned and owned by the caller);
 * otherwise they are copied first.
 */
export function decodeRaw(bitpix: number, be: Uint8Array, inPlace = false): RawArray {
  const size = bytesPerElement(bitpix);
  if (be.length % size !== 0) throw new FitsFormatError("BAD_STRUCTURE", `byte length ${be.length} is not a multiple of ${size}`);
  const own = inPlace && be.byteOffset % size === 0;
  const buf = own ? be : new Uint8Array(be.length);
  if (LITTLE_ENDIAN) swapInto(be, buf, size);
  else if (!own) buf.set(be);
  const n = be.length / size;
  const off = buf.byteOffset;
  switch (bitpix) {
    case 8: return buf;
    case 16: return new Int16Array(buf.buffer, off, n);
    case 32: return new Int32Array(buf.buffer, off, n);
    case 64: return new BigInt64Array(buf.buffer, off, n);
    case -32: return new Float32Array(buf.buffer, off, n);
    case -64: return new Float64Array(buf.buffer, off, n);
    default: throw new FitsFormatError("BAD_KEYWORD_VALUE", `BITPIX = ${bitpix} is not allowed`);
  }
}

/** Typed-array view of bytes already in host order (length a multiple of the element size). */
export function rawView(bitpix: number, native: Uint8Array): RawArray {
  const n = native.length / bytesPerElement(bitpix);
  const b = native.buffer;
  const off = native.byteOffset;
  switch (bitpix) {
    case 8: return native;
    case 16: return new Int16Array(b, off, n);
    case 32: return new Int32Array(b, off, n);
    case 64: return new BigInt64Array(b, off, n);
    case -32: return new Float32Array(b, off, n);
    case -64: return new Float64Array(b, off, n);
    default: throw new FitsFormatError("BAD_KEYWORD_VALUE", `BITPIX = ${bitpix} is not allowed`);
  }
}

/** True on little-endian hosts (FITS data must then be byte-swapped). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Encodes raw values as big-endian bytes. */
export function encodeRaw(values: RawArray): Uint8Array {
  const size = values.BYTES_PER_ELEMENT;
  const src = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const out = new Uint8Array(values.byteLength);
  if (LITTLE_ENDIAN) swapInto(src, out, size);
  else out.set(src);
  return out;
}

/** The BITPIX of a raw typed array. */
export function bitpixOf(values: RawArray): number {
  if (values instanceof Uint8Array) return 8;
  if (values instanceof Int16Array) return 16;
  if (values instanceof Int32Array) return 32;
  if (values instanceof BigInt64Array) return 64;
  if (values instanceof Float32Array) return -32;
  return -64;
}

/** An empty raw array of `n` elements for a BITPIX. */
export function allocRaw(bitpix: number, n: number): RawArray {
  switch (bitpix) {
    case 8: return new Uint8Array(n);
    case 16: return new Int16Array(n);
    case 32: return new Int32Array(n);
    case 64: return new BigInt64Array(n);
    case -32: return new Float32Array(n);
    default: return new Float64Array(n);
  }
}
