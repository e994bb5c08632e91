/**
 * Cylindrical projections of Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") §5.2: CYP, CEA,
 * CAR and MER. The fiducial point is on the native equator, (phi0, theta0) = (0, 0); x is linear in
 * native longitude and y a function of native latitude only (R0 = 180/pi, degrees throughout).
 */
import { WcsError } from "../errors.js";
import { asind, atan2d, atand, cosd, D2R, R2D, sind } from "../math.js";
import { type Projection, type ProjectionParams, setInvalid } from "./types.js";

const R0 = R2D;

function cylindrical(
  code: string,
  xScale: number,
  yOfTheta: (thetaDeg: number) => number,
  thetaOfY: (yDeg: number) => number,
): Projection {
  return {
    code,
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      const y = yOfTheta(thetaDeg);
      if (!Number.isFinite(y)) return setInvalid(out);
      out[0] = xScale * phiDeg;
      out[1] = y;
    },
    toNative(xDeg, yDeg, out) {
      const theta = thetaOfY(yDeg);
      if (Number.isNaN(theta)) return setInvalid(out);
      out[0] = xDeg / xScale;
      out[1] = theta;
    },
  };
}

/**
 * CYP, cylindrical perspective (§5.2.1): mu = PV2_1 (default 1), lambda = PV2_2 (default 1);
 * x = lambda phi, y = R0 (mu + lambda) sin(theta) / (mu + cos(theta)).
 */
export function makeCyp(pv: ProjectionParams): Projection {
  const mu = pv[1] ?? 1;
  const lambda = pv[2] ?? 1;
  if (lambda === 0) throw new WcsError("BadParameter", "CYP: PV2_2 (lambda) must not be 0", "PV2_2");
  if (mu + lambda === 0) throw new WcsError("BadParameter", "CYP: PV2_1 + PV2_2 must not be 0", "PV2_1");
  const k = R0 * (mu + lambda);
  return cylindrical(
    "CYP",
    lambda,
    (t) => {
      const d = mu + cosd(t);
      return d > 0 || (d < 0 && mu < -1) ? (k * sind(t)) / d : Number.NaN;
    },
    (y) => {
      const eta = y / k;
      // sin(theta) - eta cos(theta) = mu eta  =>  theta = atan(eta) + asin(mu eta / sqrt(1 + eta^2)).
      const s = asind((mu * eta) / Math.sqrt(1 + eta * eta));
      if (Number.isNaN(s)) return Number.NaN;
      const t = atan2d(eta, 1) + s;
      return t > 90 + 1e-10 || t < -90 - 1e-10 ? Number.NaN : Math.max(-90, Math.min(90, t));
    },
  );
}

/** CEA, cylindrical equal area (§5.2.2): lambda = PV2_1 in (0, 1], y = R0 sin(theta) / lambda. */
export function makeCea(pv: ProjectionParams): Projection {
  const lambda = pv[1] ?? 1;
  if (!(lambda > 0 && lambda <= 1)) throw new WcsError("BadParameter", "CEA: PV2_1 must be in (0, 1]", "PV2_1");
  return cylindrical(
    "CEA",
    1,
    (t) => (R0 * sind(t)) / lambda,
    (y) => asind((lambda * y) / R0),
  );
}

/** CAR, plate carree (§5.2.3): x = phi, y = theta. */
export function makeCar(): Projection {
  return cylindrical(
    "CAR",
    1,
    (t) => t,
    (y) => y,
  );
}

/** MER, Mercator (§5.2.4): y = R0 ln tan((90 + theta)/2); the poles are at infinity. */
export function makeMer(): Projection {
  return cylindrical(
    "MER",
    1,
    (t) => (t > -90 && t < 90 ? R0 * Math.log(Math.tan(((90 + t) / 2) * D2R)) : Number.NaN),
    (y) => 2 * atand(Math.exp(y / R0)) - 90,
  );
}
