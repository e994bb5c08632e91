/**
 * The shape every projection of Calabretta & Greisen (2002, A&A 395, 1077; "Paper II") takes:
 * a pair of functions between projection-plane coordinates (x, y) and native spherical
 * coordinates (phi, theta), all in degrees, writing into a caller-supplied 2-element buffer so
 * array transforms allocate nothing per point. Outside a projection's domain both outputs are NaN.
 */

/** A parameterised projection (Paper II §5-6), ready to use. */
export interface Projection {
  /** The three-letter code, e.g. "TAN". */
  readonly code: string;
  /** Native longitude of the fiducial point, degrees (Paper II Table 13 default for the code). */
  readonly phi0Deg: number;
  /** Native latitude of the fiducial point, degrees. */
  readonly theta0Deg: number;
  /**
   * Projection plane (x, y), degrees, to native (phi, theta), degrees: writes out[0] = phi,
   * out[1] = theta; NaN in both when (x, y) is outside the projection's boundary.
   */
  toNative(xDeg: number, yDeg: number, out: Float64Array): void;
  /** Native (phi, theta), degrees, to projection plane (x, y), degrees; NaN when undefined. */
  toPlane(phiDeg: number, thetaDeg: number, out: Float64Array): void;
}

/**
 * Projection parameters PVi_m of the latitude axis (Paper II §2.5), m = 0..29: `pv[m]` or
 * undefined when the header does not give it.
 */
export type ProjectionParams = readonly (number | undefined)[];

/** Writes NaN to both outputs (outside the projection's domain). */
export function setInvalid(out: Float64Array): void {
  out[0] = Number.NaN;
  out[1] = Number.NaN;
}
