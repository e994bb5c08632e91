/**
 * Zenithal (azimuthal) projections of Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") §5.1:
 * AZP, SZP, TAN, STG, SIN (with the slant orthographic form that covers the legacy NCP), ARC, ZPN,
 * ZEA and AIR. All have the fiducial point at the native pole (phi0, theta0) = (0, 90); the
 * projection plane polar coordinates are (R_theta, phi) with x = R sin(phi), y = -R cos(phi)
 * (Paper II eqs. 12-13). R0 = 180/pi so plane coordinates are in degrees.
 */
import { WcsError } from "../errors.js";
import { asind, atan2d, atand, cosd, D2R, R2D, sind, tand } from "../math.js";
import { solveBracketed } from "./solve.js";
import { type Projection, type ProjectionParams, setInvalid } from "./types.js";

const R0 = R2D;

function zenithal(
  code: string,
  rOfTheta: (thetaDeg: number) => number,
  thetaOfR: (rDeg: number) => number,
): Projection {
  return {
    code,
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      const r = rOfTheta(thetaDeg);
      if (!Number.isFinite(r)) return setInvalid(out);
      out[0] = r * sind(phiDeg);
      out[1] = -r * cosd(phiDeg);
    },
    toNative(xDeg, yDeg, out) {
      const r = Math.hypot(xDeg, yDeg);
      const theta = thetaOfR(r);
      if (Number.isNaN(theta)) return setInvalid(out);
      out[0] = r === 0 ? 0 : atan2d(xDeg, -yDeg);
      out[1] = theta;
    },
  };
}

/** TAN, gnomonic (Paper II §5.1.3): R = R0 cot(theta); theta > 0 only. */
export function makeTan(): Projection {
  return zenithal(
    "TAN",
    (t) => (t > 0 ? (R0 * cosd(t)) / sind(t) : Number.NaN),
    (r) => atan2d(R0, r),
  );
}

/** STG, stereographic (§5.1.4): R = 2 R0 tan((90 - theta)/2); undefined at theta = -90. */
export function makeStg(): Projection {
  return zenithal(
    "STG",
    (t) => (t > -90 ? (2 * R0 * cosd(t)) / (1 + sind(t)) : Number.NaN),
    (r) => 90 - 2 * atand(r / (2 * R0)),
  );
}

/** ARC, zenithal equidistant (§5.1.6): R = 90 - theta. */
export function makeArc(): Projection {
  return zenithal(
    "ARC",
    (t) => 90 - t,
    (r) => (r <= 180 + 1e-10 ? 90 - Math.min(r, 180) : Number.NaN),
  );
}

/** ZEA, zenithal equal-area (§5.1.8): R = 2 R0 sin((90 - theta)/2). */
export function makeZea(): Projection {
  return zenithal(
    "ZEA",
    (t) => 2 * R0 * sind((90 - t) / 2),
    (r) => {
      const s = r / (2 * R0);
      if (s > 1 + 1e-12) return Number.NaN;
      return 90 - 2 * asind(Math.min(1, s));
    },
  );
}

/**
 * SIN, orthographic and slant orthographic (§5.1.5) with xi = PV2_1, eta = PV2_2:
 * x = R0 (cos(theta) sin(phi) + xi (1 - sin(theta))), y = -R0 (cos(theta) cos(phi) - eta (1 - sin(theta))).
 * The legacy NCP is SIN with (xi, eta) = (0, cot(delta0)). Only the hemisphere facing the
 * projection direction (xi, eta, 1) is valid.
 */
