/**
 * Quad-cube projections of Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") §5.6: TSC
 * (tangential spherical cube), CSC (COBE quadrilateralized spherical cube, Chan & O'Neill 1975,
 * whose forward and inverse are separate polynomial fits, so a round trip is only good to about a
 * pixel of a fine grid) and QSC (quadrilateralized spherical cube, O'Neill & Laubscher 1976).
 * The sphere is cut into six faces laid out in a sideways cross (Paper II Fig. 33): face 0 (native
 * pole) above face 1, faces 1-4 along the native equator at x = 0, 90, 180, 270 degrees, face 5
 * below face 1. Fiducial point (phi0, theta0) = (0, 0). Degrees throughout.
 */
import { atan2d, cosd, R2D, sind } from "../math.js";
import { type Projection, setInvalid } from "./types.js";

/** Face centres (x, y) in degrees, indexed by face number. */
const FACE_X = [0, 0, 90, 180, 270, 0] as const;
const FACE_Y = [90, 0, 0, 0, 0, -90] as const;

/** On-face coordinates: xi, eta across the face, zeta towards the face centre. */
type FaceMap = (xi: number, eta: number, zeta: number, out: Float64Array) => void;

/** Face-local (xi, eta, zeta) -> native (l, m, n) direction cosines, per face (Paper II Table 10). */
function faceToLmn(face: number, xi: number, eta: number, zeta: number, out: Float64Array): void {
  let l: number;
  let m: number;
  let n: number;
  switch (face) {
    case 0:
      n = zeta;
      m = xi;
      l = -eta;
      break;
    case 1:
      l = zeta;
      m = xi;
      n = eta;
      break;
    case 2:
      m = zeta;
      l = -xi;
      n = eta;
      break;
    case 3:
      l = -zeta;
      m = -xi;
      n = eta;
      break;
    case 4:
      m = -zeta;
      l = xi;
      n = eta;
      break;
    default:
      n = -zeta;
      m = xi;
      l = eta;
  }
  out[0] = atan2d(m, l);
  out[1] = atan2d(n, Math.hypot(l, m));
  if (l === 0 && m === 0) out[0] = 0;
}

function quadcube(code: string, toFace: FaceMap, fromFace: FaceMap): Projection {
  const buf = new Float64Array(2);
  return {
    code,
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      const ct = cosd(thetaDeg);
      const l = ct * cosd(phiDeg);
      const m = ct * sind(phiDeg);
      const n = sind(thetaDeg);
      // The face whose centre is nearest: the largest direction cosine.
      let face = 0;
      let best = n;
      if (l > best) {
        face = 1;
        best = l;
      }
      if (m > best) {
        face = 2;
        best = m;
      }
      if (-l > best) {
        face = 3;
        best = -l;
      }
      if (-m > best) {
        face = 4;
        best = -m;
      }
      if (-n > best) face = 5;
      let xi: number;
      let eta: number;
      let zeta: number;
      switch (face) {
        case 0:
          xi = m;
          eta = -l;
          zeta = n;
          break;
        case 1:
          xi = m;
          eta = n;
          zeta = l;
          break;
        case 2:
          xi = -l;
          eta = n;
          zeta = m;
          break;
        case 3:
          xi = -m;
          eta = n;
          zeta = -l;
          break;
        case 4:
          xi = l;
          eta = n;
          zeta = -m;
          break;
        default:
          xi = m;
          eta = l;
          zeta = -n;
      }
      toFace(xi, eta, zeta, buf);
      out[0] = FACE_X[face]! + 45 * buf[0]!;
      out[1] = FACE_Y[face]! + 45 * buf[1]!;
    },
    toNative(xDeg, yDeg, out) {
      let x = xDeg;
      if (x < -45) x += 360;
      let face: number;
      if (yDeg > 45) face = 0;
      else if (yDeg < -45) face = 5;
      else face = 1 + Math.min(3, Math.max(0, Math.floor((x + 45) / 90)));
      const u = (x - FACE_X[face]!) / 45;
      const v = (yDeg - FACE_Y[face]!) / 45;
      if (Math.abs(u) > 1 + 1e-12 || Math.abs(v) > 1 + 1e-12) return setInvalid(out);
      fromFace(Math.max(-1, Math.min(1, u)), Math.max(-1, Math.min(1, v)), 0, buf);
      // buf holds (xi/zeta, eta/zeta) along the face; rebuild the unit vector.
      const zeta = 1 / Math.sqrt(1 + buf[0]! * buf[0]! + buf[1]! * buf[1]!);
      faceToLmn(face, buf[0]! * zeta, buf[1]! * zeta, zeta, out);
    },
  };
}

/** TSC (§5.6.1): gnomonic projection of each face; face coordinates are xi/zeta, eta/zeta. */
export function makeTsc(): Projection {
  return quadcube(
    "TSC",
    (xi, eta, zeta, out) => {
      out[0] = xi / zeta;
      out[1] = eta / zeta;
    },
    (u, v, _z, out) => {
      out[0] = u;
      out[1] = v;
    },
  );
}

