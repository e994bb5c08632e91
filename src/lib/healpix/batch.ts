/**
 * Vectorised ang2pix for large inputs (the CLI, ingest, benchmarks): RA/Dec degree arrays in,
 * int64 pixel indices out, at any order 0..29. Results go straight into a BigInt64Array through a
 * Uint32Array view of its buffer (two words per element, little-endian hosts), so no bigint is
 * allocated per point; on a big-endian host the words are swapped accordingly.
 *
 * NESTED takes a fast path (nestedLoop: cos θ from a series, branch-free passes over blocks) that
 * answers only where its rounding cannot change the index, and the exact per-point path (the
 * scalar API's arithmetic) everywhere else, so both APIs give the same indices. RING uses the
 * exact path throughout.
 */
import { checkOrder, type HealpixScheme, HealpixError, MAX_ORDER, MAX_NUMBER_ORDER } from "./order.js";
import { xyfToRing, xyfToRingBig } from "./ring.js";
import { type Words, xyfToNestWords } from "./nest.js";
import { locToXyf, usesSinTheta, type Xyf } from "./xyf.js";

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const D2R = Math.PI / 180;

/** SPREAD8[b]: the 8 bits of b moved to the even bit positions (a byte-wise Morton table). */
const SPREAD8 = (() => {
  const t = new Uint32Array(256);
  for (let b = 0; b < 256; b++) {
    let v = 0;
    for (let k = 0; k < 8; k++) v |= ((b >> k) & 1) << (2 * k);
    t[b] = v;
  }
  return t;
})();

const HALF_PI = Math.PI / 2;
const INV_HALFPI = 2 / Math.PI;

/**
 * sin x for |x| ≤ π/2 by its Taylor series to x^19 (truncation ≤ (π/2)^21/21! < 3e-16), evaluated
 * in Estrin's form (short dependency chain): z′ ≈ cos θ = sin(dec). Measured against
 * Math.cos(π/2 − x), the exact path's z, over 2·10^7 points (half of them within 1° of a pole): at
 * most 5.6e-16 apart. (glibc's cos, healpy's, is within one more ulp.)
 */
const S3 = -1 / 6;
const S5 = 1 / 120;
const S7 = -1 / 5040;
const S9 = 1 / 362880;
const S11 = -1 / 39916800;
const S13 = 1 / 6227020800;
const S15 = -1 / 1307674368000;
const S17 = 1 / 355687428096000;
const S19 = -1 / 121645100408832000;
/** Bound on |z′ − z|, z′ the series above, z = Math.cos(fl(π/2 − x)) (7× the measured maximum). */
const Z_ERR = 4e-15;
/** |z′| at or above this may be where HEALPix C++ uses sin θ (θ within 0.01 of a pole: |z| > 0.99994997). */
const SIN_THETA_ZONE = 0.99994;

const xyfScratch: Xyf = { f: 0, ix: 0, iy: 0 };
const wordsScratch: Words = { hi: 0, lo: 0 };

/** One point by the exact path (pixel.ts's arithmetic: z = cos θ, HEALPix C++ loc2pix). */
function exactNested(order: number, ra: number, dec: number, words: Uint32Array, i: number, hiAt: number, loAt: number): void {
  if (!(dec >= -90 && dec <= 90) || !(ra - ra === 0)) {
    words[2 * i + hiAt] = 0xffffffff;
    words[2 * i + loAt] = 0xffffffff;
    return;
  }
  const theta = HALF_PI - dec * D2R;
  locToXyf(order, Math.cos(theta), ra * D2R, usesSinTheta(theta) ? Math.sin(theta) : Number.NaN, xyfScratch, true);
  xyfToNestWords(order, xyfScratch.f, xyfScratch.ix, xyfScratch.iy, wordsScratch);
  words[2 * i + hiAt] = wordsScratch.hi;
  words[2 * i + loAt] = wordsScratch.lo;
}

/** Points per block of the NESTED loop (its scratch arrays stay in L1/L2). */
const BLOCK = 2048;
const zBlock = new Float64Array(BLOCK);
const ttBlock = new Float64Array(BLOCK);
const equatorialAt = new Int32Array(BLOCK);
const polarAt = new Int32Array(BLOCK);
/** Offsets for exactNested: an invalid point may be listed twice (invalid, then ambiguous). */
const exactAt = new Int32Array(2 * BLOCK);

/** MORTON8[x | y << 8]: the bits of byte x on the even positions, of byte y on the odd ones. */
const MORTON8 = (() => {
  const t = new Uint16Array(65536);
  for (let y = 0; y < 256; y++) for (let x = 0; x < 256; x++) t[x | (y << 8)] = SPREAD8[x]! | (SPREAD8[y]! << 1);
  return t;
})();

/** The interleave of the low 16 bits of ix (even bits) and iy (odd bits), as an int32. */
function morton16(ix: number, iy: number): number {
  return MORTON8[(ix & 0xff) | ((iy & 0xff) << 8)]! | (MORTON8[((ix >>> 8) & 0xff) | (iy & 0xff00)]! << 16);
}

