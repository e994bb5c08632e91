/**
 * Pseudocylindrical and related projections of Calabretta & Greisen (2002, A&A 395, 1077,
 * "Paper II") §5.3: SFL (Sanson-Flamsteed, also the legacy GLS), PAR (parabolic), MOL (Mollweide)
 * and AIT (Hammer-Aitoff). Fiducial point (phi0, theta0) = (0, 0); degrees throughout.
 */
import { asind, atan2d, cosd, R2D, sind } from "../math.js";
import { solveBracketed } from "./solve.js";
import { type Projection, setInvalid } from "./types.js";

const R0 = R2D;
const SQRT2 = Math.SQRT2;

/** SFL (§5.3.1): x = phi cos(theta), y = theta. */
export function makeSfl(): Projection {
  return {
    code: "SFL",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      out[0] = phiDeg * cosd(thetaDeg);
      out[1] = thetaDeg;
    },
    toNative(xDeg, yDeg, out) {
      if (Math.abs(yDeg) > 90 + 1e-12) return setInvalid(out);
      const c = cosd(yDeg);
      if (c === 0) {
        if (xDeg !== 0) return setInvalid(out);
        out[0] = 0;
      } else out[0] = xDeg / c;
      out[1] = yDeg;
    },
  };
}

/** PAR (§5.3.2): x = phi (2 cos(2 theta/3) - 1), y = 180 sin(theta/3). */
export function makePar(): Projection {
  return {
    code: "PAR",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      out[0] = phiDeg * (2 * cosd((2 * thetaDeg) / 3) - 1);
      out[1] = 180 * sind(thetaDeg / 3);
    },
    toNative(xDeg, yDeg, out) {
      const s = yDeg / 180;
      if (Math.abs(s) > 0.5 + 1e-13) return setInvalid(out);
      // 2 cos(2 theta/3) - 1 = 1 - 4 sin^2(theta/3).
      const d = 1 - 4 * s * s;
      if (d <= 1e-13) {
        if (Math.abs(xDeg) > 1e-12) return setInvalid(out);
        out[0] = 0;
      } else out[0] = xDeg / d;
      out[1] = 3 * asind(Math.max(-0.5, Math.min(0.5, s)));
    },
  };
}

/**
 * MOL (§5.3.3): x = (2 sqrt2 / pi) phi cos(gamma), y = sqrt2 R0 sin(gamma), where
 * 2 gamma + sin(2 gamma) = pi sin(theta) (gamma in radians).
 */
export function makeMol(): Projection {
  return {
    code: "MOL",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      let gamma: number;
      if (Math.abs(thetaDeg) >= 90) gamma = Math.sign(thetaDeg) * (Math.PI / 2);
      else {
        const target = Math.PI * sind(thetaDeg);
        gamma = solveBracketed((g) => 2 * g + Math.sin(2 * g) - target, -Math.PI / 2, Math.PI / 2, 1e-16);
      }
      out[0] = ((2 * SQRT2) / Math.PI) * phiDeg * Math.cos(gamma);
      out[1] = SQRT2 * R0 * Math.sin(gamma);
    },
    toNative(xDeg, yDeg, out) {
      const s = yDeg / (SQRT2 * R0);
      if (Math.abs(s) > 1 + 1e-13) return setInvalid(out);
      const sg = Math.max(-1, Math.min(1, s));
      const gamma = Math.asin(sg);
      const cg = Math.sqrt(Math.max(0, 1 - sg * sg));
      if (cg < 1e-13) {
        if (Math.abs(xDeg) > 1e-12) return setInvalid(out);
        out[0] = 0;
      } else out[0] = (Math.PI * xDeg) / (2 * SQRT2 * cg);
      out[1] = asind((2 * gamma + 2 * sg * cg) / Math.PI);
    },
  };
}

/**
 * AIT (§5.3.4): Z^2 = (1 + cos(theta) cos(phi/2))/2, x = 2 R0 cos(theta) sin(phi/2)/Z,
 * y = R0 sin(theta)/Z. Valid inside the ellipse (x/(2 sqrt2 R0))^2 + (y/(sqrt2 R0))^2 <= 1.
 */
export function makeAit(): Projection {
  return {
    code: "AIT",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      const ct = cosd(thetaDeg);
      const z = Math.sqrt((1 + ct * cosd(phiDeg / 2)) / 2);
      if (z === 0) return setInvalid(out);
      out[0] = (2 * R0 * ct * sind(phiDeg / 2)) / z;
      out[1] = (R0 * sind(thetaDeg)) / z;
    },
    toNative(xDeg, yDeg, out) {
      const u = xDeg / (4 * R0);
      const v = yDeg / (2 * R0);
      const z2 = 1 - u * u - v * v;
      if (z2 < 0.5 - 1e-13) return setInvalid(out);
      const z = Math.sqrt(Math.max(0.5, z2));
      out[0] = 2 * atan2d((z * xDeg) / (2 * R0), 2 * z * z - 1);
      out[1] = asind((yDeg * z) / R0);
    },
  };
}
