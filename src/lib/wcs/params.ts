/**
 * Building WcsParams from parameters rather than a header: a celestial WCS for a target grid
 * (mosaics, HiPS tiles), and derived WCS such as a sub-image (CRPIX shifted; SIP kept since SIP is
 * a function of pixel offsets from CRPIX, Shupe et al. 2005) or the celestial axes of a cube.
 */
import { WcsError } from "./errors.js";
import { cosd, sind } from "./math.js";
import type { CelestialFrame, SipParams, WcsParams } from "./types.js";

/** Parameters of a 2-axis celestial WCS. Angles in degrees; pixels 1-based. */
export interface CelestialWcsSpec {
  /** Projection code, e.g. "TAN", "CAR", "HPX". */
  readonly projection: string;
  /** Celestial coordinates of the reference point [lonDeg, latDeg] (CRVAL). */
  readonly crvalDeg: readonly [number, number];
  /** 1-based pixel coordinates of the reference point [x1, y1] (CRPIX). */
  readonly crpix1: readonly [number, number];
  /**
   * Pixel scale: [CDELT1, CDELT2] in degrees per pixel; CDELT1 is normally negative (east left).
   * A single number s means [-s, s].
   */
  readonly cdeltDeg: number | readonly [number, number];
  /** Rotation of the pixel grid, degrees (the CROTA2 sense: PC = R(rho) with CDELT ratio). */
  readonly rotationDeg?: number;
  /** Projection parameters PV2_m by m. */
  readonly pv?: Readonly<Record<number, number>>;
  readonly lonpoleDeg?: number;
  readonly latpoleDeg?: number;
  /** CTYPE prefixes, default ["RA--", "DEC-"]; e.g. ["GLON", "GLAT"]. */
  readonly axisTypes?: readonly [string, string];
  /** Frame of RA/Dec axes (default ICRS). */
  readonly frame?: CelestialFrame;
  readonly equinox?: number;
  /** NAXIS1, NAXIS2 when the grid has a size. */
  readonly imageSize?: readonly [number, number];
  readonly sip?: SipParams;
}

/**
 * WcsParams for a 2-axis celestial WCS.
 * @example makeCelestialParams({ projection: "TAN", crvalDeg: [150, 2], crpix1: [512.5, 512.5], cdeltDeg: 0.2 / 3600 })
 */
export function makeCelestialParams(spec: CelestialWcsSpec): WcsParams {
  const [c1, c2] = typeof spec.cdeltDeg === "number" ? [-spec.cdeltDeg, spec.cdeltDeg] : spec.cdeltDeg;
  if (c1 === 0 || c2 === 0) throw new WcsError("BadParameter", "pixel scale must not be 0");
  const [t1, t2] = spec.axisTypes ?? ["RA--", "DEC-"];
  const code = spec.projection.toUpperCase();
  const suffix = spec.sip ? "-SIP" : "";
  const rho = spec.rotationDeg ?? 0;
  const c = cosd(rho);
  const s = sind(rho);
  const pv: (number | undefined)[] = [];
  for (const [m, v] of Object.entries(spec.pv ?? {})) pv[Number(m)] = v;
  const isEquatorial = t1.startsWith("RA");
  const frame: CelestialFrame = isEquatorial
    ? (spec.frame ?? "ICRS")
    : t1 === "GLON"
      ? "galactic"
      : t1 === "ELON"
        ? "ecliptic"
        : "unknown";
  return {
    naxis: 2,
    ...(spec.imageSize ? { imageSize: [...spec.imageSize] } : {}),
    ctype: [`${t1.padEnd(4, "-")}-${code}${suffix}`, `${t2.padEnd(4, "-")}-${code}${suffix}`],
    cunit: ["deg", "deg"],
    crpix: [...spec.crpix1],
    crval: [...spec.crvalDeg],
    cdelt: [c1, c2],
    pc: [c, (-s * c2) / c1, (s * c1) / c2, c],
    matrixForm: "PC",
    lonAxis: 0,
    latAxis: 1,
    projection: code,
    pv,
    ...(spec.lonpoleDeg !== undefined ? { lonpoleDeg: spec.lonpoleDeg } : {}),
    ...(spec.latpoleDeg !== undefined ? { latpoleDeg: spec.latpoleDeg } : {}),
    frame,
    ...(spec.equinox !== undefined ? { equinox: spec.equinox } : frame === "FK5" ? { equinox: 2000 } : {}),
    alt: "",
    ...(spec.sip ? { sip: spec.sip } : {}),
  };
}

/**
 * The WCS of a sub-image whose first pixel is `first1` (1-based pixel of the parent, per axis) and
 * whose size is `shape` (optional): CRPIXj' = CRPIXj - (first1[j] - 1). Everything else, including
 * SIP and TPV coefficients, is unchanged.
 */
export function subimageParams(params: WcsParams, first1: readonly number[], shape?: readonly number[]): WcsParams {
  if (first1.length > params.naxis) throw new WcsError("WrongShape", "more offsets than WCS axes");
  const crpix = params.crpix.map((p, j) => p - ((first1[j] ?? 1) - 1));
  const size = shape ?? params.imageSize;
  return { ...params, crpix, ...(size ? { imageSize: [...size] } : {}) };
}

/**
 * The celestial axes of an N-axis WCS as a 2-axis WCS (like astropy's `.celestial`), when the
 * linear matrix does not mix them with other axes.
 * @throws WcsError WrongShape without celestial axes or when the matrix couples them to others.
 */
export function celestialParams(params: WcsParams): WcsParams {
  const lon = params.lonAxis;
  const lat = params.latAxis;
  if (lon < 0 || lat < 0) throw new WcsError("WrongShape", "the WCS has no celestial axes");
  const n = params.naxis;
  const keep = [lon, lat].sort((a, b) => a - b);
  for (const i of keep) {
    for (let j = 0; j < n; j++) {
      if (keep.includes(j)) continue;
      if (params.pc[i * n + j] !== 0 || params.pc[j * n + i] !== 0) {
        throw new WcsError("WrongShape", "celestial axes are coupled to other axes by the PC/CD matrix");
      }
    }
  }
  if (params.sip && (keep[0] !== 0 || keep[1] !== 1)) throw new WcsError("WrongShape", "SIP needs the celestial axes to be axes 1 and 2");
  const pick = <T>(a: readonly T[]): T[] => keep.map((i) => a[i]!);
  return {
    ...params,
    naxis: 2,
    ...(params.imageSize ? { imageSize: pick(params.imageSize) } : {}),
    ctype: pick(params.ctype),
    cunit: pick(params.cunit),
    crpix: pick(params.crpix),
    crval: pick(params.crval),
    cdelt: pick(params.cdelt),
    pc: keep.flatMap((i) => keep.map((j) => params.pc[i * n + j]!)),
    lonAxis: keep.indexOf(lon),
    latAxis: keep.indexOf(lat),
  };
}
