/**
 * Unit conversion for IN_UNIT (ADQL 2.1 §2.4.4): factors between units of the same dimension in
 * the VOUnits syntax, enough for the columns we publish (angles, times, lengths, sizes, fluxes).
 */
const ANGLE: Record<string, number> = { deg: 1, arcmin: 1 / 60, arcsec: 1 / 3600, mas: 1 / 3.6e6, uas: 1 / 3.6e9, rad: 180 / Math.PI, mrad: 0.18 / Math.PI };
const TIME: Record<string, number> = { s: 1, ms: 1e-3, us: 1e-6, ns: 1e-9, min: 60, h: 3600, d: 86400, yr: 31557600, a: 31557600 };
const LENGTH: Record<string, number> = { m: 1, km: 1e3, cm: 1e-2, mm: 1e-3, um: 1e-6, nm: 1e-9, Angstrom: 1e-10, pm: 1e-12, AU: 1.495978707e11, pc: 3.085677581491367e16, kpc: 3.085677581491367e19 };
const SIZE: Record<string, number> = { byte: 1, kbyte: 1e3, Mbyte: 1e6, Gbyte: 1e9, Kibyte: 1024, Mibyte: 1048576 };
const AREA: Record<string, number> = { "deg**2": 1, "deg2": 1, "arcmin**2": 1 / 3600, "arcsec**2": 1 / 12960000, "sr": (180 / Math.PI) ** 2 };
const DIMENSIONS = [ANGLE, TIME, LENGTH, SIZE, AREA];

/** The factor f with value_in_`to` = f · value_in_`from`, or undefined when not convertible. */
export function unitFactor(from: string, to: string): number | undefined {
  const a = from.trim();
  const b = to.trim();
  if (a === b) return 1;
  for (const dim of DIMENSIONS) {
    const fa = dim[a];
    const fb = dim[b];
    if (fa !== undefined && fb !== undefined) return fa / fb;
  }
  return undefined;
}
