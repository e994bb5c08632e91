/**
 * Rice coding of integer tiles, the RICE_1 algorithm of the tiled image compression convention
 * (FITS 4.0 standard §10.4.1; Rice, Yeh & Miller 1993; White, Greenfield, Pence et al. 2013 for
 * the tiled variant). A tile is coded as its first pixel in full width, then blocks of BLOCKSIZE
 * pixel differences: each block starts with an FS code (3/4/5 bits for BYTEPIX 1/2/4) that selects
 * "all differences zero" (code 0), raw differences (code FSMAX + 1), or a Rice code with FS low
 * bits (code FS + 1): the zig-zag mapped difference d is written as d >> FS in unary (zeros ended
 * by a one) followed by its FS low bits, most significant bit first.
 *
 * Arithmetic is modulo 2^(8·BYTEPIX), so every 32-bit wrap-around difference decodes exactly.
 */
import { badStream, FitsCompressionError } from "./errors.js";

/** The bytes per pixel Rice coding supports (ZNAME/ZVAL "BYTEPIX"). */
export type RiceBytePix = 1 | 2 | 4;

/** Default BLOCKSIZE (§10.4.1). */
export const RICE_DEFAULT_BLOCKSIZE = 32;

interface RiceParams {
  /** Bits of the FS code. */
  readonly fsBits: number;
  /** FS value meaning "raw differences follow". */
  readonly fsMax: number;
  /** Bits of a raw value (8·BYTEPIX). */
  readonly bBits: number;
}

const PARAMS: Readonly<Record<RiceBytePix, RiceParams>> = {
  1: { fsBits: 3, fsMax: 6, bBits: 8 },
  2: { fsBits: 4, fsMax: 14, bBits: 16 },
  4: { fsBits: 5, fsMax: 25, bBits: 32 },
};

function checkArgs(blockSize: number, bytePix: number): RiceParams {
  const p = PARAMS[bytePix as RiceBytePix];
  if (p === undefined) throw new FitsCompressionError("UNSUPPORTED", `RICE_1: BYTEPIX = ${bytePix} (1, 2 or 4 allowed)`, { codec: "RICE_1" });
  if (!Number.isInteger(blockSize) || blockSize < 1 || blockSize > 1 << 16) {
    throw new FitsCompressionError("BAD_KEYWORD_VALUE", `RICE_1: BLOCKSIZE = ${blockSize}`, { codec: "RICE_1" });
  }
  return p;
}

/**
 * Zero padding after a copied stream, so 32-bit window reads never leave the buffer: the end is
 * checked once per block, and one block advances at most 64 bits per pixel (a fast-path unary
 * run ≤ 31 bits + stop bit + FS ≤ 24 bits, or a raw 32-bit value), plus one window.
 */
function padFor(blockSize: number): number {
  return blockSize * 8 + 16;
}
let scratch = new Uint8Array(1 << 16);
let scratchView = new DataView(scratch.buffer);

/**
 * Decodes a RICE_1 tile into `out` (its length is the tile's pixel count). Values come back as
 * stored: signed for BYTEPIX 2 and 4, unsigned 0…255 for BYTEPIX 1.
 * Throws FitsCompressionError when the stream ends early or is malformed.
 *
 * Performance: the stream is copied into a zero-padded scratch buffer so that every read is a
 * branch-free 32-bit big-endian window (one DataView load) at a bit position; a pixel usually costs one window, one
 * clz32 for its unary part and two shifts, with no allocation.
 */
