/**
 * Header -> WcsParams: reads the image WCS keywords of Greisen & Calabretta (2002, A&A 395, 1061,
 * "Paper I") and Calabretta & Greisen (2002, A&A 395, 1077, "Paper II") through a keyword lookup,
 * for the primary or an alternate (A-Z) description. Handles CDi_j, PCi_j + CDELTi, the legacy
 * PC00i00j and CROTA2 forms, CUNITi, PVi_m, LONPOLE/LATPOLE (and their PVi_3/PVi_4 aliases),
 * RADESYS/EQUINOX with their defaults (Paper II §3.1) and legacy RADECSYS/EPOCH, celestial axes in
 * any order, SIP and TPV distortions. Linear non-celestial axes pass through; non-linear spectral
 * algorithms (e.g. FREQ-V2F, Paper III) are rejected with a typed error.
 */
import { WcsError } from "./errors.js";
import { readSip, readTpv, rejectUnsupportedDistortions } from "./header-distortion.js";
import { has, type KeywordLookup, readNumber, readString } from "./keywords.js";
import { cosd, sind } from "./math.js";
import type { CelestialFrame, WcsParams } from "./types.js";
import { celestialUnit, linearUnit } from "./units.js";

export type { KeywordLookup } from "./keywords.js";

/** Options for reading a header. */
export interface WcsHeaderOptions {
  /** The alternate WCS letter "A".."Z"; "" or omitted for the primary description. */
  readonly alt?: string;
}

/** Celestial CTYPE pairs (first four characters): longitude form -> latitude form, and the frame. */
const CELESTIAL_PAIRS: readonly (readonly [string, string, CelestialFrame | null])[] = [
  ["RA--", "DEC-", null],
  ["GLON", "GLAT", "galactic"],
  ["ELON", "ELAT", "ecliptic"],
  ["HLON", "HLAT", "helioecliptic"],
  ["SLON", "SLAT", "supergalactic"],
];

interface AxisKind {
  readonly role: "lon" | "lat" | "linear";
  readonly pair: number;
  readonly code: string;
  readonly suffix: string;
}

/** Classifies one CTYPE value: celestial longitude/latitude with projection code, or linear. */
function classify(ctype: string, key: string): AxisKind {
  const m = /^(.{4})-(.{3})(-.*)?$/.exec(ctype);
  const head = ctype.slice(0, 4).padEnd(4, "-");
  for (let p = 0; p < CELESTIAL_PAIRS.length; p++) {
    const [lon, lat] = CELESTIAL_PAIRS[p]!;
    const role = head === lon ? "lon" : head === lat ? "lat" : null;
    if (role && m) return { role, pair: p, code: m[2]!.replace(/-+$/, ""), suffix: m[3] ?? "" };
  }
  // User-defined pairs xyLN/xyLT, xLON/xLAT with a projection code are celestial too.
  if (m && /^(..LN|.LON)$/.test(m[1]!)) return { role: "lon", pair: 100, code: m[2]!, suffix: m[3] ?? "" };
  if (m && /^(..LT|.LAT)$/.test(m[1]!)) return { role: "lat", pair: 100, code: m[2]!, suffix: m[3] ?? "" };
  if (m && /^(FREQ|ENER|WAVN|VRAD|WAVE|VOPT|ZOPT|AWAV|VELO|BETA)$/.test(m[1]!) && m[2] !== "LOG") {
    throw new WcsError("UnsupportedProjection", `${key} = '${ctype}': non-linear spectral axes are not supported (linear only)`, key);
  }
  return { role: "linear", pair: -1, code: "", suffix: "" };
}

function countAxes(get: KeywordLookup, alt: string): number {
  const wcsaxes = readNumber(get, `WCSAXES${alt}`);
  if (wcsaxes !== undefined) {
    if (!Number.isInteger(wcsaxes) || wcsaxes < 1 || wcsaxes > 99) throw new WcsError("BadKeyword", "WCSAXES out of range", `WCSAXES${alt}`);
    return wcsaxes;
  }
  let n = alt === "" ? (readNumber(get, "NAXIS") ?? 0) : 0;
  for (let i = 1; i <= 9; i++) {
    for (const k of ["CTYPE", "CRPIX", "CRVAL", "CDELT", "CUNIT"]) if (has(get, `${k}${i}${alt}`)) n = Math.max(n, i);
    for (let j = 1; j <= 9; j++) {
      if (has(get, `CD${i}_${j}${alt}`) || has(get, `PC${i}_${j}${alt}`)) n = Math.max(n, i, j);
    }
  }
  return n;
}

