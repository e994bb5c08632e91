/**
 * The WCS library's typed error. Every header the library cannot interpret faithfully (missing or
 * inconsistent keywords, an unknown projection, a distortion convention we do not implement) is
 * reported as a WcsError with a `reason`, never as silently wrong coordinates (STYLE.md §2).
 * Points outside a projection's domain are not errors: they come back as NaN.
 */
import { SkyportError } from "../errors/index.js";

/** Why a header could not become a Wcs. */
export type WcsErrorReason =
  /** No image WCS keywords at all (no CTYPE/CRPIX/CRVAL/CD/PC for the requested alternate). */
  | "NoWcs"
  /** A keyword has a value of the wrong type or out of range. */
  | "BadKeyword"
  /** Keywords contradict each other (one celestial axis, mismatched projection codes, ...). */
  | "Inconsistent"
  /** A projection code we do not know, or a non-linear spectral algorithm code. */
  | "UnsupportedProjection"
  /** A distortion convention we do not implement (lookup tables D2IM/CPDIS, TNX/ZPX, ...). */
  | "UnsupportedDistortion"
  /** CUNITi is not a unit of the axis' physical type. */
  | "BadUnit"
  /** The linear transformation matrix is singular. */
  | "Singular"
  /** A projection parameter PVi_m outside the projection's valid range. */
  | "BadParameter"
  /** An operation needs a WCS shape this one does not have (e.g. 2 axes). */
  | "WrongShape";

/** A header that cannot be turned into a faithful Wcs, or an operation the Wcs cannot do. */
export class WcsError extends SkyportError {
  readonly reason: WcsErrorReason;
  /** The FITS keyword at fault, when one is. */
  readonly keyword: string | undefined;

  constructor(reason: WcsErrorReason, message: string, keyword?: string) {
    super({ code: "UsageFault", message, userSafe: true, ...(keyword ? { param: keyword } : {}) });
    this.name = "WcsError";
    this.reason = reason;
    this.keyword = keyword;
  }
}
