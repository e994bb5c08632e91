/**
 * Polyconic and pseudoconic projections of Calabretta & Greisen (2002, A&A 395, 1077, "Paper II")
 * §5.5: BON (Bonne's equal area, theta_1 = PV2_1; theta_1 = 0 is SFL) and PCO (American polyconic).
 * Fiducial point (phi0, theta0) = (0, 0); degrees throughout.
 */
import { WcsError } from "../errors.js";
import { atan2d, cosd, D2R, R2D, sind } from "../math.js";
import { makeSfl } from "./pseudocylindrical.js";
import { solveBracketed } from "./solve.js";
import { type Projection, type ProjectionParams, setInvalid } from "./types.js";

const R0 = R2D;

/**
 * BON (§5.5.1): Y0 = R0 cot(theta_1) + theta_1, R = Y0 - theta, A = R0 phi cos(theta)/R,
 * x = R sin(A), y = -R cos(A) + Y0.
 */
export function makeBon(pv: ProjectionParams): Projection {
  const theta1 = pv[1];
  if (theta1 === undefined) throw new WcsError("BadParameter", "BON: PV2_1 (theta_1) is required", "PV2_1");
  if (theta1 === 0) {
    const sfl = makeSfl();
    return { ...sfl, code: "BON" };
  }
  if (Math.abs(theta1) > 90) throw new WcsError("BadParameter", "BON: PV2_1 must be in [-90, 90]", "PV2_1");
  const y0 = (R0 * cosd(theta1)) / sind(theta1) + theta1;
  const sign = theta1 < 0 ? -1 : 1;
  return {
    code: "BON",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      const r = y0 - thetaDeg;
      const a = r === 0 ? 0 : (R0 * phiDeg * cosd(thetaDeg)) / r;
      out[0] = r * sind(a);
      out[1] = -r * cosd(a) + y0;
    },
    toNative(xDeg, yDeg, out) {
      const dy = y0 - yDeg;
      const r = sign * Math.hypot(xDeg, dy);
      const theta = y0 - r;
      if (theta < -90 - 1e-10 || theta > 90 + 1e-10) return setInvalid(out);
      const a = r === 0 ? 0 : atan2d(xDeg / r, dy / r);
      const ct = cosd(theta);
      if (Math.abs(ct) < 1e-14) out[0] = 0;
      else out[0] = (a * D2R * r) / ct;
      out[1] = Math.max(-90, Math.min(90, theta));
    },
  };
}

/**
 * PCO (§5.5.2): x = R0 sin(phi sin(theta)) cot(theta), y = theta + R0 cot(theta) (1 - cos(phi sin(theta))),
 * with x = phi, y = 0 at theta = 0. The inverse solves, with X = x/R0, Y = y/R0 (radians),
 * f(theta) = tan(theta) (X^2 + (Y - theta)^2) - 2 (Y - theta) = 0 for theta between 0 and Y
 * (eliminating u = phi sin(theta) from sin u = X tan(theta), 1 - cos u = (Y - theta) tan(theta)).
 */
export function makePco(): Projection {
  return {
    code: "PCO",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      if (Math.abs(thetaDeg) < 1e-10) {
        // Limit theta -> 0 (cot(theta) overflows): x = phi, y = theta to first order.
        out[0] = phiDeg;
        out[1] = thetaDeg;
        return;
      }
      const st = sind(thetaDeg);
      const cot = cosd(thetaDeg) / st;
      const u = phiDeg * st;
      out[0] = R0 * sind(u) * cot;
      // 1 - cos(u) = 2 sin^2(u/2): keeps precision for the small u of points near the equator.
      const h = sind(u / 2);
      out[1] = thetaDeg + R0 * cot * 2 * h * h;
    },
    toNative(xDeg, yDeg, out) {
      const X = xDeg / R0;
      const Y = yDeg / R0;
      if (Math.abs(Y) < 1e-15) {
        out[0] = xDeg;
        out[1] = 0;
        return;
      }
      const s = Y < 0 ? -1 : 1;
      const ay = Math.abs(Y);
      const x2 = X * X;
      const f = (t: number) => Math.tan(t) * (x2 + (ay - t) * (ay - t)) - 2 * (ay - t);
      const hi = Math.min(ay, Math.PI / 2 - 1e-15);
      // Relative tolerance: near the equator theta is tiny and an absolute one would be too coarse.
      let t = f(hi) < 0 ? Number.NaN : solveBracketed(f, 0, hi, Math.max(1e-300, hi * 1e-15));
      for (let k = 0; k < 2 && Number.isFinite(t) && t > 0 && t < Math.PI / 2; k++) {
        // Newton polish: f'(t) = sec^2(t) (X^2 + (Y - t)^2) - 2 tan(t) (Y - t) + 2.
        const c = Math.cos(t);
        const d = ay - t;
        const fp = (x2 + d * d) / (c * c) - 2 * Math.tan(t) * d + 2;
        const step = f(t) / fp;
        if (Number.isFinite(step) && Math.abs(step) < 1e-3 * Math.max(t, 1e-300) + 1e-300) t -= step;
      }
      if (Number.isNaN(t)) {
        if (ay <= Math.PI / 2 + 1e-12 && Math.abs(X) < 1e-12) t = Math.min(ay, Math.PI / 2);
        else return setInvalid(out);
      }
      const theta = s * t;
      const tt = Math.tan(theta);
      const st = Math.sin(theta);
      let phi: number;
      if (Math.abs(st) < 1e-12) phi = xDeg;
      else {
        const u = Math.atan2(X * tt, 1 - (Y - theta) * tt);
        phi = (u / st) * R2D;
      }
      out[0] = phi;
      out[1] = theta * R2D;
    },
  };
}
