/**
 * The HEALPix projection HPX (Calabretta & Roukema 2007, MNRAS 381, 865; included in the projection
 * set of Paper II's successor conventions, wcslib's HPX) with H = PV2_1 (facets around the equator,
 * default 4) and K = PV2_2 (facets from pole to pole, default 3). Equatorial zone |theta| <= theta_x,
 * sin(theta_x) = (K - 1)/K: x = phi, y = (90 K / H) sin(theta). Polar zones:
 * sigma = sqrt(K (1 - |sin theta|)), x = phi_c + (phi - phi_c) sigma,
 * y = +-(180/H) ((K + 1)/2 - sigma), phi_c the centre longitude of the polar facet.
 * Only odd K is implemented (even K offsets the southern facets by half a facet).
 *
 * XPH, the polar HEALPix "butterfly" (Calabretta & Lowe 2013, PASA 30, e050), rearranges the
 * H = 4, K = 3 HPX plane: each quarter of the sky phi in [phi_c - 45, phi_c + 45] (phi_c = -135,
 * -45, 45, 135) is a vertical strip of HPX hanging from its north polar apex (phi_c, 90); XPH
 * places every apex at the origin and turns strip q by phi_c, so the north polar caps form a square
 * around the native pole (phi0, theta0) = (0, 90) and the rest of each strip extends outwards.
 */
import { WcsError } from "../errors.js";
import { asind, atan2d, cosd, sind } from "../math.js";
import { type Projection, type ProjectionParams, setInvalid } from "./types.js";

/** HPX, the HEALPix projection (see module header). */
export function makeHpx(pv: ProjectionParams): Projection {
  const h = pv[1] ?? 4;
  const k = pv[2] ?? 3;
  if (!(Number.isInteger(h) && h > 0)) throw new WcsError("BadParameter", "HPX: PV2_1 (H) must be a positive integer", "PV2_1");
  if (!(Number.isInteger(k) && k > 0)) throw new WcsError("BadParameter", "HPX: PV2_2 (K) must be a positive integer", "PV2_2");
  if (k % 2 === 0) throw new WcsError("BadParameter", "HPX: even PV2_2 (K) is not supported", "PV2_2");
  const sinX = (k - 1) / k;
  const facetDeg = 180 / h;
  const yEq = (90 * (k - 1)) / h;
  const facetCentre = (lon: number): number => {
    let i = Math.floor(((lon + 180) * h) / 360);
    if (i >= h) i = h - 1;
    if (i < 0) i = 0;
    return -180 + (2 * i + 1) * facetDeg;
  };
  return {
    code: "HPX",
    phi0Deg: 0,
    theta0Deg: 0,
    toPlane(phiDeg, thetaDeg, out) {
      const st = sind(thetaDeg);
      if (Math.abs(st) <= sinX) {
        out[0] = phiDeg;
        out[1] = ((90 * k) / h) * st;
        return;
      }
      const sigma = Math.sqrt(k * (1 - Math.abs(st)));
      const pc = facetCentre(phiDeg);
      out[0] = pc + (phiDeg - pc) * sigma;
      out[1] = Math.sign(thetaDeg) * facetDeg * ((k + 1) / 2 - sigma);
    },
    toNative(xDeg, yDeg, out) {
      if (Math.abs(xDeg) > 180 + 1e-12) return setInvalid(out);
      const ay = Math.abs(yDeg);
      if (ay <= yEq) {
        out[0] = xDeg;
        out[1] = asind((yDeg * h) / (90 * k));
        return;
      }
      const sigma = (k + 1) / 2 - ay / facetDeg;
      if (sigma < -1e-12) return setInvalid(out);
      const xc = facetCentre(xDeg);
      let phi: number;
      if (sigma <= 1e-15) {
        if (Math.abs(xDeg - xc) > 1e-9) return setInvalid(out);
        phi = xc;
      } else phi = xc + (xDeg - xc) / sigma;
      // Rounding is amplified by 1/sigma near the poles, hence the loose tolerance before clamping.
      if (Math.abs(phi - xc) > facetDeg + 1e-9 + 1e-12 / Math.max(sigma, 1e-300)) return setInvalid(out);
      phi = Math.max(xc - facetDeg, Math.min(xc + facetDeg, phi));
      const s = Math.max(0, sigma);
      out[0] = phi;
      out[1] = Math.sign(yDeg) * asind(1 - (s * s) / k);
    },
  };
}

/** XPH, the polar HEALPix projection (see module header). No parameters. */
export function makeXph(): Projection {
  const hpx = makeHpx([]);
  const buf = new Float64Array(2);
  // Strip centres phi_c and their cos/sin, q = 0..3.
  const centre = [-135, -45, 45, 135] as const;
  const cs = centre.map((c) => cosd(c));
  const sn = centre.map((c) => sind(c));
  return {
    code: "XPH",
    phi0Deg: 0,
    theta0Deg: 90,
    toPlane(phiDeg, thetaDeg, out) {
      if (!(phiDeg >= -180 && phiDeg <= 180)) return setInvalid(out);
      const q = Math.min(3, Math.floor((phiDeg + 180) / 90));
      hpx.toPlane(phiDeg, thetaDeg, buf);
      // Offset from the strip's north apex, turned by phi_c.
      const X = buf[0]! - centre[q]!;
      const Y = buf[1]! - 90;
      out[0] = X * cs[q]! - Y * sn[q]!;
      out[1] = X * sn[q]! + Y * cs[q]!;
    },
    toNative(xDeg, yDeg, out) {
      if (xDeg === 0 && yDeg === 0) {
        out[0] = 0;
        out[1] = 90;
        return;
      }
      // The strips lie inside the quadrant wedges around the origin.
      const psi = atan2d(xDeg, -yDeg);
      const q = Math.max(0, Math.min(3, Math.floor((psi + 180) / 90)));
      const c = centre[q]!;
      const X = xDeg * cs[q]! + yDeg * sn[q]!;
      const Y = -xDeg * sn[q]! + yDeg * cs[q]!;
      const tol = 1e-9;
      if (Math.abs(X) > 45 + tol || Y < -180 - tol || Math.abs(X) > 180 + Y + tol) return setInvalid(out);
      const hy = Math.max(-90, Math.min(90, Y + 90));
      if (Math.abs(hy) <= 45) {
        out[0] = X + c;
        out[1] = asind(hy / 67.5);
        return;
      }
      // Polar zones with the facet centre known (HPX's own facet search could pick a neighbour on an edge).
      const sigma = 2 - Math.abs(hy) / 45;
      const s = Math.max(0, sigma);
      const dx = s <= 1e-15 ? 0 : X / s;
      if (Math.abs(dx) > 45 + tol + 1e-12 / Math.max(s, 1e-300)) return setInvalid(out);
      out[0] = c + Math.max(-45, Math.min(45, dx));
      out[1] = Math.sign(hy) * asind(1 - (s * s) / 3);
    },
  };
}