export function makeSin(pv: ProjectionParams): Projection {
  const xi = pv[1] ?? 0;
  const eta = pv[2] ?? 0;
  const a = 1 + xi * xi + eta * eta;
  return {
    code: "SIN",
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      const ct = cosd(thetaDeg);
      const st = sind(thetaDeg);
      const sp = sind(phiDeg);
      const cp = cosd(phiDeg);
      // Visible iff the unit vector has a non-negative component along (xi, eta, 1).
      if (xi * ct * sp - eta * ct * cp + st < -1e-13) return setInvalid(out);
      const t = 1 - st;
      out[0] = R0 * (ct * sp + xi * t);
      out[1] = -R0 * (ct * cp - eta * t);
    },
    toNative(xDeg, yDeg, out) {
      const X = xDeg / R0;
      const Y = yDeg / R0;
      // With t = 1 - sin(theta): (X - xi t)^2 + (Y - eta t)^2 + (1 - t)^2 = 1, a quadratic in t;
      // the smaller root is the front (visible) intersection.
      const b = 1 + X * xi + Y * eta;
      const c = X * X + Y * Y;
      let disc = b * b - a * c;
      if (disc < 0) {
        if (disc < -1e-13) return setInvalid(out);
        disc = 0;
      }
      const t = c === 0 ? 0 : c / (b + Math.sqrt(disc));
      if (!(t >= -1e-13 && t <= 2 + 1e-13)) return setInvalid(out);
      const px = X - xi * t;
      const py = Y - eta * t;
      out[0] = px === 0 && py === 0 ? 0 : atan2d(px, -py);
      out[1] = atan2d(1 - t, Math.hypot(px, py));
    },
  };
}

/**
 * AZP, zenithal perspective (§5.1.1): mu = PV2_1 (spherical radii), gamma = PV2_2 (tilt, degrees).
 * R = R0 (mu + 1) cos(theta) / ((mu + sin(theta)) + cos(theta) cos(phi) tan(gamma)),
 * x = R sin(phi), y = -R sec(gamma) cos(phi).
 */
export function makeAzp(pv: ProjectionParams): Projection {
  const mu = pv[1] ?? 0;
  const gamma = pv[2] ?? 0;
  if (mu === -1) throw new WcsError("BadParameter", "AZP: PV2_1 (mu) must not be -1", "PV2_1");
  const cg = cosd(gamma);
  const sg = sind(gamma);
  const tg = tand(gamma);
  if (cg === 0) throw new WcsError("BadParameter", "AZP: PV2_2 (gamma) must not be +-90", "PV2_2");
  // For |mu| > 1 the far side is hidden: sin(theta) must exceed -1/mu.
  const sinLimit = Math.abs(mu) > 1 ? -1 / mu : -1;
  const valid = (t: number) => sind(t) >= sinLimit - 1e-13;
  return {
    code: "AZP",
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      const ct = cosd(thetaDeg);
      const cp = cosd(phiDeg);
      const d = mu + sind(thetaDeg) + ct * cp * tg;
      if (!(d > 0) || !valid(thetaDeg)) return setInvalid(out);
      const r = (R0 * (mu + 1) * ct) / d;
      out[0] = r * sind(phiDeg);
      out[1] = (-r * cp) / cg;
    },
    toNative(xDeg, yDeg, out) {
      const yc = yDeg * cg;
      const r = Math.hypot(xDeg, yc);
      const phi = r === 0 ? 0 : atan2d(xDeg, -yc);
      if (r === 0) {
        out[0] = 0;
        out[1] = 90;
        return;
      }
      const rho = r / (R0 * (mu + 1) + yDeg * sg);
      const psi = atan2d(1, rho);
      const s = (rho * mu) / Math.sqrt(rho * rho + 1);
      const omega = asind(s);
      if (Number.isNaN(omega)) return setInvalid(out);
      // Two solutions; keep the one in [-90, 90] nearer the native pole.
      let t1 = psi - omega;
      let t2 = psi + omega + 180;
      if (t1 > 180) t1 -= 360;
      if (t2 > 180) t2 -= 360;
      const ok1 = t1 >= -90 - 1e-10 && t1 <= 90 + 1e-10;
      const ok2 = t2 >= -90 - 1e-10 && t2 <= 90 + 1e-10;
      let theta: number;
      if (ok1 && ok2) theta = Math.abs(90 - t1) < Math.abs(90 - t2) ? t1 : t2;
      else if (ok1) theta = t1;
      else if (ok2) theta = t2;
      else return setInvalid(out);
      theta = Math.max(-90, Math.min(90, theta));
      if (!valid(theta)) return setInvalid(out);
      out[0] = phi;
      out[1] = theta;
    },
  };
}

