/**
 * Base64 (RFC 4648 §4) with WebAssembly SIMD: 12 input bytes become 16 characters per step, with
 * the vector method of W. Muła and D. Lemire, "Faster Base64 Encoding and Decoding Using AVX2
 * Instructions", ACM TWEB 12(3), 2018 (§3: a byte shuffle puts each 3-byte group in one 32-bit
 * lane, the four 6-bit indices are separated by shifts and masks — here 32-bit shifts, as
 * WebAssembly has no 16-bit multiply-high — and become ASCII by adding an offset looked up with a
 * byte swizzle). The module is assembled here from its opcodes (WebAssembly core spec §5 and the
 * fixed-width SIMD opcodes), so there is no build step. Each instance owns a 128 KiB memory: the
 * BINARY/BINARY2 row encoder writes raw rows straight into its first half and the encoded text
 * lands in the second. Where WebAssembly SIMD is unavailable (or the self-test fails),
 * `createBase64Simd` returns undefined and the scalar encoder of base64.ts is used.
 */
import { base64EncodeInto } from "./base64.js";

/** Offset of the output region in the instance memory (the input region is [0, OUT_OFFSET)). */
export const OUT_OFFSET = 65536;

/** Core opcodes used. */
const Op = {
  Block: 0x02,
  Loop: 0x03,
  Br: 0x0c,
  BrIf: 0x0d,
  End: 0x0b,
  LocalGet: 0x20,
  LocalSet: 0x21,
  LocalTee: 0x22,
  I32Const: 0x41,
  I32GeU: 0x4f,
  I32Add: 0x6a,
  Simd: 0xfd,
} as const;

/** SIMD opcodes (after the 0xFD prefix, LEB128). */
const V = {
  load: [0x00, 0x00, 0x00], // v128.load align=1 offset=0
  store: [0x0b, 0x00, 0x00],
  const: [0x0c],
  shuffle: [0x0d],
  swizzle: [0x0e],
  ltS8: [0x25],
  and: [0x4e],
  or: [0x50],
  add8: [0x6e],
  subSatU8: [0x73],
  shl32: [0xab, 0x01],
  shrU32: [0xad, 0x01],
};

const simd = (op: number[], ...imm: number[]): number[] => [Op.Simd, ...op, ...imm];
const i32x4 = (x: number): number[] => {
  const b = [x & 255, (x >>> 8) & 255, (x >>> 16) & 255, x >>> 24];
  return [...b, ...b, ...b, ...b];
};
const i8x16 = (x: number): number[] => new Array<number>(16).fill(x & 255);
const vconst = (bytes: number[]): number[] => simd(V.const, ...bytes);

/**
 * enc(src, end, dst): while src < end { 32 chars at dst from 24 bytes at src; src += 24; dst += 32 }.
 * Per 32-bit lane: the shuffle puts a group's bytes b0 b1 b2 in big-endian order in the low 24 bits
 * (v = b0·2¹⁶ + b1·2⁸ + b2); the four 6-bit indices are then moved into the lane's four bytes by
 * shifts and masks (index k of the group into byte k), and become ASCII through the offset table.
 */
