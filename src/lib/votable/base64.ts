/**
 * Base64 (RFC 4648 §4) encoding over 3-byte groups into a caller's buffer, and a strict decoder
 * that skips XML whitespace. VOTable BINARY/BINARY2 STREAMs use `encoding="base64"`
 * (VOTable 1.4 §5.4); the hand-written loop avoids building intermediate strings so the BINARY2
 * writer can encode straight into its output chunk.
 */

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ENC = new Uint8Array(64);
for (let i = 0; i < 64; i++) ENC[i] = ALPHABET.charCodeAt(i);
// Two-character lookup (12 bits → 2 ASCII bytes as one uint16 in little-endian host order is
// avoided for portability; we keep a pair table of bytes instead).
const PAIR = new Uint8Array(4096 * 2);
for (let i = 0; i < 4096; i++) {
  PAIR[2 * i] = ENC[i >> 6]!;
  PAIR[2 * i + 1] = ENC[i & 63]!;
}
const PAD = 61; // "="

/** Decoding table: 0..63 for alphabet bytes, 64 for whitespace, 65 for "=", 255 otherwise. */
const DEC = new Uint8Array(256).fill(255);
for (let i = 0; i < 64; i++) DEC[ALPHABET.charCodeAt(i)] = i;
DEC[32] = 64;
DEC[9] = 64;
DEC[10] = 64;
DEC[13] = 64;
DEC[PAD] = 65;

/**
 * Encodes `src[start, end)` whose length must be a multiple of 3 unless `final` is true, into
 * `dst` at `dstPos`; returns the new dstPos. `dst` must have room for 4/3 of the input (+4).
 */
export function base64EncodeInto(
  src: Uint8Array,
  start: number,
  end: number,
  dst: Uint8Array,
  dstPos: number,
  final: boolean,
): number {
  let i = start;
  let o = dstPos;
  const whole = end - ((end - start) % 3);
  for (; i < whole; i += 3) {
    const n = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    const a = (n >> 12) << 1;
    const b = (n & 4095) << 1;
    dst[o] = PAIR[a]!;
    dst[o + 1] = PAIR[a + 1]!;
    dst[o + 2] = PAIR[b]!;
    dst[o + 3] = PAIR[b + 1]!;
    o += 4;
  }
  const rest = end - whole;
  if (rest > 0) {
    if (!final) throw new Error("base64EncodeInto: partial group without final");
    const b0 = src[whole]!;
    const b1 = rest === 2 ? src[whole + 1]! : 0;
    dst[o++] = ENC[b0 >> 2]!;
    dst[o++] = ENC[((b0 & 3) << 4) | (b1 >> 4)]!;
    dst[o++] = rest === 2 ? ENC[(b1 & 15) << 2]! : PAD;
    dst[o++] = PAD;
  }
  return o;
}

/** Encodes a whole byte array to a base64 string (small inputs: tests, TD encoding). */
export function base64Encode(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  const n = base64EncodeInto(bytes, 0, bytes.length, out, 0, true);
  return new TextDecoder().decode(out.subarray(0, n));
}

/**
 * Decodes base64 text, ignoring XML whitespace. Returns undefined on a character outside the
 * alphabet, misplaced padding or a dangling single character, so the caller can raise its own
 * positioned error.
 */
export function base64Decode(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let bits = 0;
  let pads = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const d = c < 256 ? DEC[c]! : 255;
    if (d < 64) {
      if (pads > 0) return undefined;
      acc = (acc << 6) | d;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (acc >> bits) & 255;
        acc &= (1 << bits) - 1;
      }
    } else if (d === 65) {
      pads++;
      if (pads > 2) return undefined;
    } else if (d !== 64) {
      return undefined; // 64 = whitespace, skipped
    }
  }
  if (bits >= 6) return undefined; // a single dangling character carries < 8 bits
  return out.subarray(0, o);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
// Two output characters as one little-endian uint16, so a 3-byte group is one uint32 store.
const PAIR16 = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) PAIR16[i] = ENC[i >> 6]! | (ENC[i & 63]! << 8);

/**
 * Fast path of `base64EncodeInto` for whole 3-byte groups: writes 4 characters per group with one
 * 32-bit store into `dst32` from word 0 (so the output is always aligned). `end - start` must be a
 * multiple of 3; returns the number of output bytes. Falls back to the byte loop on big-endian hosts.
 */
export function base64EncodeGroups(src: Uint8Array, start: number, end: number, dst32: Uint32Array): number {
  if (!LITTLE_ENDIAN) {
    return base64EncodeInto(src, start, end, new Uint8Array(dst32.buffer, dst32.byteOffset, dst32.byteLength), 0, false);
  }
  let k = 0;
  // One big-endian 32-bit load per group (the top 24 bits); the caller's buffer has at least one
  // byte of slack after `end`, otherwise the last group is read bytewise.
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  const safeEnd = src.byteLength - end >= 1 ? end : end - 3;
  let i = start;
  for (; i < safeEnd; i += 3) {
    const n = view.getUint32(i) >>> 8;
    dst32[k++] = PAIR16[n >>> 12]! | (PAIR16[n & 4095]! << 16);
  }
  for (; i < end; i += 3) {
    const n = (src[i]! << 16) | (src[i + 1]! << 8) | src[i + 2]!;
    dst32[k++] = PAIR16[n >>> 12]! | (PAIR16[n & 4095]! << 16);
  }
  return k * 4;
}