export function riceDecode(input: Uint8Array, out: Int32Array, blockSize: number, bytePix: RiceBytePix): void {
  const { fsBits, fsMax, bBits } = checkArgs(blockSize, bytePix);
  const n = out.length;
  if (n === 0) return;
  const len = input.length;
  if (len < bBits / 8) throw badStream("RICE_1", "stream shorter than its first pixel");
  const pad = padFor(blockSize);
  if (scratch.length < len + pad) {
    scratch = new Uint8Array(Math.max(len + pad, scratch.length * 2));
    scratchView = new DataView(scratch.buffer);
  }
  const c = scratch;
  const view = scratchView;
  c.set(input);
  c.fill(0, len, len + pad);
  const endBit = len * 8;
  // The first pixel, in full width, big-endian.
  let last = 0;
  for (let k = 0; k < bBits / 8; k++) last = (last << 8) | c[k]!;
  let bp = bBits; // bit position of the next unread bit
  let i = 0;
  while (i < n) {
    const iEnd = i + blockSize < n ? i + blockSize : n;
    let byte = bp >>> 3;
    let w = view.getInt32(byte) << (bp & 7);
    const fs = (w >>> (32 - fsBits)) - 1;
    bp += fsBits;
    if (fs < 0) {
      // Low-entropy block: every difference is zero.
      out.fill(last, i, iEnd);
      i = iEnd;
    } else if (fs === fsMax) {
      // High-entropy block: raw differences of bBits bits.
      for (; i < iEnd; i++) {
        byte = bp >>> 3;
        const sh = bp & 7;
        w = view.getInt32(byte) << sh;
        let diff = w >>> (32 - bBits);
        if (sh !== 0 && bBits === 32) diff = (w | (c[byte + 4]! >>> (8 - sh))) >>> 0;
        bp += bBits;
        last = (last + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[i] = last;
      }
    } else if (fs > fsMax) {
      throw badStream("RICE_1", `FS code ${fs + 1} out of range`);
    } else {
      for (; i < iEnd; i++) {
        byte = bp >>> 3;
        const valid = 32 - (bp & 7);
        w = view.getInt32(byte) << (bp & 7);
        let nzero: number;
        if (w !== 0) nzero = Math.clz32(w);
        else {
          // A long unary run: count whole zero bytes, then the rest.
          nzero = valid;
          let p = byte + 4;
          while (p < len && c[p] === 0) {
            nzero += 8;
            p++;
          }
          if (p >= len) throw badStream("RICE_1", "stream ends inside a unary code");
          nzero += Math.clz32(c[p]!) - 24;
        }
        let v = 0;
        if (fs > 0) {
          if (nzero + 1 + fs <= valid) v = (w << (nzero + 1)) >>> (32 - fs);
          else {
            const q = bp + nzero + 1;
            const b2 = q >>> 3;
            v = (view.getInt32(b2) << (q & 7)) >>> (32 - fs);
          }
        }
        bp += nzero + 1 + fs;
        const diff = (nzero << fs) | v;
        last = (last + ((diff >>> 1) ^ -(diff & 1))) | 0;
        out[i] = last;
      }
    }
    if (bp > endBit) throw badStream("RICE_1", "stream ends early");
  }
  if (bytePix === 2) for (let k = 0; k < n; k++) out[k] = (out[k]! << 16) >> 16;
  else if (bytePix === 1) for (let k = 0; k < n; k++) out[k] = out[k]! & 0xff;
}

/** Bytes of encoder scratch kept between calls; a larger one (a huge tile) is dropped after use. */
const ENCODE_SCRATCH_KEEP = 1 << 22;
/** Longest single write of the encoder's bit writer: pending bits (≤ 7) + this fit 32. */
const MAX_PUT = 25;
let encBuf = new Uint8Array(1 << 16);
let encView = new DataView(encBuf.buffer);
let encDiffs = new Int32Array(RICE_DEFAULT_BLOCKSIZE);

/**
 * Encodes integers (each already within the BYTEPIX range: signed for 2 and 4, 0…255 for 1) as a
 * RICE_1 tile. Each block takes the low-entropy code when all its differences are zero, else the
 * FS fpack derives from the block mean (raw differences when that FS reaches FSMAX). Returns a
 * fresh array the caller owns.
 *
 * Performance: the bit writer lives in local variables: `acc` ends with the `nb` (< 8) bits not
 * yet in a whole byte (bits above them are ignored). A write of `len` ≤ 25 bits shifts them in,
 * stores the 32-bit big-endian window ending at the last written bit at byte `o` (one DataView
 * store; it rewrites the partial byte and leaves zeros after it for the next window to cover),
 * then advances `o` by the whole bytes: no branch and no per-byte loop. A Rice-coded pixel is one
 * such write. Output goes into a module scratch buffer reused across tiles, whose capacity is
 * checked once per block against that block's exact bit bound; the only per-call allocation is
 * the exact-size result.
 */
export function riceEncode(values: Int32Array, blockSize: number, bytePix: RiceBytePix): Uint8Array {
  const { fsBits, fsMax, bBits } = checkArgs(blockSize, bytePix);
  const n = values.length;
  if (n === 0) return new Uint8Array(0);
  if (encDiffs.length < blockSize) encDiffs = new Int32Array(blockSize);
  const diffs = encDiffs;
  let buf = encBuf;
  let view = encView;
  const shift = 32 - bBits;
  const half = bBits >>> 1; // raw values go out as two writes of half their width
  const halfMask = (1 << half) - 1;
  let o = 0; // byte holding the next bit
  let acc = 0;
  let nb = 0; // bits of acc pending in byte o (0…7)
  // The first pixel in full width (its low bBits bits), as two writes like a raw difference.
  let last = values[0]!;
  acc = (last >>> half) & halfMask;
  nb = half;
  acc = (acc << half) | (last & halfMask);
  nb += half;
  view.setInt32(0, acc << (32 - nb));
  o = nb >>> 3;
  nb &= 7;
  for (let i = 0; i < n; i += blockSize) {
    const m = blockSize < n - i ? blockSize : n - i;
    // Differences modulo 2^bBits, sign-extended, then zig-zag mapped: 0…2^bBits − 1, already
    // clean above bit bBits (read as unsigned with >>> 0 when bBits is 32).
    let sum = 0;
    if (shift === 0) {
      for (let k = 0; k < m; k++) {
        const v = values[i + k]!;
        const d = (v - last) | 0;
        last = v;
        const u = (d << 1) ^ (d >> 31);
        diffs[k] = u;
        sum += u >>> 0;
      }
    } else {
      for (let k = 0; k < m; k++) {
        const v = values[i + k]!;
        const d = ((v - last) << shift) >> shift;
        last = v;
        const u = (d << 1) ^ (d >> 31);
        diffs[k] = u;
        sum += u;
      }
    }
    // FS from the block mean, as fpack chooses it: the number of bits of ⌊sum / m⌋ / 2 (>>> takes
    // the floor: the mean is below 2^32), so the unary parts stay short; any FS is decodable,
    // this one costs one pass instead of a search.
    let fs = sum === 0 ? -1 : 32 - Math.clz32((sum / m) >>> 1);
    if (fs > fsMax) fs = fsMax;
    // Bound of this block's bits: Σ(d >> fs) ≤ sum / 2^fs for the Rice unary parts; the spare
    // bytes cover the pending byte, rounding up, and the last 32-bit window.
    const bits = fsBits + (fs < 0 ? 0 : fs === fsMax ? m * bBits : sum / (1 << fs) + m * (fs + 1));
    const need = o + 9 + bits / 8;
    if (need > buf.length) {
      const next = new Uint8Array(Math.max(Math.ceil(need), buf.length * 2));
      next.set(buf.subarray(0, o + 1));
      buf = next;
      view = new DataView(buf.buffer);
    }
    // The FS code: fs + 1, or 0 for a low-entropy block (every difference zero).
    acc = (acc << fsBits) | (fs + 1);
    nb += fsBits;
    view.setInt32(o, acc << (32 - nb));
    o += nb >>> 3;
    nb &= 7;
    if (fs < 0) continue;
    if (fs === fsMax) {
      // High-entropy block: raw differences of bBits bits.
      for (let k = 0; k < m; k++) {
        const d = diffs[k]!;
        acc = (acc << half) | ((d >>> half) & halfMask);
        nb += half;
        view.setInt32(o, acc << (32 - nb));
        o += nb >>> 3;
        nb &= 7;
        acc = (acc << half) | (d & halfMask);
        nb += half;
        view.setInt32(o, acc << (32 - nb));
        o += nb >>> 3;
        nb &= 7;
      }
      continue;
    }
    const low = (1 << fs) - 1;
    const one = 1 << fs;
    for (let k = 0; k < m; k++) {
      const d = diffs[k]!;
      const top = d >>> fs;
      let len = top + 1 + fs;
      if (len > MAX_PUT) {
        // A long unary run: its zeros first, MAX_PUT − 7 at a time, then the stop bit and the
        // FS low bits below.
        for (let z = top; z > 0; ) {
          const c = z < MAX_PUT - 7 ? z : MAX_PUT - 7;
          acc <<= c;
          nb += c;
          view.setInt32(o, acc << (32 - nb));
          o += nb >>> 3;
          nb &= 7;
          z -= c;
        }
        len = 1 + fs;
      }
      // The unary code's stop bit after its zeros (len − 1 − fs of them), then the fs low bits.
      acc = (acc << len) | one | (d & low);
      nb += len;
      view.setInt32(o, acc << (32 - nb));
      o += nb >>> 3;
      nb &= 7;
    }
  }
  // The partial last byte, already stored zero-padded by the last window.
  if (nb > 0) o++;
  if (buf !== encBuf && buf.length <= ENCODE_SCRATCH_KEEP) {
    encBuf = buf;
    encView = view;
  }
  return buf.slice(0, o);
}
