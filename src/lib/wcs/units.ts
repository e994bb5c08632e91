/**
 * CUNITi normalisation (Greisen et al. 2006, "Paper III", §3 and Table 2 for spectral units;
 * Paper I §4 for angles): celestial axes are converted to degrees and spectral axes to SI, the way
 * wcslib normalises them, so values compare with astropy. A unit of the wrong physical kind for
 * its axis (e.g. "M/S" on a declination axis) is a WcsError.
 */
import { WcsError } from "./errors.js";

const ANGLE: Readonly<Record<string, number>> = {
  deg: 1,
  degree: 1,
  degrees: 1,
  arcmin: 1 / 60,
  arcsec: 1 / 3600,
  mas: 1 / 3600000,
  rad: 180 / Math.PI,
};

/** SI unit and scale per spectral CTYPE prefix (Paper III Table 1). */
const SPECTRAL_KIND: Readonly<Record<string, "freq" | "energy" | "wavenumber" | "velocity" | "length" | "none">> = {
  FREQ: "freq",
  ENER: "energy",
  WAVN: "wavenumber",
  VRAD: "velocity",
  VOPT: "velocity",
  VELO: "velocity",
  WAVE: "length",
  AWAV: "length",
  ZOPT: "none",
  BETA: "none",
};

const SPECTRAL_UNITS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  freq: { Hz: 1, kHz: 1e3, MHz: 1e6, GHz: 1e9 },
  energy: { J: 1, eV: 1.602176634e-19, keV: 1.602176634e-16, MeV: 1.602176634e-13, erg: 1e-7 },
  wavenumber: { "/m": 1, "m-1": 1, "1/m": 1, "/cm": 100, "cm-1": 100 },
  velocity: { "m/s": 1, "m s-1": 1, "km/s": 1e3, "km s-1": 1e3, "cm/s": 1e-2 },
  length: { m: 1, cm: 1e-2, mm: 1e-3, um: 1e-6, nm: 1e-9, Angstrom: 1e-10, angstrom: 1e-10, A: 1e-10 },
  none: { "": 1 },
};

const SI_NAME = { freq: "Hz", energy: "J", wavenumber: "1/m", velocity: "m/s", length: "m", none: "" } as const;

/** The normalised unit and the factor that converts header values to it. */
export interface UnitScale {
  readonly unit: string;
  readonly scale: number;
}

/**
 * Scale for a celestial axis' CUNITi (empty = degrees).
 * @throws WcsError BadUnit when the unit is not an angle.
 */
export function celestialUnit(cunit: string, keyword: string): UnitScale {
  if (cunit === "") return { unit: "deg", scale: 1 };
  const s = ANGLE[cunit] ?? ANGLE[cunit.toLowerCase()];
  if (s === undefined) throw new WcsError("BadUnit", `${keyword} = '${cunit}' is not an angle unit on a celestial axis`, keyword);
  return { unit: "deg", scale: s };
}

/**
 * Scale for a non-celestial axis: spectral axes (by the first four letters of CTYPE) go to SI;
 * other axes keep their unit.
 * @throws WcsError BadUnit when a spectral axis has a unit of the wrong kind.
 */
export function linearUnit(ctype: string, cunit: string, keyword: string): UnitScale {
  const kind = SPECTRAL_KIND[ctype.slice(0, 4)];
  if (kind === undefined) return { unit: cunit, scale: 1 };
  if (cunit === "") return { unit: SI_NAME[kind], scale: 1 };
  const table = SPECTRAL_UNITS[kind]!;
  const s = table[cunit] ?? table[cunit.replace(/\s+/g, " ")];
  if (s === undefined) {
    throw new WcsError("BadUnit", `${keyword} = '${cunit}' is not a unit of ${kind} for ${ctype.slice(0, 4)}`, keyword);
  }
  return { unit: SI_NAME[kind], scale: s };
}
