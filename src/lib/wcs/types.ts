/**
 * The parameter model of a World Coordinate System as FITS headers describe it (Greisen &
 * Calabretta 2002, A&A 395, 1061, "Paper I"; Calabretta & Greisen 2002, A&A 395, 1077, "Paper II").
 * Plain readonly data: build it from a header (header.ts) or from parameters (params.ts), then
 * prepare it once into a Wcs (wcs.ts) for transforms. Units are already normalised: celestial axes
 * in degrees, spectral axes in SI (Hz, m, m/s, J, 1/m), others as given.
 */

/** The celestial reference frames this library knows (RADESYS values plus the CTYPE-implied ones). */
export type CelestialFrame =
  | "ICRS"
  | "FK5"
  | "FK4"
  | "FK4-NO-E"
  | "GAPPT"
  | "galactic"
  | "ecliptic"
  | "helioecliptic"
  | "supergalactic"
  | "unknown";

/**
 * Simple Imaging Polynomial distortion (Shupe et al. 2005, ASP Conf. Ser. 347, 491). Coefficient
 * arrays are row-major by power of u: `a[p * (aOrder + 1) + q]` multiplies u^p v^q, where
 * (u, v) are pixel offsets from CRPIX along pixel axes 1 and 2.
 */
export interface SipParams {
  readonly aOrder: number;
  readonly a: Float64Array;
  readonly bOrder: number;
  readonly b: Float64Array;
  /** Inverse coefficients AP_p_q (pixel offsets from distorted offsets), when the header has them. */
  readonly apOrder?: number;
  readonly ap?: Float64Array;
  readonly bpOrder?: number;
  readonly bp?: Float64Array;
}

/**
 * TPV polynomial distortion (the NOAO convention registered with the FITS WCS conventions; see
 * Calabretta et al., "Representations of distortions in FITS world coordinate systems", draft 2004,
 * and https://fits.gsfc.nasa.gov/registry/tpvwcs.html): PVi_0..39 of the longitude and latitude
 * axes, applied to intermediate world coordinates (degrees) before the TAN projection.
 */
export interface TpvParams {
  /** PV coefficients of the longitude axis, index m = 0..39. */
  readonly lon: Float64Array;
  /** PV coefficients of the latitude axis, index m = 0..39. */
  readonly lat: Float64Array;
}

/** Everything that defines a WCS. Axis indices are 0-based; CRPIX values are 1-based FITS pixels. */
export interface WcsParams {
  /** Number of WCS axes (pixel axes = world axes). */
  readonly naxis: number;
  /** NAXISn image dimensions, when known (used for footprints). */
  readonly imageSize?: readonly number[];
  /** CTYPEi as given (trimmed), e.g. "RA---TAN-SIP". */
  readonly ctype: readonly string[];
  /** Normalised CUNITi ("deg" for celestial axes; SI for spectral; "" when unknown). */
  readonly cunit: readonly string[];
  /** CRPIXj, 1-based FITS pixel coordinates of the reference point. */
  readonly crpix: readonly number[];
  /** CRVALi in normalised units (degrees for celestial axes). */
  readonly crval: readonly number[];
  /** CDELTi in normalised units (1 when the header used CDi_j). */
  readonly cdelt: readonly number[];
  /** PCi_j row-major (`pc[i * naxis + j]`, world axis i, pixel axis j); the CD matrix when cdelt = 1. */
  readonly pc: readonly number[];
  /** Which matrix form the header used (for writing it back the same way). */
  readonly matrixForm: "PC" | "CD";
  /** World axis index (0-based) of celestial longitude, -1 when there is no celestial pair. */
  readonly lonAxis: number;
  /** World axis index (0-based) of celestial latitude, -1 when none. */
  readonly latAxis: number;
  /** Projection code ("TAN", ...) when there is a celestial pair. */
  readonly projection?: string;
  /** PVi_m of the latitude axis (projection parameters), index m = 0..29; undefined = not given. */
  readonly pv: readonly (number | undefined)[];
  /** Native longitude of the fiducial point (PVi_1 of the longitude axis), when given. */
  readonly phi0Deg?: number;
  /** Native latitude of the fiducial point (PVi_2 of the longitude axis), when given. */
  readonly theta0Deg?: number;
  /**
   * PVi_0 of the longitude axis is true: offset the projection plane so that (x, y) = (0, 0) at
   * (phi0, theta0) (Paper II §2.5; only meaningful with a non-default fiducial point).
   */
  readonly fiducialOffset?: boolean;
  /** LONPOLE: native longitude of the celestial pole, when given (Paper II §2.4). */
  readonly lonpoleDeg?: number;
  /** LATPOLE: native latitude... the celestial latitude of the native pole, when given. */
  readonly latpoleDeg?: number;
  /** Celestial frame (RADESYS or implied by CTYPE: GLON -> galactic, ...). */
  readonly frame: CelestialFrame;
  /** EQUINOX in years (Julian for FK5, Besselian for FK4); undefined for ICRS and non-equatorial. */
  readonly equinox?: number;
  /** The alternate WCS letter ("" for the primary). */
  readonly alt: string;
  readonly sip?: SipParams;
  readonly tpv?: TpvParams;
}
