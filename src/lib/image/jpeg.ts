/**
 * Baseline sequential JPEG encoder for 8-bit greyscale pictures, written from ITU-T T.81 |
 * ISO/IEC 10918-1 (1992) with a JFIF 1.02 APP0 segment:
 *
 * - one component (Nf = 1, H = V = 1), 8 × 8 blocks in raster order; edge blocks are padded by
 *   replicating the last column/row (T.81 §A.2.4 leaves padding to the encoder);
 * - level shift by −128 and the forward DCT of §A.3.3,
 *   F(u,v) = ¼ C(u) C(v) Σx Σy f(x,y) cos((2x+1)uπ/16) cos((2y+1)vπ/16), C(0) = 1/√2, else 1;
 * - quantisation Sq(v,u) = round(F(v,u) / Q(v,u)) (§A.3.4) with the luminance table of Annex K.1
 *   scaled by a quality 1–100. The scaling is the IJG (libjpeg) convention, not part of T.81:
 *   s = q < 50 ? 5000/q : 200 − 2q, Q = clamp(floor((K.1 · s + 50) / 100), 1, 255);
 * - zig-zag order of Figure A.6; Huffman coding of DC differences and AC run/size symbols per
 *   §F.1.2 with the typical tables of Annex K.3 (DC) and K.5 (AC), code assignment per Annex C;
 * - byte stuffing (0xFF → 0xFF 0x00, §B.1.1.5) and 1-bit padding of the last byte (§F.1.2.3).
 * No restart intervals (DRI), no chroma, no progressive mode.
 */
import type { Grey8Image } from "./stretch.js";
import { checkInt, checkLength } from "./errors.js";

export interface JpegOptions {
  /** 1 (smallest) – 100 (best). Default 90. */
  readonly quality?: number;
}

/** Annex K.1, Table K.1: luminance quantisation table, natural (row-major) order. */
export const K1_LUMINANCE_QUANT: readonly number[] = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109,
  103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];

/** Annex K.3, Table K.3: luminance DC differences — BITS (codes of length 1..16) and HUFFVAL. */
export const K3_DC_BITS: readonly number[] = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
export const K3_DC_VALUES: readonly number[] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];

/** Annex K.3.2, Table K.5: luminance AC coefficients — BITS and HUFFVAL (run/size bytes RRRRSSSS). */
export const K5_AC_BITS: readonly number[] = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
export const K5_AC_VALUES: readonly number[] = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42,
  0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35,
  0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67,
  0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98,
  0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
  0xc8, 0xc9, 0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2, 0xf3, 0xf4,
  0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

/**
 * Figure A.6 zig-zag sequence: ZIGZAG[k] = natural index (row·8 + column) of the k-th coefficient.
 * Walks the anti-diagonals s = row + column, downwards on odd s, upwards on even s.
 */
export const ZIGZAG: readonly number[] = (() => {
  const z: number[] = [];
  for (let s = 0; s < 15; s++) {
    const lo = Math.max(0, s - 7);
    const hi = Math.min(s, 7);
    if (s % 2 === 1) for (let r = lo; r <= hi; r++) z.push(r * 8 + (s - r));
    else for (let r = hi; r >= lo; r--) z.push(r * 8 + (s - r));
  }
  return z;
})();

/** The K.1 table scaled for a quality 1–100 (IJG convention, see module header); natural order. */
export function quantTable(quality: number): Uint8Array {
  checkInt("quality", quality, 1, 100);
  const s = quality < 50 ? Math.floor(5000 / quality) : 200 - 2 * quality;
  const q = new Uint8Array(64);
  for (let i = 0; i < 64; i++) q[i] = Math.min(255, Math.max(1, Math.floor((K1_LUMINANCE_QUANT[i]! * s + 50) / 100)));
  return q;
}

/** Huffman code of each symbol (Annex C, Figures C.1–C.3): codes[sym], sizes[sym] (0 = no code). */
export interface HuffmanCodes {
  readonly codes: Uint16Array;
  readonly sizes: Uint8Array;
}

/** Builds EHUFCO/EHUFSI from BITS and HUFFVAL (Annex C). */
export function huffmanCodes(bits: readonly number[], values: readonly number[]): HuffmanCodes {
  const codes = new Uint16Array(256);
  const sizes = new Uint8Array(256);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]!; i++) {
      const sym = values[k++]!;
      codes[sym] = code;
      sizes[sym] = len;
      code++;
    }
    code <<= 1;
  }
  return { codes, sizes };
}

const DC_CODES = huffmanCodes(K3_DC_BITS, K3_DC_VALUES);
const AC_CODES = huffmanCodes(K5_AC_BITS, K5_AC_VALUES);

/** DCT basis: BASIS[u·8 + x] = ½ C(u) cos((2x+1)uπ/16), so F = B f Bᵀ gives the ¼ C(u)C(v) of §A.3.3. */
const BASIS = (() => {
  const b = new Float64Array(64);
  for (let u = 0; u < 8; u++) {
    const c = u === 0 ? Math.SQRT1_2 : 1;
    for (let x = 0; x < 8; x++) b[u * 8 + x] = 0.5 * c * Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  }
  return b;
})();

/** Growable byte buffer with an MSB-first bit writer that stuffs 0x00 after each 0xFF. */
class ByteWriter {
  private buf = new Uint8Array(1 << 16);
  private n = 0;
  private acc = 0;
  private nbits = 0;

