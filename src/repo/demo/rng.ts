/**
 * Seeded pseudo-random numbers for the demo release: xoshiro128** (Blackman & Vigna 2018,
 * "Scrambled linear pseudorandom number generators") seeded through SplitMix32-style mixing, and
 * normal deviates by the polar Box–Muller method (Marsaglia & Bray 1964). Every product draws from
 * its own stream, named by a key such as ("raw", visit, detector), so the output does not depend on
 * the order in which products are made: that is what makes the release deterministic for a seed.
 */

/** Mixes a 32-bit value (the finaliser of MurmurHash3, Appleby 2008): good avalanche, cheap. */
function mix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of a key made of strings and integers (FNV-1a over the characters, then mixed). */
export function hashKey(parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${String(part)}\u0001`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return mix32(h);
}

/** A seeded generator of uniform and normal deviates. Not for cryptography. */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare = Number.NaN;

  /** A stream for `seed` and a key naming its purpose, e.g. `new Rng(1, "raw", visit, detector)`. */
  constructor(seed: number, ...key: (string | number)[]) {
    let h = hashKey([seed, ...key]);
    const next = () => {
      h = (h + 0x9e3779b9) >>> 0;
      return mix32(h) | 1;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** The next 32-bit unsigned integer (xoshiro128**). */
  nextU32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal deviate (polar Box–Muller; the second deviate of each pair is kept). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const v = this.spare;
      this.spare = Number.NaN;
      return v;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    return u * f;
  }

  /** A Poisson deviate: exact (Knuth's product method) below mean 30, normal approximation above. */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.uniform();
    while (p > limit) {
      k++;
      p *= this.uniform();
    }
    return k;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
