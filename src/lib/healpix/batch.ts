/**
 * Vectorised ang2pix for large inputs (the CLI, ingest, benchmarks): RA/Dec degree arrays in,
 * int64 pixel indices out, at any order 0..29. Results go straight into a BigInt64Array through a
 * Uint32Array view of its buffer (two words per element, little-endian hosts), so no bigint is
 * allocated per point; on a big-endian host the words are swapped accordingly.
 */
import { checkOrder, type HealpixScheme, HealpixError, MAX_ORDER, MAX_NUMBER_ORDER } from "./order.js";
import { xyfToRing, xyfToRingBig } from "./ring.js";
import { locToXyf, type Xyf } from "./xyf.js";

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

/** The 16 bits of v on the even bit positions of a 32-bit word, by two table lookups. */
function spread16(v: number): number {
  return (SPREAD8[v & 0xff]! | (SPREAD8[(v >>> 8) & 0xff]! << 16)) >>> 0;
}

const HALF_PI = Math.PI / 2;
const INV_HALFPI = 2 / Math.PI;
const TWO_THIRDS = 2 / 3;
const TWO32 = 4294967296;

/**
 * The NESTED hot loop, with xyf.ts's locToXyf and nest.ts's word assembly inlined (same
 * arithmetic, same rounding: the oracle test compares both paths against healpy).
 */
function nestedLoop(order: number, raDeg: Float64Array, decDeg: Float64Array, words: Uint32Array, hiAt: number, loAt: number): void {
  const nside = 2 ** order;
  const faceLo = 4 ** order;
  const faceHi = order >= 16 ? 2 ** (2 * order - 32) : 0;
  const n = raDeg.length;
  for (let i = 0; i < n; i++) {
    const ra = raDeg[i]!;
    const dec = decDeg[i]!;
    if (!(dec >= -90 && dec <= 90) || !(ra - ra === 0)) {
      words[2 * i + hiAt] = 0xffffffff;
      words[2 * i + loAt] = 0xffffffff;
      continue;
    }
    const theta = HALF_PI - dec * D2R;
    const z = Math.cos(theta);
    const za = z < 0 ? -z : z;
    let tt = ra * D2R * INV_HALFPI;
    if (tt < 0 || tt >= 4) {
      tt %= 4;
      if (tt < 0) tt += 4;
      if (tt >= 4) tt = 0;
    }
    let f: number;
    let ix: number;
    let iy: number;
    if (za <= TWO_THIRDS) {
      const t1 = nside * (0.5 + tt);
      const t2 = nside * (z * 0.75);
      // Both lie in [0, 5·nside) ⊂ [0, 2^32): >>> 0 is floor, >>> order divides by nside.
      const jp = (t1 - t2) >>> 0;
      const jm = (t1 + t2) >>> 0;
      const ifp = jp >>> order;
      const ifm = jm >>> order;
      const row = ifm - ifp;
      const u = (ifm + ifp) & 7;
      f = row === 0 ? 4 + (u >> 1) : row > 0 ? ((u - 1) >> 1) & 3 : 8 + (((u - 1) >> 1) & 3);
      ix = jm - ifm * nside;
      iy = nside - 1 - (jp - ifp * nside);
    } else {
      const ntt = tt >= 3 ? 3 : Math.floor(tt);
      const tp = tt - ntt;
      const tmp = za > 0.99 ? (nside * Math.sin(theta)) / Math.sqrt((1 + za) / 3) : nside * Math.sqrt(3 * (1 - za));
      let jp = (tp * tmp) >>> 0;
      let jm = ((1 - tp) * tmp) >>> 0;
      if (jp >= nside) jp = nside - 1;
      if (jm >= nside) jm = nside - 1;
      if (z > 0) {
        f = ntt;
        ix = nside - 1 - jm;
        iy = nside - 1 - jp;
      } else {
        f = ntt + 8;
        ix = jp;
        iy = jm;
      }
    }
    const lo = (spread16(ix & 0xffff) | (spread16(iy & 0xffff) << 1)) >>> 0;
    if (order <= 14) {
      // 12·4^14 < 2^32: the whole index fits the low word.
      words[2 * i + hiAt] = 0;
      words[2 * i + loAt] = f * faceLo + lo;
    } else if (order < 16) {
      const v = f * faceLo + lo;
      const hi = Math.floor(v / TWO32);
      words[2 * i + hiAt] = hi;
      words[2 * i + loAt] = v - hi * TWO32;
    } else {
      words[2 * i + hiAt] = (spread16(ix >>> 16) | (spread16(iy >>> 16) << 1)) + f * faceHi;
      words[2 * i + loAt] = lo;
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
    const theta = Math.PI / 2 - dec * D2R;
    const z = Math.cos(theta);
    locToXyf(order, z, ra * D2R, z > 0.99 || z < -0.99 ? Math.sin(theta) : Number.NaN, c);
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