function anyWcsKeyword(get: KeywordLookup, n: number, alt: string): boolean {
  for (let i = 1; i <= n; i++) {
    for (const k of ["CTYPE", "CRPIX", "CRVAL", "CDELT"]) if (has(get, `${k}${i}${alt}`)) return true;
    for (let j = 1; j <= n; j++) if (has(get, `CD${i}_${j}${alt}`) || has(get, `PC${i}_${j}${alt}`)) return true;
  }
  return false;
}

/**
 * Reads the linear part: PC (or legacy PC00i00j) + CDELT takes precedence over CD, which takes
 * precedence over CROTA (wcslib's order). Returns the PC-or-CD matrix and its form.
 */
function readMatrix(
  get: KeywordLookup,
  n: number,
  alt: string,
  cdelt: number[],
  lat: number,
  lon: number,
): { pc: number[]; form: "PC" | "CD" } {
  const pc: number[] = [];
  let hasPc = false;
  let hasCd = false;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= n; j++) {
      hasPc ||= has(get, `PC${i}_${j}${alt}`) || (alt === "" && has(get, legacyPc(i, j)));
      hasCd ||= has(get, `CD${i}_${j}${alt}`);
    }
  }
  if (hasPc || !hasCd) {
    for (let i = 1; i <= n; i++) {
      for (let j = 1; j <= n; j++) {
        const v = readNumber(get, `PC${i}_${j}${alt}`) ?? (alt === "" ? readNumber(get, legacyPc(i, j)) : undefined);
        pc.push(v ?? (i === j ? 1 : 0));
      }
    }
    if (!hasPc && lat >= 0 && lon >= 0) applyCrota(get, n, alt, cdelt, pc, lon, lat);
    return { pc, form: "PC" };
  }
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= n; j++) pc.push(readNumber(get, `CD${i}_${j}${alt}`) ?? 0);
  }
  // With CDi_j, CDELTi is ignored (Paper I §2.1.2); an axis with an all-zero row gets a unit diagonal,
  // so a degenerate axis (e.g. a 2-D image of a cube) stays invertible, as wcslib does.
  for (let i = 0; i < n; i++) {
    cdelt[i] = 1;
    let zero = true;
    for (let j = 0; j < n; j++) if (pc[i * n + j] !== 0) zero = false;
    if (zero) pc[i * n + i] = 1;
  }
  return { pc, form: "CD" };
}

function legacyPc(i: number, j: number): string {
  return `PC${String(i).padStart(3, "0")}${String(j).padStart(3, "0")}`;
}

/** CROTAi of the latitude axis (or, failing that, the longitude axis) rotates the celestial block. */
function applyCrota(get: KeywordLookup, n: number, alt: string, cdelt: number[], pc: number[], lon: number, lat: number): void {
  const rho = readNumber(get, `CROTA${lat + 1}${alt}`) ?? readNumber(get, `CROTA${lat + 1}`) ?? readNumber(get, `CROTA${lon + 1}`);
  if (rho === undefined || rho === 0) return;
  const c = cosd(rho);
  const s = sind(rho);
  const ratio = cdelt[lat]! / cdelt[lon]!;
  pc[lon * n + lon] = c;
  pc[lon * n + lat] = -s * ratio;
  pc[lat * n + lon] = (s / ratio);
  pc[lat * n + lat] = c;
}