/**
 * The NESTED loop: HEALPix C++ loc2pix over blocks of points, in passes without data-dependent
 * branches. V8 emits no conditional moves, and on random points a branch on the zone or on the
 * hemisphere mispredicts about half the time; that, and Math.cos being a call that spills every
 * register, was most of the time of a plain loop. Per block:
 *
 * 1. z′ ≈ cos θ by the series above, and tt = φ/(π/2) in [0, 4) as C++'s fmodulo; each point's
 *    offset goes to the equatorial or the polar list (both written, one count advanced), invalid
 *    points also to the exact list;
 * 2. the equatorial list, then the polar list: face, ix, iy and the index words;
 * 3. the exact list, through exactNested.
 *
 * Each floor is taken at value − margin and value + margin, the margin bounding how far the exact
 * path's operand (computed from z = cos θ) can be from ours (Z_ERR and the roundings, derived at
 * each margin); when the two differ, or z′ is within 2·Z_ERR of |z| = 2/3 or in the sin θ zone,
 * the point is listed for the exact path — about 1 point in 10^5 at order 29. So the fast path
 * only answers where the answer cannot depend on z′'s error, and every index equals the exact
 * path's (the scalar API's).
 */
function nestedLoop(order: number, raDeg: Float64Array, decDeg: Float64Array, words: Uint32Array, hiAt: number, loAt: number): void {
  const nside = 2 ** order;
  const nm1 = nside - 1;
  const sh = 2 * order;
  // |a − a_exact| ≤ nside·(0.75·Z_ERR + 1.1e-16 (z·0.75) + 8.8e-16 (t1 ∓ t2, values < 5·nside)).
  const eqMargin = nside * (Z_ERR + 2e-15);
  const bandErr = 2 * Z_ERR;
  // index = f·2^sh + interleave(ix, iy). The face's bits: high word f << (sh − 32) from order
  // 16, f >>> (32 − sh) below it (only order 15 has any; written >>> (31 − sh) >>> 1 so that
  // order 0 shifts by 32 too); low word f << sh below order 16.
  const hiLeft = order >= 16 ? sh - 32 : 0;
  const hiRight = order >= 16 ? 0 : 31 - sh;
  const hiOne = order >= 16 ? 0 : 1;
  const loShift = order >= 16 ? 0 : sh;
  const loKeep = order >= 16 ? 0 : -1;
  const n = raDeg.length;
  for (let c0 = 0; c0 < n; c0 += BLOCK) {
    const m = Math.min(BLOCK, n - c0);
    let ne = 0;
    let np = 0;
    let nx = 0;
    for (let k = 0; k < m; k++) {
      const dec = decDeg[c0 + k]!;
      const x = dec * D2R;
      const x2 = x * x;
      const x4 = x2 * x2;
      const x8 = x4 * x4;
      const z =
        x *
        (1 + S3 * x2 + x4 * (S5 + S7 * x2) + x8 * (S9 + S11 * x2 + x4 * (S13 + S15 * x2)) + x8 * x8 * (S17 + S19 * x2));
      zBlock[k] = z;
      // 1 iff |z′| ≳ 2/3 (near it, the exact path decides); & 1: 0 or 1 even for invalid dec.
      const polar = ((Math.abs(z) * 1.5) | 0) & 1;
      equatorialAt[ne] = k;
      polarAt[np] = k;
      ne += 1 - polar;
      np += polar;
      const ra = raDeg[c0 + k]!;
      let tt = ra * D2R * INV_HALFPI;
      if (tt < 0 || tt >= 4) {
        tt %= 4;
        if (tt < 0) tt += 4;
        if (tt >= 4) tt = 0;
      }
      ttBlock[k] = tt;
      if (!(dec >= -90 && dec <= 90) || !(ra - ra === 0)) exactAt[nx++] = k;
    }
    for (let e = 0; e < ne; e++) {
      const k = equatorialAt[e]!;
      const z = zBlock[k]!;
      const t1 = nside * (0.5 + ttBlock[k]!);
      const t2 = nside * (z * 0.75);
      const a = t1 - t2;
      const b = t1 + t2;
      // a, b ∈ [0, 5·nside) ⊂ [0, 2^32): | 0 keeps the bits of their floor (>>> and & read them
      // unsigned).
      const jp = (a - eqMargin) | 0;
      const jm = (b - eqMargin) | 0;
      const ambiguous = (jp ^ ((a + eqMargin) | 0)) | (jm ^ ((b + eqMargin) | 0)) | (((Math.abs(z) + bandErr) * 1.5) | 0);
      exactAt[nx] = k;
      nx += (ambiguous | -ambiguous) >>> 31; // listed iff ambiguous ≠ 0
      const ifp = (jp >>> order) | 0;
      const ifm = (jm >>> order) | 0;
      const row = ifm - ifp; // 1 north row, 0 equatorial, −1 south
      const d = ifp - ifm;
      const mn = ifm + (d & (d >> 31)); // min(ifp, ifm)
      // C++: row 1 → ifp, row 0 → ifp | 4, row −1 → ifm + 8 (here (ifm & 3) + 8, see xyf.ts).
      const f = (mn & (3 | (((row + 1) & 2) << 1))) + 4 - 4 * row;
      const ix = jm & nm1;
      const iy = (jp & nm1) ^ nm1;
      const i = c0 + k;
      words[2 * i + hiAt] = ((f << hiLeft) >>> hiRight >>> hiOne) | morton16(ix >>> 16, iy >>> 16);
      words[2 * i + loAt] = ((f << loShift) & loKeep) | morton16(ix, iy);
    }
    for (let e = 0; e < np; e++) {
      const k = polarAt[e]!;
      const z = zBlock[k]!;
      const tt = ttBlock[k]!;
      const za = Math.abs(z);
      const ntt = tt | 0;
      const tp = tt - ntt;
      // σ·nside = nside·√(3(1 − |z|)) (θ outside C++'s sin θ zone). 1 − |z| is exact on both
      // sides (|z| > 1/2), so |Δtmp|/tmp ≤ ½·Z_ERR/(1 − |z|) + 4e-16, and u1, u2 add 2.2e-16.
      const om = 1 - za;
      const tmp = nside * Math.sqrt(3 * om);
      const u1 = tp * tmp;
      const u2 = (1 - tp) * tmp;
      const margin = tmp * (Z_ERR / om + 2e-15);
      let jp = (u1 - margin) | 0;
      let jm = (u2 - margin) | 0;
      const ambiguous =
        (jp ^ ((u1 + margin) | 0)) |
        (jm ^ ((u2 + margin) | 0)) |
        ((((za - bandErr) * 1.5) | 0) ^ 1) |
        ((za + (1 - SIN_THETA_ZONE)) | 0);
      exactAt[nx] = k;
      nx += (ambiguous | -ambiguous) >>> 31;
      const d1 = jp - nm1;
      jp = nm1 + (d1 & (d1 >> 31)); // min(jp, nside − 1)
      const d2 = jm - nm1;
      jm = nm1 + (d2 & (d2 >> 31));
      // North: (nside−1−jm, nside−1−jp) on face ntt; south: (jp, jm) on face ntt + 8.
      const south = (((z + 1.5) | 0) >> 1) - 1; // 0 north, −1 south
      const swap = (jp ^ jm) & south;
      const flip = nm1 & ~south;
      const f = ntt + (south & 8);
      const ix = jm ^ swap ^ flip;
      const iy = jp ^ swap ^ flip;
      const i = c0 + k;
      words[2 * i + hiAt] = ((f << hiLeft) >>> hiRight >>> hiOne) | morton16(ix >>> 16, iy >>> 16);
      words[2 * i + loAt] = ((f << loShift) & loKeep) | morton16(ix, iy);
    }
    for (let e = 0; e < nx; e++) {
      const i = c0 + exactAt[e]!;
      exactNested(order, raDeg[i]!, decDeg[i]!, words, i, hiAt, loAt);
    }
  }
}

