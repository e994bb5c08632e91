/**
 * Conic projections of Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") §5.4: COP, COE, COD
 * and COO, parameterised by theta_a = PV2_1 (required) and eta = PV2_2 (default 0), with standard
 * parallels theta_1,2 = theta_a -+ eta. Fiducial point (phi0, theta0) = (0, theta_a).
 * Common form (eqs. 94-97): x = R sin(C phi), y = -R cos(C phi) + Y0, with Y0 = R(theta_a), and
 * inverse R = sign(theta_a) sqrt(x^2 + (Y0 - y)^2), C phi = arg((Y0 - y)/R, x/R).
 */
import { WcsError } from "../errors.js";
import { asind, atan2d, atand, cosd, D2R, R2D, sind, tand } from "../math.js";
import { type Projection, type ProjectionParams, setInvalid } from "./types.js";

const R0 = R2D;

interface ConicLaw {
  /** The cone constant C. */
  readonly c: number;
  /** R_theta in degrees; NaN where undefined. */
  r(thetaDeg: number): number;
  /** theta in degrees from R; NaN where undefined. */
  theta(rDeg: number): number;
}

function conic(code: string, thetaA: number, law: ConicLaw): Projection {
  const y0 = law.r(thetaA);
  const sign = thetaA < 0 ? -1 : 1;
  const c = law.c;
  return {
    code,
    phi0Deg: 0,
    theta0Deg: thetaA,
    toPlane(phiDeg, thetaDeg, out) {
      const r = law.r(thetaDeg);
      if (!Number.isFinite(r)) return setInvalid(out);
      const a = c * phiDeg;
      out[0] = r * sind(a);
      out[1] = -r * cosd(a) + y0;
    },
    toNative(xDeg, yDeg, out) {
      const dy = y0 - yDeg;
      const r = sign * Math.hypot(xDeg, dy);
      const a = r === 0 ? 0 : atan2d(xDeg / r, dy / r);
      const theta = law.theta(r);
      if (Number.isNaN(theta)) return setInvalid(out);
      out[0] = a / c;
      out[1] = theta;
    },
  };
}

function params(code: string, pv: ProjectionParams): { thetaA: number; eta: number } {
  const thetaA = pv[1];
  if (thetaA === undefined) throw new WcsError("BadParameter", `${code}: PV2_1 (theta_a) is required`, "PV2_1");
  const eta = pv[2] ?? 0;
  if (thetaA <= -90 || thetaA >= 90 || thetaA === 0) {
    throw new WcsError("BadParameter", `${code}: PV2_1 must be in (-90, 90) and non-zero`, "PV2_1");
  }
  return { thetaA, eta };
}

/** COP, conic perspective (§5.4.1): C = sin(theta_a), R = R0 cos(eta) (cot(theta_a) - tan(theta - theta_a)). */
export function makeCop(pv: ProjectionParams): Projection {
  const { thetaA, eta } = params("COP", pv);
  const ce = cosd(eta);
  if (ce === 0) throw new WcsError("BadParameter", "COP: PV2_2 must not be +-90", "PV2_2");
  const cot = cosd(thetaA) / sind(thetaA);
  return conic("COP", thetaA, {
    c: sind(thetaA),
    r: (t) => {
      const d = t - thetaA;
      if (d <= -90 || d >= 90) return Number.NaN;
      return R0 * ce * (cot - tand(d));
    },
    theta: (r) => thetaA + atand(cot - r / (R0 * ce)),
  });
}

/** COE, conic equal area (§5.4.2): gamma = sin(theta_1) + sin(theta_2), C = gamma/2. */
export function makeCoe(pv: ProjectionParams): Projection {
  const { thetaA, eta } = params("COE", pv);
  const s1 = sind(thetaA - eta);
  const s2 = sind(thetaA + eta);
  const gamma = s1 + s2;
  if (gamma === 0) throw new WcsError("BadParameter", "COE: theta_1 + theta_2 must not be 0", "PV2_2");
  const k = (2 * R0) / gamma;
  const base = 1 + s1 * s2;
  return conic("COE", thetaA, {
    c: gamma / 2,
    r: (t) => k * Math.sqrt(Math.max(0, base - gamma * sind(t))),
    theta: (r) => {
      const w = r / k;
      return asind((base - w * w) / gamma);
    },
  });
}

/**
 * COD, conic equidistant (§5.4.3): C = sin(theta_a) sin(eta)/eta (eta in radians; sin(theta_a) when
 * eta = 0), R = theta_a - theta + eta cot(eta) cot(theta_a) (degrees; R0 cot(theta_a) when eta = 0).
 */
export function makeCod(pv: ProjectionParams): Projection {
  const { thetaA, eta } = params("COD", pv);
  const cotA = cosd(thetaA) / sind(thetaA);
  const c = eta === 0 ? sind(thetaA) : (sind(thetaA) * sind(eta)) / (eta * D2R);
  const y0 = eta === 0 ? R0 * cotA : (eta * cosd(eta) * cotA) / sind(eta);
  return conic("COD", thetaA, {
    c,
    r: (t) => y0 + thetaA - t,
    theta: (r) => thetaA + y0 - r,
  });
}

/**
 * COO, conic orthomorphic (§5.4.4): C = ln(cos theta_2 / cos theta_1) / ln(tan((90-theta_2)/2) /
 * tan((90-theta_1)/2)) (sin(theta_1) when theta_1 = theta_2), psi = R0 cos(theta_1) / (C tan^C((90-theta_1)/2)),
 * R = psi tan^C((90 - theta)/2).
 */
export function makeCoo(pv: ProjectionParams): Projection {
  const { thetaA, eta } = params("COO", pv);
  const t1 = thetaA - eta;
  const t2 = thetaA + eta;
  const tan1 = tand((90 - t1) / 2);
  const tan2 = tand((90 - t2) / 2);
  const c = t1 === t2 ? sind(t1) : Math.log(cosd(t2) / cosd(t1)) / Math.log(tan2 / tan1);
  if (!Number.isFinite(c) || c === 0) throw new WcsError("BadParameter", "COO: degenerate cone constant", "PV2_2");
  const psi = (R0 * cosd(t1)) / (c * tan1 ** c);
  return conic("COO", thetaA, {
    c,
    r: (t) => {
      if (t === -90 && c > 0) return Number.NaN;
      if (t === 90 && c < 0) return Number.NaN;
      return psi * tand((90 - t) / 2) ** c;
    },
    theta: (r) => {
      if (r === 0) return c < 0 ? Number.NaN : 90;
      const q = r / psi;
      if (q < 0) return Number.NaN;
      return 90 - 2 * atand(q ** (1 / c));
    },
  });
}
