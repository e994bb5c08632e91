/**
 * Celestial reference frame conversions as unit-vector rotations (plus the FK4 E-terms, which are
 * not a rotation). Sources of the constants:
 * - ICRS -> FK5 J2000: the FK5/Hipparcos frame orientation of Feissel & Mignard (1998, A&A 331,
 *   L33), the rotation astropy uses for FK5.
 * - FK5 equinox J2000 -> other equinoxes: precession angles zeta_A, z_A, theta_A of Capitaine,
 *   Wallace & Chapront 2003 (A&A 412, 567, "P03", eq. 40), the model astropy uses for FK5.
 * - FK4 B1950 -> FK5 J2000: the B1950-to-J2000 rotation of Standish (1982, A&A 115, 20) and
 *   Aoki et al. (1983, A&A 128, 263), after removing the elliptic aberration (E-terms) vector
 *   A = (-1.62557, -0.31919, -0.13843) x 1e-6 rad (Explanatory Supplement 1992, §3.591).
 *   Only FK4 at equinox and epoch B1950 is supported.
 * - Galactic: the IAU 1958 system (Blaauw et al. 1960, MNRAS 121, 123), expressed in FK5 J2000 by
 *   its north pole (192.8594812065348, 27.12825118085622) and the galactic longitude of the north
 *   celestial pole, 122.9319185680026 deg (the values astropy uses).
 * - Ecliptic: mean ecliptic and equinox of J2000 in the IAU 2006 model (Hilton et al. 2006;
 *   Fukushima-Williams bias angles gamma = -0.052928", phi = 84381.412819", psi = -0.041775").
 * All angles in degrees; conversions are pure functions.
 */
import { WcsError } from "./errors.js";
import type { CelestialFrame } from "./types.js";

/** A frame with its equinox (Julian years for FK5 and ecliptic, Besselian for FK4). */
export interface FrameSpec {
  readonly frame: CelestialFrame;
  readonly equinox?: number;
}

type Mat3 = Float64Array;

const AS2R = Math.PI / (180 * 3600);

/** Passive rotation about axis k (0 = x, 1 = y, 2 = z) by `rad`: the matrix that re-expresses vectors. */
function rot(k: 0 | 1 | 2, rad: number): Mat3 {
  const c = Math.cos(rad);
  const s = Math.sin(rad);
  const m = new Float64Array(9);
  const i = (k + 1) % 3;
  const j = (k + 2) % 3;
  m[k * 3 + k] = 1;
  m[i * 3 + i] = c;
  m[j * 3 + j] = c;
  m[i * 3 + j] = s;
  m[j * 3 + i] = -s;
  return m;
}

function mul(a: Mat3, b: Mat3): Mat3 {
  const m = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[r * 3 + c] = a[r * 3]! * b[c]! + a[r * 3 + 1]! * b[3 + c]! + a[r * 3 + 2]! * b[6 + c]!;
  return m;
}

function transpose(a: Mat3): Mat3 {
  const m = new Float64Array(9);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) m[r * 3 + c] = a[c * 3 + r]!;
  return m;
}

function apply(m: Mat3, v: readonly number[]): [number, number, number] {
  return [
    m[0]! * v[0]! + m[1]! * v[1]! + m[2]! * v[2]!,
    m[3]! * v[0]! + m[4]! * v[1]! + m[5]! * v[2]!,
    m[6]! * v[0]! + m[7]! * v[1]! + m[8]! * v[2]!,
  ];
}

const IDENTITY: Mat3 = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1);

/**
 * ICRS -> FK5 J2000: the orientation of the Hipparcos/ICRS frame relative to FK5 (Feissel &
 * Mignard 1998, A&A 331, L33: rotation angles -19.9, -9.1, +22.9 mas about x, y, z).
 */
const MAS2R = AS2R / 1000;
const BIAS: Mat3 = mul(mul(rot(0, 19.9 * MAS2R), rot(1, 9.1 * MAS2R)), rot(2, -22.9 * MAS2R));

/** FK5 J2000 -> mean equator and equinox of Julian epoch `jyear` (P03 precession). */
function precessFromJ2000(jyear: number): Mat3 {
  const t = (jyear - 2000) / 100;
  const poly = (c: readonly number[]) => c.reduceRight((acc, x) => acc * t + x, 0);
  const zeta = poly([2.650545, 2306.083227, 0.2988499, 0.01801828, -0.000005971, -0.0000003173]) * AS2R;
  const z = poly([-2.650545, 2306.077181, 1.0927348, 0.01826837, -0.000028596, -0.0000002904]) * AS2R;
  const theta = poly([0, 2004.191903, -0.4294934, -0.04182264, -0.000007089, -0.0000001274]) * AS2R;
  return mul(mul(rot(2, -z), rot(1, theta)), rot(2, -zeta));
}

/** FK4 (no E-terms) B1950 -> FK5 J2000 (Standish 1982). */
const B1950_TO_J2000: Mat3 = Float64Array.of(
  0.9999256794956877, -0.0111814832204662, -0.0048590038153592,
  0.0111814832391717, 0.9999374848933135, -0.0000271625947142,
  0.0048590037723143, -0.000027170293744, 0.9999881946023742,
);

