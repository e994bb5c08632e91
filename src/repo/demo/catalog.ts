/**
 * The demo's truth catalogue: a seeded sky of stars (ugrizy magnitudes ~16–24 from blackbody-like
 * colours), galaxies (exponential and de Vaucouleurs profiles with ellipticity and position angle),
 * a few periodic variable stars and a few transients that appear at given times. Tests regenerate it
 * with `generateTruthCatalog` to check what the images show; the release also stores it as the
 * `truth_catalog` BINTABLE. Fluxes at a time come from `sourceMagAt`.
 */
import { BANDS, type Band } from "./camera.js";
import { Rng } from "./rng.js";
import { FIELD_DEC_DEG, FIELD_RA_DEG } from "./schedule.js";

/** Kinds of truth source. */
export type SourceKind = "star" | "galaxy" | "variable" | "transient";

/** One source of the truth catalogue. Magnitudes are AB. */
export interface TruthSource {
  readonly id: number;
  readonly kind: SourceKind;
  readonly raDeg: number;
  readonly decDeg: number;
  /** Mean (or, for transients, peak) magnitude per band, in BANDS order. */
  readonly mag: Readonly<Record<Band, number>>;
  /** Galaxies: "exp" (Sérsic n = 1) or "dev" (n = 4); "point" otherwise. */
  readonly profile: "point" | "exp" | "dev";
  /** Galaxies: half-light radius along the major axis, arcsec; 0 for point sources. */
  readonly halfLightArcsec: number;
  /** Galaxies: axis ratio b/a in (0, 1]; 1 for point sources. */
  readonly axisRatio: number;
  /** Galaxies: position angle of the major axis, degrees east of north. */
  readonly positionAngleDeg: number;
  /** Variables: period (days), peak-to-mean amplitude (mag), phase at MJD 0 (radians). */
  readonly periodDays: number;
  readonly amplitudeMag: number;
  readonly phaseRad: number;
  /** Transients: MJD (TAI) of appearance and brightness decline, mag per day; 0 otherwise. */
  readonly startMjd: number;
  readonly declineMagPerDay: number;
}

/** Options of generateTruthCatalog. */
export interface TruthCatalogOptions {
  readonly seed: number;
  /** The release's "now" as an MJD (TAI): transients appear during the days before it. */
  readonly nowMjd: number;
  /** Radius of the catalogued area around the field centre, degrees (default 0.21). */
  readonly radiusDeg?: number;
  readonly stars?: number;
  readonly galaxies?: number;
  readonly variables?: number;
  readonly transients?: number;
}

/** Default numbers of sources (a high-latitude field, bright enough to render quickly). */
export const DEFAULT_COUNTS = { stars: 1500, galaxies: 1500, variables: 6, transients: 4 } as const;

/** Magnitude drawn from a power-law number count N(<m) ∝ 10^(slope·m) between lo and hi. */
function countMag(rng: Rng, lo: number, hi: number, slope: number): number {
  const a = 10 ** (slope * lo);
  const b = 10 ** (slope * hi);
  return Math.log10(a + (b - a) * rng.uniform()) / slope;
}

/** ugrizy colours of a star of temperature-like parameter t ∈ [0, 1] (0 blue, 1 red), relative to r. */
function starColours(t: number): Record<Band, number> {
  return { u: 0.9 + 2.2 * t, g: 0.25 + 1.1 * t, r: 0, i: -0.1 - 0.7 * t, z: -0.15 - 1.0 * t, y: -0.2 - 1.15 * t };
}

function galaxyColours(rng: Rng): Record<Band, number> {
  const red = rng.uniform();
  return { u: 1.0 + 1.2 * red, g: 0.4 + 0.6 * red, r: 0, i: -0.25 - 0.25 * red, z: -0.35 - 0.4 * red, y: -0.4 - 0.5 * red };
}

function withColours(r: number, c: Record<Band, number>): Record<Band, number> {
  const out = {} as Record<Band, number>;
  for (const b of BANDS) out[b] = r + c[b];
  return out;
}

