/**
 * The geometric core shared by both numbering schemes: a direction ↔ (face, ix, iy), the base
 * face (0..11) and the integer coordinates inside it (0 ≤ ix, iy < nside; ix grows toward the
 * face's east corner, iy toward its west corner). Formulas from Górski et al. (2005) §4 (the
 * equal-area z/φ layout: |z| ≤ 2/3 equatorial zone linear in z, polar caps in σ = √(3(1−|z|))),
 * written in the "projection plane" form of Calabretta & Roukema (2007, MNRAS 381, 865), where
 * every base face is a unit diamond. Near the poles 1−|z| is taken from sin θ (as the HEALPix C++
 * library of Reinecke does), so order-29 indices stay exact there; pixel centres near the poles
 * are likewise computed from σ directly rather than through acos(z).
 *
 * The arithmetic follows HEALPix C++ 3.80 `T_Healpix_Base::loc2pix` operation for operation (it
 * is what healpy runs), so that from the same z and φ the indices equal healpy's bit for bit: sin θ
 * is used only where its `ang2pix` passes it (θ < 0.01 or θ > 3.14159 − 0.01, see
 * {@link usesSinTheta}) and |z| ≥ 0.99, and the equatorial face choice is C++'s (which differs
 * between its NESTED and RING code at φ within an ulp of 2π, z = 2/3: see `nestedFace`). One
 * deliberate difference: at φ within an ulp of 2π and z just below −2/3, C++ NESTED computes face
 * 12 (an index outside the sphere); we return face 8. (z itself comes from V8's Math.cos, which
 * differs from glibc's cos, healpy's, in the last bit on ~3% of arguments: that moves a point only
 * when it lies within a few ulps of a pixel edge.)
 */

import { POW2 } from "./order.js";

const INV_HALFPI = 2 / Math.PI;
const TWO_THIRDS = 2 / 3;
const QUARTER_PI = Math.PI / 4;
// biome-ignore lint/suspicious/noApproximativeNumericConstant: HEALPix C++'s own literal, kept to match it.
const CXX_SOUTH_LIMIT = 3.14159 - 0.01;

/** Mutable scratch result for the hot path: no allocation per point. */
export interface Xyf {
  f: number;
  ix: number;
  iy: number;
}

/** Face row (0 north, 1 equatorial, 2 south) and the face centre's u coordinate (units π/4). */
export function faceCentreU(f: number): number {
  return f >> 2 === 1 ? 2 * (f - 4) : 2 * (f & 3) + 1;
}

/**
 * Whether ang2pix passes sin θ to loc2pix for colatitude θ (HEALPix C++ `ang2pix`: within 0.01 rad
 * of a pole, with C++'s literal 3.14159 for the south side).
 */
export function usesSinTheta(thetaRad: number): boolean {
  return thetaRad < 0.01 || thetaRad > CXX_SOUTH_LIMIT;
}

/**
 * (z = cos θ, φ) → face and in-face pixel coordinates at order (nside = 2^order). `sth` is sin θ when known
 * (NaN otherwise); it is used for |z| ≥ 0.99, where 1 − |z| loses precision. `nestedFace`: the face
 * HEALPix C++'s NESTED loc2pix picks in the one place where it differs from its RING one (below).
 */
export function locToXyf(order: number, z: number, phiRad: number, sth: number, out: Xyf, nestedFace = false): void {
  const nside = POW2[order]!;
  const za = Math.abs(z);
  let tt = phiRad * INV_HALFPI;
  if (tt < 0 || tt >= 4) {
    tt %= 4;
    if (tt < 0) tt += 4;
    if (tt >= 4) tt = 0;
  }
  if (za <= TWO_THIRDS) {
    // Equatorial zone: lines of constant jm (ascending) and jp (descending) edges are straight
    // in (φ, z): jm = nside(½ + tt + ¾z), jp = nside(½ + tt − ¾z).
    const t1 = nside * (0.5 + tt);
    const t2 = nside * (z * 0.75);
    // Both are in [0, 5·nside) ⊂ [0, 2^32): >>> 0 is floor, and >>> order divides by nside.
    const jp = (t1 - t2) >>> 0;
    const jm = (t1 + t2) >>> 0;
    const ifp = jp >>> order;
    const ifm = jm >>> order;
    const row = ifm - ifp;
    const u = (ifm + ifp) & 7;
    // C++ NESTED: ifp == ifm ? ifp | 4 : ifp < ifm ? ifp : ifm + 8. Where φ rounds to just below
    // 2π at |z| ≈ 2/3, ifp or ifm is 4: in the north row C++ NESTED gives face 4 and C++ RING (by
    // its own arithmetic) face 0, nestedFace choosing between them; in the south row C++'s ifm + 8
    // = 12 is outside the sphere, and we give 8.
    out.f = row === 0 ? 4 + (u >> 1) : row > 0 ? (nestedFace ? ifp : ((u - 1) >> 1) & 3) : 8 + (((u - 1) >> 1) & 3);
    out.ix = jm - ifm * nside;
    out.iy = nside - 1 - (jp - ifp * nside);
    return;
  }
  const ntt = Math.min(3, Math.floor(tt));
  const tp = tt - ntt;
  // σ·nside with σ = √(3(1−|z|)) = sin θ·√(3/(1+|z|)).
  const tmp = za >= 0.99 && !Number.isNaN(sth) ? nside * sth / Math.sqrt((1 + za) / 3) : nside * Math.sqrt(3 * (1 - za));
  let jp = (tp * tmp) >>> 0;
  let jm = ((1 - tp) * tmp) >>> 0;
  if (jp >= nside) jp = nside - 1;
  if (jm >= nside) jm = nside - 1;
  if (z > 0) {
    out.f = ntt;
    out.ix = nside - 1 - jm;
    out.iy = nside - 1 - jp;
  } else {
    out.f = ntt + 8;
    out.ix = jp;
    out.iy = jm;
  }
}

/** Mutable scratch location: z = cos θ, sth = sin θ (accurate near the poles), phi in [0, 2π). */
export interface Loc {
  z: number;
  sth: number;
  phi: number;
}

/**
 * A point of face f at continuous in-face coordinates (fx, fy) ∈ [0, 1]² (pixel centre:
 * ((ix + ½)/nside, (iy + ½)/nside)) → location. The inverse of {@link locToXyf}.
 */
export function faceToLoc(f: number, fx: number, fy: number, out: Loc): void {
  const row = f >> 2;
  const uc = faceCentreU(f);
  // Ring coordinate t = i/nside ∈ [0, 4]: polar caps below 1 and above 3.
  const s = fx + fy;
  const t = row === 0 ? 2 - s : row === 1 ? 3 - s : 4 - s;
  let u: number;
  if (t >= 1 && t <= 3) {
    const z = (2 - t) * TWO_THIRDS;
    out.z = z;
    out.sth = Math.sqrt((1 - z) * (1 + z));
    u = uc + fx - fy;
  } else {
    const sigma = t < 1 ? t : 4 - t;
    const oneMinus = (sigma * sigma) / 3;
    out.z = t < 1 ? 1 - oneMinus : oneMinus - 1;
    out.sth = sigma * Math.sqrt((2 - oneMinus) / 3);
    u = sigma === 0 ? uc : uc + (fx - fy) / sigma;
  }
  let phi = u * QUARTER_PI;
  if (phi < 0) phi += 2 * Math.PI;
  else if (phi >= 2 * Math.PI) phi -= 2 * Math.PI;
  out.phi = phi;
}
