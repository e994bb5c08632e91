/**
 * The spherical rotation between native (phi, theta) and celestial (lon, lat) coordinates of
 * Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") §2.3 (eqs. 2 and 5), and the choice of
 * the celestial coordinates of the native pole (alpha_p, delta_p) from CRVAL, the fiducial point
 * (phi0, theta0), LONPOLE (phi_p) and LATPOLE (§2.4, eqs. 8-10 and the LONPOLE/LATPOLE defaults:
 * phi_p = phi0 if delta0 >= theta0 else phi0 + 180; of the two delta_p solutions the one nearer LATPOLE,
 * default +90). All angles in degrees.
 */
import { WcsError } from "./errors.js";
import { acosd, atan2d, cosd, D2R, norm180, norm360, R2D, sind } from "./math.js";

/** The rotation constants of one WCS. */
export interface SphericalRotation {
  /** Celestial longitude of the native pole, degrees. */
  readonly alphaPDeg: number;
  /** Celestial latitude of the native pole, degrees. */
  readonly deltaPDeg: number;
  /** Native longitude of the celestial pole (LONPOLE), degrees. */
  readonly phiPDeg: number;
  readonly sinDp: number;
  readonly cosDp: number;
}

/**
 * Computes (alpha_p, delta_p, phi_p) per Paper II §2.4.
 * @param crvalLonDeg celestial longitude of the reference point (alpha0)
 * @param crvalLatDeg celestial latitude of the reference point (delta0)
 * @throws WcsError Inconsistent when no celestial pole satisfies LONPOLE (Paper II eq. 8 has no root).
 */
export function makeRotation(
  crvalLonDeg: number,
  crvalLatDeg: number,
  phi0Deg: number,
  theta0Deg: number,
  lonpoleDeg?: number,
  latpoleDeg?: number,
): SphericalRotation {
  const a0 = crvalLonDeg;
  const d0 = crvalLatDeg;
  const phiP = lonpoleDeg ?? phi0Deg + (d0 >= theta0Deg ? 0 : 180);
  const latpole = latpoleDeg ?? 90;
  let alphaP: number;
  let deltaP: number;
  if (theta0Deg === 90) {
    alphaP = a0;
    deltaP = d0;
  } else {
    const dphi = phiP - phi0Deg;
    const st0 = sind(theta0Deg);
    const ct0 = cosd(theta0Deg);
    const sdphi = sind(dphi);
    const denom = Math.sqrt(1 - ct0 * ct0 * sdphi * sdphi);
    if (denom === 0) {
      deltaP = latpole;
    } else {
      const u = atan2d(st0, ct0 * cosd(dphi));
      const q = sind(d0) / denom;
      if (Math.abs(q) > 1 + 1e-12) {
        throw new WcsError("Inconsistent", `no celestial pole is consistent with CRVAL and LONPOLE = ${phiP}`, "LONPOLE");
      }
      const v = acosd(Math.max(-1, Math.min(1, q)));
      const c1 = norm180(u + v);
      const c2 = norm180(u - v);
      const ok1 = Math.abs(c1) <= 90 + 1e-10;
      const ok2 = Math.abs(c2) <= 90 + 1e-10;
      if (ok1 && ok2) deltaP = Math.abs(c1 - latpole) <= Math.abs(c2 - latpole) ? c1 : c2;
      else if (ok1) deltaP = c1;
      else if (ok2) deltaP = c2;
      else throw new WcsError("Inconsistent", "no valid celestial latitude of the native pole", "LATPOLE");
      deltaP = Math.max(-90, Math.min(90, deltaP));
    }
    if (Math.abs(d0) === 90) {
      // Reference point at a celestial pole: eq. 9's arguments both vanish and alpha_p only fixes
      // the longitude origin; the native meridian through the native pole carries alpha0.
      alphaP = a0;
    } else if (Math.abs(deltaP) === 90) {
      alphaP = deltaP > 0 ? a0 + phiP - phi0Deg - 180 : a0 + phi0Deg - phiP;
    } else {
      const y = sdphi * ct0;
      const x = (st0 - sind(deltaP) * sind(d0)) / cosd(deltaP);
      alphaP = a0 - atan2d(y, x);
    }
  }
  return {
    alphaPDeg: norm360(alphaP),
    deltaPDeg: deltaP,
    phiPDeg: phiP,
    sinDp: sind(deltaP),
    cosDp: cosd(deltaP),
  };
}

/**
 * Native (phi, theta) -> celestial (lon, lat), degrees (Paper II eq. 2). Writes out[0] = lon in
 * [0, 360), out[1] = lat. NaN inputs give NaN outputs.
 */
export function nativeToCelestial(rot: SphericalRotation, phiDeg: number, thetaDeg: number, out: Float64Array): void {
  const t = thetaDeg * D2R;
  const dp = (phiDeg - rot.phiPDeg) * D2R;
  const st = Math.sin(t);
  const ct = Math.cos(t);
  const cdp = Math.cos(dp);
  const x = st * rot.cosDp - ct * rot.sinDp * cdp;
  const y = -ct * Math.sin(dp);
  const z = st * rot.sinDp + ct * rot.cosDp * cdp;
  let lon = rot.alphaPDeg + Math.atan2(y, x) * R2D;
  if (lon >= 360) lon -= 360;
  else if (lon < 0) lon += 360;
  if (lon >= 360) lon -= 360;
  out[0] = lon;
  out[1] = Math.atan2(z, Math.sqrt(x * x + y * y)) * R2D;
  if (thetaDeg === 90 || thetaDeg === -90) {
    // Exactly at a native pole: the celestial position is the pole's, whatever phi says.
    out[0] = thetaDeg === 90 ? rot.alphaPDeg : out[0];
  }
}

/**
 * The unit vector of celestial (lon, lat) in the native frame before the phi_p rotation (Paper II
 * eq. 5): out[0] = cos(theta) cos(phi - phi_p), out[1] = cos(theta) sin(phi - phi_p),
 * out[2] = sin(theta). Shared by celestialToNative and the TAN fast path.
 */
export function celestialToNativeVector(rot: SphericalRotation, lonDeg: number, latDeg: number, out: Float64Array): void {
  const d = latDeg * D2R;
  const da = (lonDeg - rot.alphaPDeg) * D2R;
  const sd = Math.sin(d);
  const cd = Math.cos(d);
  const cda = Math.cos(da);
  out[0] = sd * rot.cosDp - cd * rot.sinDp * cda;
  out[1] = -cd * Math.sin(da);
  out[2] = sd * rot.sinDp + cd * rot.cosDp * cda;
}

const scratch = new Float64Array(3);

/** Celestial (lon, lat) -> native (phi, theta), degrees (Paper II eq. 5). out[0] = phi in [-180, 180]. */
export function celestialToNative(rot: SphericalRotation, lonDeg: number, latDeg: number, out: Float64Array): void {
  celestialToNativeVector(rot, lonDeg, latDeg, scratch);
  const x = scratch[0]!;
  const y = scratch[1]!;
  const z = scratch[2]!;
  let phi = rot.phiPDeg + Math.atan2(y, x) * R2D;
  if (phi > 180) phi -= 360;
  else if (phi < -180) phi += 360;
  if (phi > 180) phi -= 360;
  else if (phi < -180) phi += 360;
  out[0] = phi;
  out[1] = Math.atan2(z, Math.sqrt(x * x + y * y)) * R2D;
}