function readFrame(get: KeywordLookup, alt: string, implied: CelestialFrame | null): { frame: CelestialFrame; equinox?: number } {
  if (implied) return { frame: implied };
  const radesys = (readString(get, `RADESYS${alt}`) ?? readString(get, "RADECSYS"))?.toUpperCase();
  let equinox = readNumber(get, `EQUINOX${alt}`) ?? readNumber(get, "EPOCH");
  let frame: CelestialFrame;
  if (radesys === undefined || radesys === "") {
    // Paper II §3.1: without RADESYS, ICRS unless EQUINOX says FK4 (< 1984) or FK5.
    frame = equinox === undefined ? "ICRS" : equinox < 1984 ? "FK4" : "FK5";
  } else if (["ICRS", "FK5", "FK4", "FK4-NO-E", "GAPPT"].includes(radesys)) {
    frame = radesys as CelestialFrame;
  } else {
    frame = "unknown";
  }
  if (equinox === undefined && (frame === "FK4" || frame === "FK4-NO-E")) equinox = 1950;
  if (equinox === undefined && frame === "FK5") equinox = 2000;
  if (frame === "ICRS") equinox = undefined;
  return equinox === undefined ? { frame } : { frame, equinox };
}

/**
 * Reads the WCS of a header through `get`.
 *
 * @param get keyword lookup, e.g. `(k) => header.get(k)` of src/lib/fits.
 * @throws WcsError NoWcs without WCS keywords; Inconsistent, BadKeyword, BadUnit,
 *   UnsupportedProjection, UnsupportedDistortion as their names say.
 */
export function readWcsParams(get: KeywordLookup, options: WcsHeaderOptions = {}): WcsParams {
  const alt = (options.alt ?? "").trim().toUpperCase();
  if (!/^[A-Z]?$/.test(alt)) throw new WcsError("BadKeyword", `alternate WCS letter must be A-Z, got '${alt}'`);
  const n = countAxes(get, alt);
  if (n === 0 || !anyWcsKeyword(get, Math.max(n, 2), alt)) {
    throw new WcsError("NoWcs", alt ? `no alternate WCS '${alt}' in the header` : "no WCS keywords in the header");
  }
  rejectUnsupportedDistortions(get, n, alt);
  const ctype: string[] = [];
  const kinds: AxisKind[] = [];
  for (let i = 1; i <= n; i++) {
    const c = (readString(get, `CTYPE${i}${alt}`) ?? "").toUpperCase();
    ctype.push(c);
    kinds.push(classify(c, `CTYPE${i}${alt}`));
  }
  const lonAxes = kinds.flatMap((k, i) => (k.role === "lon" ? [i] : []));
  const latAxes = kinds.flatMap((k, i) => (k.role === "lat" ? [i] : []));
  if (lonAxes.length > 1 || latAxes.length > 1 || lonAxes.length !== latAxes.length) {
    throw new WcsError("Inconsistent", `need exactly one celestial longitude and one latitude axis, got CTYPE ${ctype.join(", ")}`);
  }
  const lon = lonAxes[0] ?? -1;
  const lat = latAxes[0] ?? -1;
  let code: string | undefined;
  let suffix = "";
  if (lon >= 0) {
    const kl = kinds[lon]!;
    const kb = kinds[lat]!;
    if (kl.code !== kb.code || kl.pair !== kb.pair) {
      throw new WcsError("Inconsistent", `celestial CTYPEs do not match: ${ctype[lon]} / ${ctype[lat]}`, `CTYPE${lat + 1}${alt}`);
    }
    code = kl.code;
    suffix = kl.suffix;
    if (suffix !== kb.suffix) throw new WcsError("Inconsistent", `CTYPE suffixes differ: ${ctype[lon]} / ${ctype[lat]}`);
    if (suffix !== "" && suffix !== "-SIP") {
      throw new WcsError("UnsupportedDistortion", `CTYPE suffix '${suffix}' is not supported`, `CTYPE${lon + 1}${alt}`);
    }
    if (code === "TNX" || code === "ZPX" || code === "TPD") {
      throw new WcsError("UnsupportedDistortion", `${code} distortion is not supported (SIP and TPV are)`, `CTYPE${lon + 1}${alt}`);
    }
  }
  const cunit: string[] = [];
  const crpix: number[] = [];
  const crval: number[] = [];
  const cdelt: number[] = [];
  const scale: number[] = [];
  for (let i = 1; i <= n; i++) {
    const uKey = `CUNIT${i}${alt}`;
    const raw = readString(get, uKey) ?? "";
    const u = i - 1 === lon || i - 1 === lat ? celestialUnit(raw, uKey) : linearUnit(ctype[i - 1]!, raw, uKey);
    cunit.push(u.unit);
    scale.push(u.scale);
    crpix.push(readNumber(get, `CRPIX${i}${alt}`) ?? 0);
    crval.push((readNumber(get, `CRVAL${i}${alt}`) ?? 0) * u.scale);
    const d = readNumber(get, `CDELT${i}${alt}`) ?? 1;
    if (d === 0) throw new WcsError("BadKeyword", `CDELT${i}${alt} must not be 0`, `CDELT${i}${alt}`);
    cdelt.push(d);
  }
  const { pc, form } = readMatrix(get, n, alt, cdelt, lat, lon);
  // Unit scaling applies to the world axis: CDELTi for PC form, the CD row for CD form.
  for (let i = 0; i < n; i++) {
    if (form === "PC") cdelt[i] = cdelt[i]! * scale[i]!;
    else for (let j = 0; j < n; j++) pc[i * n + j] = pc[i * n + j]! * scale[i]!;
  }
  const imageSize: number[] = [];
  for (let i = 1; i <= n; i++) {
    const s = readNumber(get, `NAXIS${i}`);
    if (s === undefined) break;
    imageSize.push(s);
  }
  const base = {
    naxis: n,
    ...(imageSize.length === n && imageSize.every((s) => s > 0) ? { imageSize } : {}),
    ctype,
    cunit,
    crpix,
    crval,
    cdelt,
    pc,
    matrixForm: form,
    lonAxis: lon,
    latAxis: lat,
    alt,
  };
  if (lon < 0 || code === undefined) return { ...base, pv: [], frame: "unknown" };
  return { ...base, ...readCelestial(get, alt, lon, lat, code, crval) };
}

