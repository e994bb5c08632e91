/**
 * Simple Imaging Polynomial distortion (Shupe, Moshir, Li et al. 2005, "The SIP Convention for
 * Representing Distortion in FITS Image Headers", ASP Conf. Ser. 347, 491). With pixel offsets
 * (u, v) = (p1 - CRPIX1, p2 - CRPIX2): u' = u + sum A_p_q u^p v^q, v' = v + sum B_p_q u^p v^q; the
 * linear matrix then applies to (u', v'). The inverse starts from AP/BP when present and is always
 * refined by Newton's method with the analytic Jacobian to 1e-10 pixel, so it is the exact inverse
 * of A/B (as astropy's all_world2pix is), not the approximate AP/BP fit.
 */
import type { SipParams } from "../types.js";

/** Evaluates sum c[p][q] u^p v^q (row-major, stride order+1) by nested Horner. */
export function sipPoly(c: Float64Array, order: number, u: number, v: number): number {
  const n = order + 1;
  let s = 0;
  for (let p = order; p >= 0; p--) {
    let row = 0;
    const base = p * n;
    for (let q = order - p; q >= 0; q--) row = row * v + c[base + q]!;
    s = s * u + row;
  }
  return s;
}

/**
 * SIP forward polynomials flattened to their non-zero terms, so A and B share one table of powers
 * of u and v per point (the hot path of TAN-SIP transforms).
 */
export interface CompiledSip {
  readonly maxOrder: number;
  readonly aP: Int32Array;
  readonly aQ: Int32Array;
  readonly aC: Float64Array;
  readonly bP: Int32Array;
  readonly bQ: Int32Array;
  readonly bC: Float64Array;
  /** Scratch powers u^k and v^k, k = 0..maxOrder. */
  readonly up: Float64Array;
  readonly vp: Float64Array;
}

function terms(c: Float64Array, order: number): { p: Int32Array; q: Int32Array; c: Float64Array } {
  const p: number[] = [];
  const q: number[] = [];
  const v: number[] = [];
  for (let i = 0; i <= order; i++) {
    for (let j = 0; i + j <= order; j++) {
      const a = c[i * (order + 1) + j]!;
      if (a !== 0) {
        p.push(i);
        q.push(j);
        v.push(a);
      }
    }
  }
  return { p: Int32Array.from(p), q: Int32Array.from(q), c: Float64Array.from(v) };
}

/** Flattens the forward coefficients of `sip` (see CompiledSip). */
export function compileSip(sip: SipParams): CompiledSip {
  const a = terms(sip.a, sip.aOrder);
  const b = terms(sip.b, sip.bOrder);
  const maxOrder = Math.max(sip.aOrder, sip.bOrder);
  return {
    maxOrder,
    aP: a.p,
    aQ: a.q,
    aC: a.c,
    bP: b.p,
    bQ: b.q,
    bC: b.c,
    up: new Float64Array(maxOrder + 1),
    vp: new Float64Array(maxOrder + 1),
  };
}

/** Pixel offsets (u, v) -> distorted offsets (u', v') with compiled terms, writing out[0], out[1]. */
export function sipForwardCompiled(c: CompiledSip, u: number, v: number, out: Float64Array): void {
  const up = c.up;
  const vp = c.vp;
  up[0] = 1;
  vp[0] = 1;
  for (let k = 1; k <= c.maxOrder; k++) {
    up[k] = up[k - 1]! * u;
    vp[k] = vp[k - 1]! * v;
  }
  let da = 0;
  for (let i = 0; i < c.aC.length; i++) da += c.aC[i]! * up[c.aP[i]!]! * vp[c.aQ[i]!]!;
  let db = 0;
  for (let i = 0; i < c.bC.length; i++) db += c.bC[i]! * up[c.bP[i]!]! * vp[c.bQ[i]!]!;
  out[0] = u + da;
  out[1] = v + db;
}

const cGrad = new Float64Array(6);

/** A, B and their partial derivatives at (u, v) from compiled terms into cGrad: [A, Au, Av, B, Bu, Bv]. */
function evalWithGradient(c: CompiledSip, u: number, v: number): void {
  const up = c.up;
  const vp = c.vp;
  up[0] = 1;
  vp[0] = 1;
  for (let k = 1; k <= c.maxOrder; k++) {
    up[k] = up[k - 1]! * u;
    vp[k] = vp[k - 1]! * v;
  }
  let a = 0;
  let au = 0;
  let av = 0;
  for (let i = 0; i < c.aC.length; i++) {
    const p = c.aP[i]!;
    const q = c.aQ[i]!;
    const k = c.aC[i]!;
    a += k * up[p]! * vp[q]!;
    if (p > 0) au += k * p * up[p - 1]! * vp[q]!;
    if (q > 0) av += k * q * up[p]! * vp[q - 1]!;
  }
  let b = 0;
  let bu = 0;
  let bv = 0;
  for (let i = 0; i < c.bC.length; i++) {
    const p = c.bP[i]!;
    const q = c.bQ[i]!;
    const k = c.bC[i]!;
    b += k * up[p]! * vp[q]!;
    if (p > 0) bu += k * p * up[p - 1]! * vp[q]!;
    if (q > 0) bv += k * q * up[p]! * vp[q - 1]!;
  }
  cGrad[0] = a;
  cGrad[1] = au;
  cGrad[2] = av;
  cGrad[3] = b;
  cGrad[4] = bu;
  cGrad[5] = bv;
}

/**
 * Distorted offsets (u', v') -> pixel offsets (u, v): starts from AP/BP when present, then Newton's
 * method with the analytic Jacobian of A/B to |step| < 1e-10 pixel (at most 50 steps). NaN when it
 * does not converge.
 */
export function sipInverseCompiled(c: CompiledSip, sip: SipParams, up: number, vp: number, out: Float64Array): void {
  let u = up;
  let v = vp;
  if (sip.ap && sip.bp && sip.apOrder !== undefined && sip.bpOrder !== undefined) {
    u = up + sipPoly(sip.ap, sip.apOrder, up, vp);
    v = vp + sipPoly(sip.bp, sip.bpOrder, up, vp);
  }
  for (let it = 0; it < 50; it++) {
    evalWithGradient(c, u, v);
    const fu = u + cGrad[0]! - up;
    const fv = v + cGrad[3]! - vp;
    const j11 = 1 + cGrad[1]!;
    const j12 = cGrad[2]!;
    const j21 = cGrad[4]!;
    const j22 = 1 + cGrad[5]!;
    const det = j11 * j22 - j12 * j21;
    const du = (fu * j22 - fv * j12) / det;
    const dv = (fv * j11 - fu * j21) / det;
    u -= du;
    v -= dv;
    if (Math.abs(du) < 1e-11 && Math.abs(dv) < 1e-11) {
      out[0] = u;
      out[1] = v;
      return;
    }
    if (!Number.isFinite(u) || !Number.isFinite(v)) break;
  }
  evalWithGradient(c, u, v);
  const ok = Math.abs(u + cGrad[0]! - up) < 1e-9 && Math.abs(v + cGrad[3]! - vp) < 1e-9;
  out[0] = ok ? u : Number.NaN;
  out[1] = ok ? v : Number.NaN;
}