/**
 * Writes the pixel index of (raDeg[i], decDeg[i]) into out[i] for every i; order 0..29. A point
 * with non-finite RA or dec outside [-90, 90] gives -1. Throws HealpixError when the arrays differ
 * in length or the order is invalid.
 */
export function radec2pixBatch(
  order: number,
  raDeg: Float64Array,
  decDeg: Float64Array,
  out: BigInt64Array,
  scheme: HealpixScheme = "nested",
): void {
  checkOrder(order, MAX_ORDER);
  const n = raDeg.length;
  if (decDeg.length !== n || out.length < n) throw new HealpixError("radec2pixBatch: ra, dec and out must have the same length");
  const words = new Uint32Array(out.buffer, out.byteOffset, n * 2);
  const hiAt = LITTLE_ENDIAN ? 1 : 0;
  const loAt = 1 - hiAt;
  if (scheme === "nested") {
    nestedLoop(order, raDeg, decDeg, words, hiAt, loAt);
    return;
  }
  const c: Xyf = { f: 0, ix: 0, iy: 0 };
  for (let i = 0; i < n; i++) {
    const ra = raDeg[i]!;
    const dec = decDeg[i]!;
    if (!(dec >= -90 && dec <= 90) || !Number.isFinite(ra)) {
      words[2 * i + hiAt] = 0xffffffff;
      words[2 * i + loAt] = 0xffffffff;
      continue;
    }
    const theta = HALF_PI - dec * D2R;
    locToXyf(order, Math.cos(theta), ra * D2R, usesSinTheta(theta) ? Math.sin(theta) : Number.NaN, c);
    if (order <= MAX_NUMBER_ORDER) {
      const v = xyfToRing(order, c.f, c.ix, c.iy);
      const hi = Math.floor(v / 4294967296);
      words[2 * i + hiAt] = hi;
      words[2 * i + loAt] = v - hi * 4294967296;
    } else {
      out[i] = xyfToRingBig(order, c.f, c.ix, c.iy);
    }
  }
}