function encoderBody(): number[] {
  const S = 0;
  const END = 1;
  const D = 2;
  // v128 locals: the shuffled input, the indices, then the constants (set once, before the loop).
  const IN = 3;
  const IDX = 4;
  const [K0, K1, K2, K3, LUT, C51, C26, C13] = [5, 6, 7, 8, 9, 10, 11, 12];
  // ASCII offsets by reduced index (Muła–Lemire): 0 → 'a'-26, 1..10 → '0'-52, 11 → '+'-62, 12 → '/'-63, 13 → 'A'.
  const lut = [71, 252, 252, 252, 252, 252, 252, 252, 252, 252, 252, 237, 240, 65, 0, 0];
  const init = (local: number, bytes: number[]): number[] => [...vconst(bytes), Op.LocalSet, local];
  const get = (local: number): number[] => [Op.LocalGet, local];
  const part = (shiftOp: number[], by: number, mask: number): number[] => [...get(IN), Op.I32Const, by, ...simd(shiftOp), ...get(mask), ...simd(V.and)];
  // One vector: 12 bytes at src + 12k → 16 characters at dst + 16k (memarg offsets).
  const step = (k: number): number[] => [
    ...get(S), Op.Simd, 0x00, 0x00, 12 * k, Op.LocalTee, IN, ...get(IN),
    ...simd(V.shuffle, 2, 1, 0, 0, 5, 4, 3, 3, 8, 7, 6, 6, 11, 10, 9, 9), Op.LocalSet, IN,
    ...part(V.shrU32, 18, K0), // index 0 = v >> 18 → byte 0
    ...part(V.shrU32, 4, K1), ...simd(V.or), // index 1 = (v >> 12) & 63 → byte 1
    ...part(V.shl32, 10, K2), ...simd(V.or), // index 2 = (v >> 6) & 63 → byte 2
    ...part(V.shl32, 24, K3), ...simd(V.or), // index 3 = v & 63 → byte 3
    Op.LocalSet, IDX,
    // ascii = idx + lut[reduced], reduced = sat(idx - 51) | (idx < 26 ? 13 : 0)
    ...get(D),
    ...get(LUT),
    ...get(IDX), ...get(C51), ...simd(V.subSatU8),
    ...get(IDX), ...get(C26), ...simd(V.ltS8), ...get(C13), ...simd(V.and), ...simd(V.or),
    ...simd(V.swizzle), ...get(IDX), ...simd(V.add8),
    Op.Simd, 0x0b, 0x00, 16 * k, // v128.store offset=16k
  ];
  const code = [
    ...init(K0, i32x4(0x0000003f)),
    ...init(K1, i32x4(0x00003f00)),
    ...init(K2, i32x4(0x003f0000)),
    ...init(K3, i32x4(0x3f000000)),
    ...init(LUT, lut),
    ...init(C51, i8x16(51)),
    ...init(C26, i8x16(26)),
    ...init(C13, i8x16(13)),
    Op.Block, 0x40, Op.Loop, 0x40,
    ...get(S), ...get(END), Op.I32GeU, Op.BrIf, 1,
    // Two vectors per turn (24 bytes → 32 characters), for instruction-level parallelism.
    ...step(0),
    ...step(1),
    ...get(S), Op.I32Const, 24, Op.I32Add, Op.LocalSet, S,
    ...get(D), Op.I32Const, 32, Op.I32Add, Op.LocalSet, D,
    Op.Br, 0, Op.End, Op.End, Op.End,
  ];
  const body = [0x01, 10, 0x7b, ...code]; // locals: 10 × v128
  return [...leb(body.length), ...body];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    const b = n & 0x7f;
    n >>>= 7;
    out.push(n > 0 ? b | 0x80 : b);
  } while (n > 0);
  return out;
}

const section = (id: number, content: number[]): number[] => [id, ...leb(content.length), ...content];

function moduleBytes(): Uint8Array {
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [0x01, 0x60, 0x03, 0x7f, 0x7f, 0x7f, 0x00]), // (i32, i32, i32) -> ()
    ...section(3, [0x01, 0x00]),
    ...section(5, [0x01, 0x00, 0x02]), // 2 pages = 128 KiB
    ...section(7, [0x02, 0x01, 0x6d, 0x02, 0x00, 0x01, 0x65, 0x00, 0x00]), // "m" memory, "e" function
    ...section(10, [0x01, ...encoderBody()]),
  ]);
}

/** One encoder instance: its memory and the encoding of whole 3-byte groups. */
export interface Base64Simd {
  /** The whole instance memory (128 KiB); raw input goes in [0, OUT_OFFSET). */
  readonly memory: Uint8Array;
  /**
   * Encodes memory[0, n) (n a multiple of 3, n ≤ 49152) to memory[OUT_OFFSET, OUT_OFFSET + 4n/3).
   * Up to 28 bytes after n are read and up to 28 characters after the output written (ignored;
   * the output region ends at 64 KiB, enough for the 2048 turns of the largest n).
   */
  encode(n: number): void;
}

/** The part of the WebAssembly JS API used here (declared locally: the project's libs omit DOM types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: Record<string, unknown> };
}

let compiled: object | null | undefined;

/** A fresh SIMD base64 instance, or undefined when WebAssembly SIMD is unavailable. */
export function createBase64Simd(): Base64Simd | undefined {
  if (compiled === null) return undefined;
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) {
      compiled = null;
      return undefined;
    }
    const first = compiled === undefined;
    compiled ??= new wasm.Module(moduleBytes());
    const inst = new wasm.Instance(compiled);
    const memory = new Uint8Array((inst.exports.m as { buffer: ArrayBuffer }).buffer);
    const e = inst.exports.e as (s: number, end: number, d: number) => void;
    const b: Base64Simd = { memory, encode: (n) => e(0, n, OUT_OFFSET) };
    if (first && !selfTest(b)) {
      compiled = null;
      return undefined;
    }
    return b;
  } catch {
    compiled = null;
    return undefined;
  }
}

/** Compares with the scalar encoder on every byte value in every position of a group. */
function selfTest(b: Base64Simd): boolean {
  const n = 49152;
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b.memory[i] = i < 768 ? i % 256 : x >>> 24;
  }
  for (let i = 0; i < 256; i++) b.memory[768 + 3 * i + (i % 3)] = i;
  const want = new Uint8Array((n / 3) * 4);
  base64EncodeInto(b.memory, 0, n, want, 0, false);
  b.encode(n);
  const got = b.memory.subarray(OUT_OFFSET, OUT_OFFSET + want.length);
  for (let i = 0; i < want.length; i++) if (got[i] !== want[i]) return false;
  return true;
}