const E_TERMS = [-1.62557e-6, -0.31919e-6, -0.13843e-6] as const;

function galacticFromFk5J2000(): Mat3 {
  const ra = 192.8594812065348;
  const dec = 27.12825118085622;
  const lon0 = 122.9319185680026;
  const d = Math.PI / 180;
  return mul(mul(rot(2, (180 - lon0) * d), rot(1, (90 - dec) * d)), rot(2, ra * d));
}
const GALACTIC_FROM_FK5 = galacticFromFk5J2000();

/** ICRS -> mean ecliptic and equinox of J2000 (IAU 2006 bias angles, Fukushima-Williams). */
const ECLIPTIC_FROM_ICRS: Mat3 = mul(mul(rot(2, 0.041775 * AS2R), rot(0, 84381.412819 * AS2R)), rot(2, -0.052928 * AS2R));

/** Rotation ICRS -> frame (frames that are pure rotations of ICRS). */
function fromIcrs(spec: FrameSpec): Mat3 {
  switch (spec.frame) {
    case "ICRS":
      return IDENTITY;
    case "FK5": {
      const eq = spec.equinox ?? 2000;
      return eq === 2000 ? BIAS : mul(precessFromJ2000(eq), BIAS);
    }
    case "FK4-NO-E":
      checkB1950(spec);
      return mul(transpose(B1950_TO_J2000), BIAS);
    case "galactic":
      return mul(GALACTIC_FROM_FK5, BIAS);
    case "ecliptic":
      if ((spec.equinox ?? 2000) !== 2000) throw new WcsError("BadParameter", "ecliptic frames are supported for equinox J2000 only");
      return ECLIPTIC_FROM_ICRS;
    default:
      throw new WcsError("BadParameter", `frame ${spec.frame} is not supported for conversion`);
  }
}

function checkB1950(spec: FrameSpec): void {
  if ((spec.equinox ?? 1950) !== 1950) throw new WcsError("BadParameter", "FK4 is supported at equinox B1950 only");
}

/**
 * The rotation matrix (row-major 3x3) taking unit vectors of `from` to `to`.
 * @throws WcsError BadParameter for FK4 with E-terms (not a rotation: use convertFrame) or
 *   unsupported frames/equinoxes.
 */
export function frameMatrix(from: FrameSpec, to: FrameSpec): Float64Array {
  if (from.frame === "FK4" || to.frame === "FK4") throw new WcsError("BadParameter", "FK4 with E-terms is not a rotation; use convertFrame");
  return mul(fromIcrs(to), transpose(fromIcrs(from)));
}

function toVector(lonDeg: number, latDeg: number): [number, number, number] {
  const l = (lonDeg * Math.PI) / 180;
  const b = (latDeg * Math.PI) / 180;
  return [Math.cos(b) * Math.cos(l), Math.cos(b) * Math.sin(l), Math.sin(b)];
}

function toLonLat(v: readonly number[]): [number, number] {
  let lon = (Math.atan2(v[1]!, v[0]!) * 180) / Math.PI;
  if (lon < 0) lon += 360;
  if (lon >= 360) lon -= 360;
  return [lon, (Math.atan2(v[2]!, Math.hypot(v[0]!, v[1]!)) * 180) / Math.PI];
}

/** FK4 (with E-terms) -> FK4 without: r' = r - A + (r . A) r, renormalised. */
function removeETerms(v: readonly number[]): number[] {
  const dot = v[0]! * E_TERMS[0] + v[1]! * E_TERMS[1] + v[2]! * E_TERMS[2];
  const w = [0, 1, 2].map((k) => v[k]! - E_TERMS[k as 0 | 1 | 2] + dot * v[k]!);
  const n = Math.hypot(w[0]!, w[1]!, w[2]!);
  return w.map((x) => x / n);
}

/** Inverse of removeETerms by fixed-point iteration (converges in a few steps: |A| ~ 1.7e-6). */
function addETerms(v: readonly number[]): number[] {
  let r = [...v];
  for (let it = 0; it < 10; it++) {
    const back = removeETerms(r);
    r = r.map((x, k) => x + (v[k]! - back[k]!));
    const n = Math.hypot(r[0]!, r[1]!, r[2]!);
    r = r.map((x) => x / n);
  }
  return r;
}

/**
 * Converts a position between celestial frames.
 * @returns [lonDeg in [0, 360), latDeg] in the target frame
 * @throws WcsError BadParameter for unsupported frames or equinoxes.
 * @example convertFrame(266.40499, -28.93617, { frame: "ICRS" }, { frame: "galactic" }) // ~ [0, 0]
 */
export function convertFrame(lonDeg: number, latDeg: number, from: FrameSpec, to: FrameSpec): [number, number] {
  let v: readonly number[] = toVector(lonDeg, latDeg);
  if (from.frame === "FK4") {
    checkB1950(from);
    v = apply(transpose(fromIcrs({ frame: "FK4-NO-E" })), removeETerms(v));
  } else {
    v = apply(transpose(fromIcrs(from)), v);
  }
  if (to.frame === "FK4") {
    checkB1950(to);
    v = addETerms(apply(fromIcrs({ frame: "FK4-NO-E" }), v));
  } else {
    v = apply(fromIcrs(to), v);
  }
  return toLonLat(v);
}