/** A position uniform in a small cap around the field centre. */
function position(rng: Rng, radiusDeg: number): [number, number] {
  const r = radiusDeg * Math.sqrt(rng.uniform());
  const phi = 2 * Math.PI * rng.uniform();
  const dec = FIELD_DEC_DEG + r * Math.sin(phi);
  const ra = FIELD_RA_DEG + (r * Math.cos(phi)) / Math.cos((dec * Math.PI) / 180);
  return [ra, dec];
}

const POINT = { profile: "point", halfLightArcsec: 0, axisRatio: 1, positionAngleDeg: 0, periodDays: 0, amplitudeMag: 0, phaseRad: 0, startMjd: 0, declineMagPerDay: 0 } as const;

/**
 * The truth catalogue for a seed: stars, galaxies, variables and transients with ids from 1 in that
 * order. Deterministic for (seed, nowMjd, counts, radius).
 */
export function generateTruthCatalog(o: TruthCatalogOptions): TruthSource[] {
  const radius = o.radiusDeg ?? 0.21;
  const out: TruthSource[] = [];
  const rng = new Rng(o.seed, "truth");
  let id = 1;
  for (let i = 0; i < (o.stars ?? DEFAULT_COUNTS.stars); i++) {
    const [raDeg, decDeg] = position(rng, radius);
    const r = countMag(rng, 16, 24, 0.25);
    out.push({ ...POINT, id: id++, kind: "star", raDeg, decDeg, mag: withColours(r, starColours(rng.uniform())) });
  }
  for (let i = 0; i < (o.galaxies ?? DEFAULT_COUNTS.galaxies); i++) {
    const [raDeg, decDeg] = position(rng, radius);
    const r = countMag(rng, 18, 24, 0.4);
    const dev = rng.uniform() < 0.3;
    // Size shrinks with magnitude: ~2″ at r = 18, ~0.4″ at r = 24 (an angular size–magnitude trend).
    const halfLightArcsec = (dev ? 0.8 : 1) * 2.2 * 10 ** (-0.12 * (r - 18)) * rng.between(0.6, 1.4);
    const axisRatio = rng.between(0.3, 1);
    const positionAngleDeg = rng.between(0, 180);
    out.push({ ...POINT, id: id++, kind: "galaxy", raDeg, decDeg, mag: withColours(r, galaxyColours(rng)), profile: dev ? "dev" : "exp", halfLightArcsec, axisRatio, positionAngleDeg });
  }
  for (let i = 0; i < (o.variables ?? DEFAULT_COUNTS.variables); i++) {
    const [raDeg, decDeg] = position(rng, radius * 0.6);
    const r = rng.between(17.5, 20);
    out.push({ ...POINT, id: id++, kind: "variable", raDeg, decDeg, mag: withColours(r, starColours(rng.uniform())), periodDays: rng.between(0.2, 3), amplitudeMag: rng.between(0.3, 0.8), phaseRad: rng.between(0, 2 * Math.PI) });
  }
  for (let i = 0; i < (o.transients ?? DEFAULT_COUNTS.transients); i++) {
    const [raDeg, decDeg] = position(rng, radius * 0.6);
    const r = rng.between(18.5, 21);
    const startMjd = o.nowMjd - rng.between(0.3, 4);
    out.push({ ...POINT, id: id++, kind: "transient", raDeg, decDeg, mag: withColours(r, { u: 0.1, g: 0, r: 0, i: 0.05, z: 0.1, y: 0.15 }), startMjd, declineMagPerDay: rng.between(0.05, 0.3) });
  }
  return out;
}

/**
 * The magnitude of a source in a band at a time (MJD, TAI): constant for stars and galaxies,
 * sinusoidal for variables, absent (Infinity) before a transient appears and fading after.
 * With `staticSky`, variables give their mean and transients nothing (the template sky).
 */
export function sourceMagAt(s: TruthSource, band: Band, mjd: number, staticSky = false): number {
  const m = s.mag[band];
  if (s.kind === "variable") return staticSky ? m : m - s.amplitudeMag * Math.sin((2 * Math.PI * mjd) / s.periodDays + s.phaseRad);
  if (s.kind === "transient") {
    if (staticSky || mjd < s.startMjd) return Number.POSITIVE_INFINITY;
    return m + s.declineMagPerDay * (mjd - s.startMjd);
  }
  return m;
}