/**
 * SZP, slant zenithal perspective (§5.1.2): mu = PV2_1, phi_c = PV2_2 (default 0),
 * theta_c = PV2_3 (default 90). The perspective point is at (xp, yp, zp) below.
 */
export function makeSzp(pv: ProjectionParams): Projection {
  const mu = pv[1] ?? 0;
  const phic = pv[2] ?? 0;
  const thetac = pv[3] ?? 90;
  const xp = -mu * cosd(thetac) * sind(phic);
  const yp = mu * cosd(thetac) * cosd(phic);
  const zp = mu * sind(thetac) + 1;
  if (zp === 0) throw new WcsError("BadParameter", "SZP: perspective point in the projection plane", "PV2_1");
  // Inverse quadratic in t = 1 - sin(theta), derived from the forward equations:
  // (X - t X')^2 + (Y - t Y')^2 = 2t - t^2 with X' = (X - xp)/zp, Y' = (Y - yp)/zp.
  const inverseT = (X: number, Y: number): number => {
    const Xp = (X - xp) / zp;
    const Yp = (Y - yp) / zp;
    const a = Xp * Xp + Yp * Yp + 1;
    const b = X * Xp + Y * Yp + 1;
    const c = X * X + Y * Y;
    let disc = b * b - a * c;
    if (disc < 0) {
      if (disc < -1e-13) return Number.NaN;
      disc = 0;
    }
    return c === 0 ? 0 : c / (b + Math.sqrt(disc));
  };
  return {
    code: "SZP",
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      const ct = cosd(thetaDeg);
      const st = sind(thetaDeg);
      const sp = sind(phiDeg);
      const cp = cosd(phiDeg);
      const t = 1 - st;
      const d = zp - t;
      // The perspective point is P = (xp, yp, 1 - zp) in sphere-centred coordinates; a point S is
      // projected when it is where the ray from P leaves the sphere, P.S <= 1, and in front of P.
      const pDotS = xp * ct * sp - yp * ct * cp + (1 - zp) * st;
      if (!(d > 0) || pDotS > 1 + 1e-13) return setInvalid(out);
      out[0] = (R0 * (zp * ct * sp - xp * t)) / d;
      out[1] = (-R0 * (zp * ct * cp + yp * t)) / d;
    },
    toNative(xDeg, yDeg, out) {
      const X = xDeg / R0;
      const Y = yDeg / R0;
      const t = inverseT(X, Y);
      if (!(t >= -1e-13 && t <= 2 + 1e-13)) return setInvalid(out);
      const Xp = (X - xp) / zp;
      const Yp = (Y - yp) / zp;
      const px = X - Xp * t;
      const py = Y - Yp * t;
      out[0] = px === 0 && py === 0 ? 0 : atan2d(px, -py);
      out[1] = atan2d(1 - t, Math.hypot(px, py));
    },
  };
}

/**
 * ZPN, zenithal polynomial (§5.1.7): R = R0 sum_m PV2_m (pi/180 (90 - theta))^m, m = 0..20.
 * The inverse is found numerically on [0, zdMax], where zdMax is the first turning point of the
 * polynomial (or pi); radii beyond R(zdMax) or below R(0) are outside the projection.
 */