  private ensure(extra: number): void {
    if (this.n + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.n + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.n));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.n++] = b;
  }

  bytes(bs: ArrayLike<number>): void {
    this.ensure(bs.length);
    for (let i = 0; i < bs.length; i++) this.buf[this.n++] = bs[i]!;
  }

  u16(v: number): void {
    this.byte((v >>> 8) & 0xff);
    this.byte(v & 0xff);
  }

  /** Appends the low `size` bits of `value` (size ≤ 16) to the entropy-coded segment. */
  bits(value: number, size: number): void {
    this.acc = (this.acc << size) | (value & ((1 << size) - 1));
    this.nbits += size;
    while (this.nbits >= 8) {
      this.nbits -= 8;
      const b = (this.acc >>> this.nbits) & 0xff;
      this.byte(b);
      if (b === 0xff) this.byte(0);
    }
    this.acc &= (1 << this.nbits) - 1;
  }

  /** Pads the last partial byte with 1-bits (§F.1.2.3). */
  flushBits(): void {
    if (this.nbits > 0) this.bits(0x7f, 8 - this.nbits);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.n);
  }
}

/** Category SSSS of a difference or coefficient: the number of bits of |v| (Tables F.1, F.2). */
function category(v: number): number {
  let a = v < 0 ? -v : v;
  let n = 0;
  while (a > 0) {
    n++;
    a >>= 1;
  }
  return n;
}

/** Writes a segment marker, its length (2 + payload) and payload. */
function segment(w: ByteWriter, marker: number, payload: ArrayLike<number>): void {
  w.u16(marker);
  w.u16(payload.length + 2);
  w.bytes(payload);
}

/** Encodes an 8-bit greyscale picture (rows top-first) as a baseline JFIF JPEG file. */
export function encodeJpeg(image: Grey8Image, options: JpegOptions = {}): Uint8Array {
  const { width, height, pixels } = image;
  checkInt("width", width, 1, 65535);
  checkInt("height", height, 1, 65535);
  checkLength("pixels", pixels.length, width, height);
  const quant = quantTable(options.quality ?? 90);

  const w = new ByteWriter();
  w.u16(0xffd8); // SOI
  // APP0 JFIF 1.02: identifier, version, units 0 (aspect ratio only), density 1:1, no thumbnail.
  segment(w, 0xffe0, [0x4a, 0x46, 0x49, 0x46, 0, 1, 2, 0, 0, 1, 0, 1, 0, 0]);
  // DQT (§B.2.4.1): Pq = 0 (8-bit), Tq = 0, then Q in zig-zag order.
  segment(w, 0xffdb, [0x00, ...ZIGZAG.map((i) => quant[i]!)]);
  // SOF0 (§B.2.2): P = 8, Y, X, Nf = 1; component 1 with H = V = 1 and table Tq = 0.
  segment(w, 0xffc0, [8, height >>> 8, height & 0xff, width >>> 8, width & 0xff, 1, 1, 0x11, 0]);
  // DHT (§B.2.4.2): Tc = 0 (DC) Th = 0, then Tc = 1 (AC) Th = 0.
  segment(w, 0xffc4, [0x00, ...K3_DC_BITS, ...K3_DC_VALUES, 0x10, ...K5_AC_BITS, ...K5_AC_VALUES]);
  // SOS (§B.2.3): Ns = 1, Cs = 1, Td = Ta = 0, Ss = 0, Se = 63, Ah = Al = 0.
  segment(w, 0xffda, [1, 1, 0x00, 0, 63, 0]);

  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  const coef = new Int32Array(64);
  const recip = new Float64Array(64);
  for (let i = 0; i < 64; i++) recip[i] = 1 / quant[i]!;
  let pred = 0;
  const bw = Math.ceil(width / 8);
  const bh = Math.ceil(height / 8);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      // Gather with edge replication and level shift.
      for (let y = 0; y < 8; y++) {
        const row = Math.min(by * 8 + y, height - 1) * width;
        for (let x = 0; x < 8; x++) block[y * 8 + x] = pixels[row + Math.min(bx * 8 + x, width - 1)]! - 128;
      }
      // Rows: tmp[y][u] = Σx B[u][x] f[y][x]; columns: F[v][u] = Σy B[v][y] tmp[y][u].
      for (let y = 0; y < 8; y++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += BASIS[u * 8 + x]! * block[y * 8 + x]!;
          tmp[y * 8 + u] = s;
        }
      }
      for (let v = 0; v < 8; v++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += BASIS[v * 8 + y]! * tmp[y * 8 + u]!;
          coef[v * 8 + u] = Math.round(s * recip[v * 8 + u]!);
        }
      }
      // DC difference (§F.1.2.1).
      const dc = coef[0]!;
      const diff = dc - pred;
      pred = dc;
      const dcCat = category(diff);
      w.bits(DC_CODES.codes[dcCat]!, DC_CODES.sizes[dcCat]!);
      if (dcCat > 0) w.bits(diff < 0 ? diff - 1 : diff, dcCat);
      // AC coefficients in zig-zag order (§F.1.2.2, Figure F.2).
      let run = 0;
      for (let k = 1; k < 64; k++) {
        const c = coef[ZIGZAG[k]!]!;
        if (c === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          w.bits(AC_CODES.codes[0xf0]!, AC_CODES.sizes[0xf0]!); // ZRL
          run -= 16;
        }
        const cat = category(c);
        const sym = (run << 4) | cat;
        w.bits(AC_CODES.codes[sym]!, AC_CODES.sizes[sym]!);
        w.bits(c < 0 ? c - 1 : c, cat);
        run = 0;
      }
      if (run > 0) w.bits(AC_CODES.codes[0x00]!, AC_CODES.sizes[0x00]!); // EOB
    }
  }
  w.flushBits();
  w.u16(0xffd9); // EOI
  return w.result();
}