// CSC forward-fit constants (Chan & O'Neill 1975, as tabulated in Paper II §5.6.2).
const GSTAR = 1.37484847732;
const MM = 0.004869491981;
const GAMMA = -0.13161671474;
const OMEGA1 = -0.159596235474;
const D0 = 0.0759196200467;
const D1 = -0.0217762490699;
const C00 = 0.141189631152;
const C10 = 0.0809701286525;
const C01 = -0.281528535557;
const C11 = 0.15384112876;
const C20 = -0.178251207466;
const C02 = 0.106959469314;

/** CSC forward fit: face plane coordinate chi from tangent-plane (a, b) = (xi/zeta, eta/zeta). */
function cscForward(a: number, b: number): number {
  const a2 = a * a;
  const b2 = b * b;
  const sumC = C00 + C10 * a2 + C01 * b2 + C11 * a2 * b2 + C20 * a2 * a2 + C02 * b2 * b2;
  return (
    a * GSTAR +
    a2 * a * (1 - GSTAR) +
    a * b2 * (1 - a2) * (GAMMA + (MM - GAMMA) * a2 + (1 - b2) * sumC) +
    a2 * a * (1 - a2) * (OMEGA1 - (1 - a2) * (D0 + D1 * a2))
  );
}

// CSC inverse-fit coefficients P_ij, i + j <= 6 (Chan & O'Neill 1975; Paper II §5.6.2), rows by i.
const P: readonly (readonly number[])[] = [
  [-0.27292696, -0.02819452, 0.2705816, -0.6044156, 0.93412077, -0.63915306, 0.14381585],
  [-0.07629969, -0.01471565, -0.56800938, 1.50880086, -1.4160192, 0.52032238],
  [-0.22797056, 0.48051509, 0.30803317, -0.93678576, 0.33887446],
  [0.54852384, -1.74114454, 0.98938102, 0.08693841],
  [-0.62930065, 1.71547508, -0.83180469],
  [0.25795794, -0.53022337],
  [0.02584375],
];

function cscInverse(chi: number, psi: number): number {
  const c2 = chi * chi;
  const p2 = psi * psi;
  let sum = 0;
  let ci = 1;
  for (let i = 0; i < P.length; i++) {
    const row = P[i]!;
    let pj = 1;
    for (let j = 0; j < row.length; j++) {
      sum += row[j]! * ci * pj;
      pj *= p2;
    }
    ci *= c2;
  }
  return chi + chi * (1 - c2) * sum;
}

/** CSC (§5.6.2): polynomial fits; round trips agree to ~1e-3 of a face (see module header). */
export function makeCsc(): Projection {
  return quadcube(
    "CSC",
    (xi, eta, zeta, out) => {
      const a = xi / zeta;
      const b = eta / zeta;
      out[0] = cscForward(a, b);
      out[1] = cscForward(b, a);
    },
    (u, v, _z, out) => {
      out[0] = cscInverse(u, v);
      out[1] = cscInverse(v, u);
    },
  );
}

/**
 * QSC (§5.6.3), equal area. In the face triangle where |xi| >= |eta|, with omega = eta/xi:
 * u = 45 sqrt((1 - zeta)/(1 - 1/sqrt(2 + omega^2))), v = (u/15) (atan(omega) - asin(omega/sqrt(2 + 2 omega^2)))
 * (degrees); the other triangle swaps the roles of xi and eta. 1 - zeta is computed as
 * (xi^2 + eta^2)/(1 + zeta) to keep precision near the face centre.
 */
export function makeQsc(): Projection {
  return quadcube(
    "QSC",
    (xi, eta, zeta, out) => {
      const axi = Math.abs(xi);
      const aeta = Math.abs(eta);
      if (axi === 0 && aeta === 0) {
        out[0] = 0;
        out[1] = 0;
        return;
      }
      const oneMinusZeta = (xi * xi + eta * eta) / (1 + zeta);
      const major = axi >= aeta ? xi : eta;
      const omega = axi >= aeta ? eta / xi : xi / eta;
      const u = Math.sqrt(oneMinusZeta / (1 - 1 / Math.sqrt(2 + omega * omega)));
      const v = (u / 15) * (Math.atan(omega) * R2D - Math.asin(omega / Math.sqrt(2 + 2 * omega * omega)) * R2D);
      const s = major < 0 ? -1 : 1;
      if (axi >= aeta) {
        out[0] = s * u;
        out[1] = s * v;
      } else {
        out[0] = s * v;
        out[1] = s * u;
      }
    },
    (u, v, _z, out) => {
      // Returns (xi/zeta, eta/zeta).
      const au = Math.abs(u);
      const av = Math.abs(v);
      if (au === 0 && av === 0) {
        out[0] = 0;
        out[1] = 0;
        return;
      }
      const major = au >= av ? u : v;
      const minor = au >= av ? v : u;
      const a = (15 * minor) / major;
      const omega = sind(a) / (cosd(a) - Math.SQRT1_2);
      const t = major * major * (1 - 1 / Math.sqrt(2 + omega * omega));
      const zeta = 1 - t;
      const rho2 = t * (2 - t);
      const s = major < 0 ? -1 : 1;
      const p = s * Math.sqrt(rho2 / (1 + omega * omega));
      const q = omega * p;
      const xi = au >= av ? p : q;
      const eta = au >= av ? q : p;
      out[0] = xi / zeta;
      out[1] = eta / zeta;
    },
  );
}