export function makeZpn(pv: ProjectionParams): Projection {
  const coeffs: number[] = [];
  for (let m = 0; m <= 20; m++) coeffs.push(pv[m] ?? 0);
  while (coeffs.length > 1 && coeffs[coeffs.length - 1] === 0) coeffs.pop();
  const n = coeffs.length;
  const poly = (zd: number): number => {
    let s = 0;
    for (let m = n - 1; m >= 0; m--) s = s * zd + coeffs[m]!;
    return s;
  };
  const dpoly = (zd: number): number => {
    let s = 0;
    for (let m = n - 1; m >= 1; m--) s = s * zd + m * coeffs[m]!;
    return s;
  };
  if (n < 2 || coeffs.slice(1).every((c) => c === 0)) {
    throw new WcsError("BadParameter", "ZPN: the polynomial PV2_m has no non-constant term", "PV2_1");
  }
  // The first turning point of R(zd) on [0, pi] bounds the invertible range.
  let zdMax = Math.PI;
  const steps = 1000;
  if (dpoly(0) <= 0) throw new WcsError("BadParameter", "ZPN: R must increase away from the pole", "PV2_1");
  for (let i = 1; i <= steps; i++) {
    const z = (Math.PI * i) / steps;
    if (dpoly(z) <= 0) {
      zdMax = solveBracketed(dpoly, (Math.PI * (i - 1)) / steps, z, 1e-15);
      break;
    }
  }
  const rMax = poly(zdMax);
  const r0 = coeffs[0]!;
  return {
    code: "ZPN",
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      const zd = (90 - thetaDeg) * D2R;
      if (zd > zdMax + 1e-12) return setInvalid(out);
      const r = R0 * poly(zd);
      out[0] = r * sind(phiDeg);
      out[1] = -r * cosd(phiDeg);
    },
    toNative(xDeg, yDeg, out) {
      const rRad = Math.hypot(xDeg, yDeg) / R0;
      let zd: number;
      if (rRad < r0) {
        if (r0 - rRad > 1e-13) return setInvalid(out);
        zd = 0;
      } else if (rRad > rMax) {
        if (rRad - rMax > 1e-13) return setInvalid(out);
        zd = zdMax;
      } else if (n === 2) {
        zd = (rRad - r0) / coeffs[1]!;
      } else {
        zd = solveBracketed((z) => poly(z) - rRad, 0, zdMax, 1e-15);
      }
      out[0] = xDeg === 0 && yDeg === 0 ? 0 : atan2d(xDeg, -yDeg);
      out[1] = 90 - zd * R2D;
    },
  };
}

/**
 * AIR, Airy (§5.1.9) with theta_b = PV2_1 (default 90):
 * R = -2 R0 (ln(cos xi)/tan xi + ln(cos xi_b)/tan^2(xi_b) tan xi), xi = (90 - theta)/2.
 */
export function makeAir(pv: ProjectionParams): Projection {
  const thetab = pv[1] ?? 90;
  if (thetab > 90 || thetab <= -90) throw new WcsError("BadParameter", "AIR: PV2_1 out of (-90, 90]", "PV2_1");
  const xib = ((90 - thetab) / 2) * D2R;
  // ln(cos xi_b)/tan^2 xi_b tends to -1/2 as xi_b -> 0.
  const cb = xib === 0 ? -0.5 : Math.log(Math.cos(xib)) / (Math.tan(xib) * Math.tan(xib));
  const rOfXi = (xi: number): number => {
    if (xi < 1e-8) return -2 * R0 * (-xi / 2 + cb * xi);
    const tx = Math.tan(xi);
    // ln(cos xi) = log1p(-2 sin^2(xi/2)) keeps precision for small xi (near the native pole).
    const s = Math.sin(xi / 2);
    return -2 * R0 * (Math.log1p(-2 * s * s) / tx + cb * tx);
  };
  return zenithal(
    "AIR",
    (t) => (t > -90 ? rOfXi(((90 - t) / 2) * D2R) : Number.NaN),
    (r) => {
      if (r === 0) return 90;
      // R(xi) increases monotonically on [0, pi/2); bracket the root.
      let hi = Math.PI / 4;
      while (rOfXi(hi) < r) {
        hi = (hi + Math.PI / 2) / 2;
        if (Math.PI / 2 - hi < 1e-12) return Number.NaN;
      }
      const xi = solveBracketed((x) => rOfXi(x) - r, 0, hi, 1e-15);
      return 90 - 2 * xi * R2D;
    },
  );
}
