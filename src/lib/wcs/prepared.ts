/**
 * Turns WcsParams into the precomputed state the transforms use: the scaled linear matrix and its
 * inverse, the projection object, the fiducial offset and the spherical rotation (Paper II §2).
 * Done once per WCS so per-point transforms only do arithmetic.
 */
import { makeRotation, type SphericalRotation } from "./celestial.js";
import { type CompiledSip, compileSip } from "./distortion/sip.js";
import { WcsError } from "./errors.js";
import { invert, scaledMatrix } from "./linear.js";
import { cosd, sind } from "./math.js";
import { makeProjection } from "./projections/index.js";
import type { Projection } from "./projections/types.js";
import type { WcsParams } from "./types.js";

/** Precomputed state of a WCS; the Wcs class implements it, the transform functions take it. */
export interface WcsCore {
  readonly params: WcsParams;
  readonly naxis: number;
  /** M = diag(CDELT) * PC, row-major naxis x naxis. */
  readonly matrix: Float64Array;
  /** M^-1. */
  readonly inverse: Float64Array;
  /** The celestial machinery, absent for purely linear WCS. */
  readonly celestial: CelestialCore | undefined;
  /** SIP forward terms flattened for speed, when the WCS has SIP. */
  readonly sipCompiled: CompiledSip | undefined;
}

/** The celestial part of a prepared WCS. */
export interface CelestialCore {
  readonly lonAxis: number;
  readonly latAxis: number;
  readonly projection: Projection;
  readonly rotation: SphericalRotation;
  /** True for TAN with the default fiducial point and no offset: transforms take an algebraic fast path. */
  readonly plainTan: boolean;
  /** cos and sin of LONPOLE (phi_p), for the fast path. */
  readonly cosPhiP: number;
  readonly sinPhiP: number;
  /** Plane offset (Paper II §2.5) added to (x, y) before the projection, degrees. */
  readonly x0Deg: number;
  readonly y0Deg: number;
}

/**
 * Precomputes a WCS.
 * @throws WcsError for singular matrices, bad projection parameters or inconsistent poles.
 */
export function prepareWcs(params: WcsParams): WcsCore {
  const n = params.naxis;
  if (params.ctype.length !== n || params.crpix.length !== n || params.crval.length !== n || params.cdelt.length !== n) {
    throw new WcsError("Inconsistent", "WCS parameter arrays do not match naxis");
  }
  if (params.pc.length !== n * n) throw new WcsError("Inconsistent", "PC matrix size does not match naxis");
  const matrix = scaledMatrix(n, params.cdelt, params.pc);
  const inverse = invert(n, matrix);
  let celestial: CelestialCore | undefined;
  if (params.lonAxis >= 0 && params.latAxis >= 0 && params.projection) {
    const projection = makeProjection(params.projection, params.pv);
    const phi0 = params.phi0Deg ?? projection.phi0Deg;
    const theta0 = params.theta0Deg ?? projection.theta0Deg;
    const off = new Float64Array(2);
    if (params.fiducialOffset && (phi0 !== projection.phi0Deg || theta0 !== projection.theta0Deg)) {
      projection.toPlane(phi0, theta0, off);
      if (!Number.isFinite(off[0]!) || !Number.isFinite(off[1]!)) {
        throw new WcsError("BadParameter", "the fiducial point (PVi_1, PVi_2) is outside the projection");
      }
    }
    const rotation = makeRotation(
      params.crval[params.lonAxis]!,
      params.crval[params.latAxis]!,
      phi0,
      theta0,
      params.lonpoleDeg,
      params.latpoleDeg,
    );
    celestial = {
      plainTan: projection.code === "TAN" && phi0 === 0 && theta0 === 90 && off[0] === 0 && off[1] === 0,
      cosPhiP: cosd(rotation.phiPDeg),
      sinPhiP: sind(rotation.phiPDeg),
      lonAxis: params.lonAxis,
      latAxis: params.latAxis,
      projection,
      rotation,
      x0Deg: off[0]!,
      y0Deg: off[1]!,
    };
  }
  return { params, naxis: n, matrix, inverse, celestial, sipCompiled: params.sip ? compileSip(params.sip) : undefined };
}
