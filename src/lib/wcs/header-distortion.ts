/**
 * Distortion keywords of a header: SIP (Shupe et al. 2005), TPV (PVi_0..39 on TAN axes, the
 * NOAO/SCAMP convention) and the detection of conventions we do not implement (lookup tables of
 * Calabretta et al.'s distortion paper draft: CPDISj/CQDISi, D2IMDISj; IRAF TNX/ZPX), which are
 * reported as a typed error rather than ignored.
 */
import { WcsError } from "./errors.js";
import { has, type KeywordLookup, readNumber } from "./keywords.js";
import type { SipParams, TpvParams } from "./types.js";

function readSipMatrix(get: KeywordLookup, prefix: string, order: number): Float64Array {
  const n = order + 1;
  const m = new Float64Array(n * n);
  for (let p = 0; p <= order; p++) {
    for (let q = 0; p + q <= order; q++) m[p * n + q] = readNumber(get, `${prefix}_${p}_${q}`) ?? 0;
  }
  return m;
}

function readOrder(get: KeywordLookup, key: string): number | undefined {
  const o = readNumber(get, key);
  if (o === undefined) return undefined;
  if (!Number.isInteger(o) || o < 0 || o > 9) throw new WcsError("BadKeyword", `${key} must be an integer in 0..9`, key);
  return o;
}

/**
 * Reads SIP coefficients when A_ORDER is present (astropy applies them even when CTYPE lacks the
 * "-SIP" suffix, and so do we, for agreement).
 * @throws WcsError Inconsistent when A_ORDER is present without B_ORDER (or AP without BP).
 */
export function readSip(get: KeywordLookup): SipParams | undefined {
  const aOrder = readOrder(get, "A_ORDER");
  const bOrder = readOrder(get, "B_ORDER");
  if (aOrder === undefined && bOrder === undefined) return undefined;
  if (aOrder === undefined || bOrder === undefined) {
    throw new WcsError("Inconsistent", "SIP needs both A_ORDER and B_ORDER", aOrder === undefined ? "A_ORDER" : "B_ORDER");
  }
  const apOrder = readOrder(get, "AP_ORDER");
  const bpOrder = readOrder(get, "BP_ORDER");
  if ((apOrder === undefined) !== (bpOrder === undefined)) {
    throw new WcsError("Inconsistent", "SIP inverse needs both AP_ORDER and BP_ORDER", "AP_ORDER");
  }
  const base = { aOrder, a: readSipMatrix(get, "A", aOrder), bOrder, b: readSipMatrix(get, "B", bOrder) };
  if (apOrder === undefined || bpOrder === undefined) return base;
  return { ...base, apOrder, ap: readSipMatrix(get, "AP", apOrder), bpOrder, bp: readSipMatrix(get, "BP", bpOrder) };
}

/** Reads TPV coefficients PVi_0..39 of the two celestial axes (1-based header axis numbers). */
export function readTpv(get: KeywordLookup, lonAxis1: number, latAxis1: number, alt: string): TpvParams {
  const read = (axis: number): Float64Array => {
    const c = new Float64Array(40);
    for (let m = 0; m < 40; m++) c[m] = readNumber(get, `PV${axis}_${m}${alt}`) ?? 0;
    // The identity term defaults to 1 so a TPV header without PV cards is plain TAN.
    if (!has(get, `PV${axis}_1${alt}`)) c[1] = 1;
    return c;
  };
  return { lon: read(lonAxis1), lat: read(latAxis1) };
}

/**
 * Throws when the header uses a distortion convention we do not implement.
 * @throws WcsError UnsupportedDistortion naming the keyword found.
 */
export function rejectUnsupportedDistortions(get: KeywordLookup, naxis: number, alt: string): void {
  for (let j = 1; j <= Math.max(2, naxis); j++) {
    for (const key of [`CPDIS${j}${alt}`, `CQDIS${j}${alt}`, `D2IMDIS${j}`, `DP${j}${alt}`, `DQ${j}${alt}`]) {
      if (has(get, key)) {
        throw new WcsError(
          "UnsupportedDistortion",
          `lookup-table/Paper IV distortion (${key}) is not supported; only SIP and TPV are`,
          key,
        );
      }
    }
  }
  if (has(get, "PLTRAH") && has(get, "AMDX1")) {
    // A DSS plate solution (AMDXn/AMDYn polynomials): the real astrometry is the plate polynomial,
    // which astropy substitutes for the CTYPE/CD keywords; we do not implement it.
    throw new WcsError("UnsupportedDistortion", "DSS plate solutions (PLTRAH, AMDXn/AMDYn) are not supported", "AMDX1");
  }
  for (const key of ["D2IMEXT", "AXISCORR"]) {
    // AXISCORR is the older HST form of the detector-to-image (D2IMARR) correction.
    if (has(get, key)) throw new WcsError("UnsupportedDistortion", `detector-to-image lookup tables (${key}) are not supported`, key);
  }
}