/** The celestial part: projection code and PV, pole, frame, distortions. */
function readCelestial(get: KeywordLookup, alt: string, lon: number, lat: number, code: string, crval: number[]) {
  const sip = readSip(get);
  let projection = code;
  let tpv: ReturnType<typeof readTpv> | undefined;
  const pv: (number | undefined)[] = [];
  // SCAMP-era headers carry distortion PVs on TAN-SIP axes; they are not projection parameters
  // (astropy drops them in that case too), so PV is ignored when SIP is present on TAN.
  const ignorePv = sip !== undefined && code === "TAN";
  if (code === "TPV") {
    projection = "TAN";
    tpv = readTpv(get, lon + 1, lat + 1, alt);
  } else if (!ignorePv) {
    for (let m = 0; m < 30; m++) pv.push(readNumber(get, `PV${lat + 1}_${m}${alt}`));
  }
  if (code === "NCP") {
    // Paper II §5.1.5: NCP is SIN with (xi, eta) = (0, cot(delta0)).
    const d0 = crval[lat]!;
    if (d0 === 0) throw new WcsError("BadParameter", "NCP with CRVAL on the equator is undefined", `CRVAL${lat + 1}${alt}`);
    projection = "SIN";
    pv.length = 0;
    pv.push(undefined, 0, cosd(d0) / sind(d0));
  } else if (code === "GLS") {
    projection = "SFL";
  }
  const lonPv = (m: number) => (ignorePv || tpv ? undefined : readNumber(get, `PV${lon + 1}_${m}${alt}`));
  const offset = lonPv(0);
  const phi0 = lonPv(1);
  const theta0 = lonPv(2);
  const lonpole = lonPv(3) ?? readNumber(get, `LONPOLE${alt}`);
  const latpole = lonPv(4) ?? readNumber(get, `LATPOLE${alt}`);
  const pair = CELESTIAL_PAIRS.find(([l]) => l === (readString(get, `CTYPE${lon + 1}${alt}`) ?? "").toUpperCase().slice(0, 4));
  const { frame, equinox } = readFrame(get, alt, pair ? pair[2] : "unknown");
  return {
    projection,
    pv,
    ...(offset ? { fiducialOffset: true } : {}),
    ...(phi0 !== undefined ? { phi0Deg: phi0 } : {}),
    ...(theta0 !== undefined ? { theta0Deg: theta0 } : {}),
    ...(lonpole !== undefined ? { lonpoleDeg: lonpole } : {}),
    ...(latpole !== undefined ? { latpoleDeg: latpole } : {}),
    frame,
    ...(equinox !== undefined ? { equinox } : {}),
    ...(sip ? { sip } : {}),
    ...(tpv ? { tpv } : {}),
  };
}
