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

/** A growable MSB-first bit writer. */
class BitWriter {
  buf: Uint8Array;
  o = 0;
  acc = 0;
  nAcc = 0;
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }
  /** Appends the low `nBits` (≤ 24) bits of `value`. */
  put(value: number, nBits: number): void {
    this.acc = (this.acc << nBits) | (value & ((1 << nBits) - 1));
    this.nAcc += nBits;
    while (this.nAcc >= 8) {
      this.nAcc -= 8;
      if (this.o >= this.buf.length) this.grow();
      this.buf[this.o++] = (this.acc >>> this.nAcc) & 0xff;
    }
  }
  grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
  finish(): Uint8Array {
    if (this.nAcc > 0) this.put(0, 8 - this.nAcc);
    return this.buf.slice(0, this.o);
  }
}

/**
 * Encodes integers (each already within the BYTEPIX range: signed for 2 and 4, 0…255 for 1) as a
 * RICE_1 tile. Each block takes the cheapest of the low-entropy, Rice (best FS) and raw codings.
 */
export function riceEncode(values: Int32Array, blockSize: number, bytePix: RiceBytePix): Uint8Array {
  const { fsBits, fsMax, bBits } = checkArgs(blockSize, bytePix);
  const n = values.length;
  const w = new BitWriter(n * bytePix + Math.ceil(n / blockSize) + 16);
  if (n === 0) return new Uint8Array(0);
  const shift = 32 - bBits;
  let last = values[0]!;
  w.put(last >>> 16, bBits - 16 > 0 ? bBits - 16 : 0);
  w.put(last, bBits > 16 ? 16 : bBits);
  const diffs = new Uint32Array(blockSize);
  for (let i = 0; i < n; i += blockSize) {
    const m = Math.min(blockSize, n - i);
    let sum = 0;
    for (let k = 0; k < m; k++) {
      const v = values[i + k]!;
      // Difference modulo 2^bBits, sign-extended, then zig-zag mapped to an unsigned value.
      const d = (((v - last) | 0) << shift) >> shift;
      last = v;
      const u = ((d << 1) ^ (d >> 31)) >>> 0;
      diffs[k] = shift === 0 ? u : u & ((1 << bBits) - 1);
      sum += diffs[k]!;
    }
    if (sum === 0) {
      w.put(0, fsBits);
      continue;
    }
    // FS from the block mean, as fpack chooses it: the number of bits of (sum / m) / 2, so the
    // unary parts stay short; any FS is decodable, this one costs one pass instead of a search.
    let bestFs = 0;
    for (let psum = Math.floor(sum / m) >>> 1; psum > 0; psum >>>= 1) bestFs++;
    if (bestFs >= fsMax) bestFs = fsMax;
    w.put(bestFs + 1, fsBits);
    if (bestFs === fsMax) {
      for (let k = 0; k < m; k++) {
        const d = diffs[k]!;
        if (bBits > 16) w.put(d >>> 16, bBits - 16);
        w.put(d, bBits > 16 ? 16 : bBits);
      }
    } else {
      const fs = bestFs;
      for (let k = 0; k < m; k++) {
        const d = diffs[k]!;
        let top = d >>> fs;
        if (top + 1 + fs <= 24) {
          // Unary part (top zeros, a one) and the fs low bits in a single write.
          w.put((1 << fs) | (d & ((1 << fs) - 1)), top + 1 + fs);
          continue;
        }
        while (top > 24) {
          w.put(0, 24);
          top -= 24;
        }
        w.put(1, top + 1);
        if (fs > 0) w.put(d, fs);
      }
    }
  }
  return w.finish();
}
