/**
 * The RICE_1 encoder must stay byte-identical to the reference encoder it replaced
 * (fixtures/rice-reference.ts, the pre-rewrite code kept verbatim): random tiles of every BYTEPIX
 * and several BLOCKSIZEs, shaped to reach every coding path (low-entropy, Rice, raw, long unary
 * runs over many zero words, scratch growth past the kept size), each also decoded back.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { riceEncodeReference } from "./fixtures/rice-reference.js";
import { type RiceBytePix, riceDecode, riceEncode } from "./rice.js";

/** A seeded xorshift32 in [0, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

const RANGE: Record<RiceBytePix, [number, number]> = { 1: [0, 255], 2: [-32768, 32767], 4: [-(2 ** 31), 2 ** 31 - 1] };

type Shape = "constant" | "noise" | "wide" | "full" | "outliers" | "mixed" | "wrap";

function tile(shape: Shape, n: number, bytePix: RiceBytePix, r: () => number): Int32Array {
  const [lo, hi] = RANGE[bytePix];
  const clamp = (x: number) => (x < lo ? lo : x > hi ? hi : Math.round(x));
  const mid = bytePix === 1 ? 128 : 0;
  const a = new Int32Array(n);
  const sigma = 1 + r() * (bytePix === 1 ? 20 : bytePix === 2 ? 2000 : 1e6);
  const base = clamp(mid + (r() - 0.5) * (hi - lo) * 0.5);
  for (let i = 0; i < n; i++) {
    const g = r() + r() + r() - 1.5;
    switch (shape) {
      case "constant":
        a[i] = base;
        break;
      case "noise":
        a[i] = clamp(base + g * 4);
        break;
      case "wide":
        a[i] = clamp(base + g * sigma);
        break;
      case "full":
        a[i] = Math.floor(lo + r() * (hi - lo + 1));
        break;
      case "outliers":
        // Mostly flat, now and then a jump across the whole range: long unary runs.
        a[i] = r() < 0.01 ? Math.floor(lo + r() * (hi - lo + 1)) : clamp(base + (r() < 0.5 ? 0 : 1));
        break;
      case "mixed": {
        const region = Math.floor(i / 40) % 4;
        a[i] = region === 0 ? base : region === 1 ? clamp(base + g * 3) : region === 2 ? Math.floor(lo + r() * (hi - lo + 1)) : clamp(base + g * sigma);
        break;
      }
      case "wrap":
        // Alternating extremes: differences that wrap around modulo 2^(8·BYTEPIX).
        a[i] = (i & 1) === 0 ? lo + Math.floor(r() * 3) : hi - Math.floor(r() * 3);
        break;
    }
  }
  return a;
}

function check(values: Int32Array, blockSize: number, bytePix: RiceBytePix, label: string, roundTrip = true): void {
  const want = riceEncodeReference(values, blockSize, bytePix);
  const got = riceEncode(values, blockSize, bytePix);
  assert.equal(got.length, want.length, `${label}: length`);
  assert.ok(Buffer.from(got.buffer, got.byteOffset, got.length).equals(want), `${label}: bytes differ`);
  if (!roundTrip) return;
  const back = new Int32Array(values.length);
  riceDecode(got, back, blockSize, bytePix);
  assert.deepEqual(back, values, `${label}: round trip`);
}

describe("riceEncode matches the reference encoder byte for byte", () => {
  const shapes: Shape[] = ["constant", "noise", "wide", "full", "outliers", "mixed", "wrap"];
  for (const bytePix of [1, 2, 4] as const) {
    it(`BYTEPIX ${bytePix}: random tiles, block sizes 1…65536`, () => {
      const r = rng(1000 + bytePix);
      for (const blockSize of [1, 2, 7, 16, 31, 32, 33, 64, 100, 1024, 65536]) {
        for (const shape of shapes) {
          for (const n of [0, 1, 2, 5, 31, 32, 33, 100, 1000, 2048, 4097]) {
            check(tile(shape, n, bytePix, r), blockSize, bytePix, `bytePix ${bytePix} block ${blockSize} ${shape} n ${n}`);
          }
        }
      }
    });
  }
  it("long unary runs across many zero words", () => {
    for (const bytePix of [1, 2, 4] as const) {
      const [lo, hi] = RANGE[bytePix];
      for (const blockSize of [32, 4096, 65536]) {
        const v = new Int32Array(70000).fill(bytePix === 1 ? 100 : 0);
        v[5] = hi;
        v[6] = lo;
        v[40000] = hi;
        v[40001] = bytePix === 1 ? 100 : 0;
        check(v, blockSize, bytePix, `spikes bytePix ${bytePix} block ${blockSize}`);
      }
    }
  });
  it("large tiles grow the scratch, and earlier results stay intact", () => {
    const r = rng(77);
    const big = tile("full", 1_300_000, 4, r); // ~5.2 MB coded: above the kept scratch size
    const small = tile("wide", 5000, 4, r);
    const first = riceEncode(small, 32, 4);
    const copy = first.slice();
    check(big, 32, 4, "1.3M full-range int32");
    check(tile("wide", 300_000, 4, r), 32, 4, "300k int32");
    check(small, 32, 4, "small after large");
    assert.deepEqual(first, copy);
  });
  it("values outside the BYTEPIX range code their low bits as before", () => {
    const r = rng(5);
    for (const bytePix of [1, 2] as const) {
      const v = Int32Array.from({ length: 500 }, () => Math.floor((r() - 0.5) * 2 ** 32));
      check(v, 32, bytePix, `out of range bytePix ${bytePix}`, false);
    }
  });
});
