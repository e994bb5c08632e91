/**
 * The demo's observing schedule: N visits cycling through ugrizy, each with a dithered pointing
 * around the field centre, a random sky rotation, 30 s exposures and varying conditions (seeing,
 * airmass, sky, zero point with extinction). Earlier visits fall on past nights relative to `now`;
 * the last two are taken within the last six hours, so an embargo period has something to hide.
 * Conditions follow the usual scalings: seeing grows as airmass^0.6 (Roddier 1981), extinction is
 * k·X, and the 5σ point-source depth follows from the sky noise in an effective PSF area.
 */
import { taiFromDate, type TaiNs } from "../model/index.js";
import { BAND_PHOTOMETRY, BANDS, type Band, EXPOSURE_TIME_S, GAIN_E_PER_ADU, NJY_ZERO_POINT_MAG, PIXEL_SCALE_ARCSEC, READ_NOISE_E } from "./camera.js";
import { Rng } from "./rng.js";

/** The field centre, degrees (ICRS). */
export const FIELD_RA_DEG = 60;
export const FIELD_DEC_DEG = -30;
/** Largest pointing offset from the field centre, arcminutes. */
export const MAX_DITHER_ARCMIN = 1.5;

/** One visit (= one exposure) of the schedule. */
export interface DemoVisit {
  /** Exposure and visit id: YYYYMMDD·100000 + seq_num (day_obs and sequence number, LSST style). */
  readonly id: number;
  readonly index: number;
  readonly band: Band;
  readonly dayObs: number;
  readonly seqNum: number;
  readonly obsId: string;
  /** Start of the exposure, TAI ns, and the same instant as a Date (UTC). */
  readonly beginTai: TaiNs;
  readonly endTai: TaiNs;
  readonly begin: Date;
  readonly boresightRaDeg: number;
  readonly boresightDecDeg: number;
  /** Sky rotation of the focal plane (position angle of the sensor +y axis, east of north), degrees. */
  readonly rotationDeg: number;
  readonly airmass: number;
  readonly psfFwhmArcsec: number;
  /** Zero point: AB magnitude giving 1 e⁻/s, including extinction at this airmass. */
  readonly zeroPointMag: number;
  /** Sky level, electrons per pixel per exposure. */
  readonly skyElectrons: number;
  /** nJy per electron collected in the exposure. */
  readonly nJyPerElectron: number;
  /** Sky level and sky noise per pixel, nJy. */
  readonly skyNJy: number;
  readonly skyNoiseNJy: number;
  /** 5σ point-source limiting AB magnitude. */
  readonly limitingMag: number;
}

/** Hours per day in milliseconds. */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** day_obs (YYYYMMDD) of an instant: the UTC date 12 h earlier, so a night keeps one date (Rubin's rule). */
export function dayObsOf(d: Date): number {
  const t = new Date(d.getTime() - 12 * HOUR_MS);
  return t.getUTCFullYear() * 10000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

/** Start instants of the visits: four per night on past nights, the last two 3 h before `now`. */
function visitStarts(n: number, now: Date): Date[] {
  const out: Date[] = [];
  const past = Math.max(0, n - 2);
  const perNight = 4;
  const nights = Math.ceil(past / perNight);
  // Past nights start 02:00 UTC (22:00 at Cerro Pachón), one or more whole days before `now`.
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let i = 0; i < past; i++) {
    const night = Math.floor(i / perNight);
    const slot = i % perNight;
    const base = today - (nights - night + 1) * DAY_MS + 2 * HOUR_MS;
    out.push(new Date(base + slot * 40 * 60_000));
  }
  for (let i = past; i < n; i++) out.push(new Date(now.getTime() - 3 * HOUR_MS + (i - past) * 2 * 60_000));
  return out;
}

/** 5σ point-source depth for a sky noise (nJy per pixel) and PSF FWHM (arcsec): 5 σ √n_eff with n_eff = 4π σ_psf² pixels. */
function limitingMag(skyNoiseNJy: number, fwhmArcsec: number): number {
  const sigmaPix = fwhmArcsec / PIXEL_SCALE_ARCSEC / 2.3548;
  const nEff = 4 * Math.PI * sigmaPix * sigmaPix;
  return NJY_ZERO_POINT_MAG - 2.5 * Math.log10(5 * skyNoiseNJy * Math.sqrt(nEff));
}

/**
 * The schedule of `n` visits for a seed and an instant `now` (the reference for "past nights" and
 * the last-six-hours visits). Deterministic for (n, seed, now).
 */
export function makeSchedule(n: number, seed: number, now: Date): DemoVisit[] {
  const starts = visitStarts(n, now);
  const seqByDay = new Map<number, number>();
  return starts.map((begin, index) => {
    const rng = new Rng(seed, "visit", index);
    const band = BANDS[index % BANDS.length]!;
    const phot = BAND_PHOTOMETRY[band];
    const dayObs = dayObsOf(begin);
    const seqNum = (seqByDay.get(dayObs) ?? 0) + 1;
    seqByDay.set(dayObs, seqNum);
    const ditherR = (MAX_DITHER_ARCMIN / 60) * Math.sqrt(rng.uniform());
    const ditherPhi = 2 * Math.PI * rng.uniform();
    const decDeg = FIELD_DEC_DEG + ditherR * Math.sin(ditherPhi);
    const raDeg = FIELD_RA_DEG + (ditherR * Math.cos(ditherPhi)) / Math.cos((FIELD_DEC_DEG * Math.PI) / 180);
    const airmass = 1 + 0.8 * rng.uniform();
    const seeing = rng.between(0.52, 1.08) * airmass ** 0.6;
    const psfFwhmArcsec = Math.min(1.4, Math.max(0.55, seeing));
    const zeroPointMag = phot.zeroPointMag - phot.extinction * (airmass - 1);
    const skyBright = phot.skyMagArcsec2 - 2.5 * Math.log10(1 + 0.3 * rng.uniform()); // moon and twilight
    const pixArea = PIXEL_SCALE_ARCSEC * PIXEL_SCALE_ARCSEC;
    const skyElectrons = EXPOSURE_TIME_S * pixArea * 10 ** (-0.4 * (skyBright - zeroPointMag));
    const nJyPerElectron = 10 ** (0.4 * (NJY_ZERO_POINT_MAG - zeroPointMag)) / EXPOSURE_TIME_S;
    const noiseE = Math.sqrt(skyElectrons + READ_NOISE_E * READ_NOISE_E + (GAIN_E_PER_ADU * GAIN_E_PER_ADU) / 12);
    const beginTai = taiFromDate(begin);
    const id = dayObs * 100_000 + seqNum;
    return {
      id,
      index,
      band,
      dayObs,
      seqNum,
      obsId: `DC_O_${dayObs}_${String(seqNum).padStart(6, "0")}`,
      beginTai,
      endTai: beginTai + BigInt(EXPOSURE_TIME_S) * 1_000_000_000n,
      begin,
      boresightRaDeg: raDeg,
      boresightDecDeg: decDeg,
      rotationDeg: 360 * rng.uniform(),
      airmass,
      psfFwhmArcsec,
      zeroPointMag,
      skyElectrons,
      nJyPerElectron,
      skyNJy: skyElectrons * nJyPerElectron,
      skyNoiseNJy: noiseE * nJyPerElectron,
      limitingMag: limitingMag(noiseE * nJyPerElectron, psfFwhmArcsec),
    };
  });
}

/** Median PSF FWHM per band over the schedule (template selection: inputs at or below it). */
export function medianFwhmByBand(visits: readonly DemoVisit[]): Map<Band, number> {
  const out = new Map<Band, number>();
  for (const band of BANDS) {
    const f = visits.filter((v) => v.band === band).map((v) => v.psfFwhmArcsec).sort((a, b) => a - b);
    if (f.length === 0) continue;
    const m = f.length % 2 === 1 ? f[(f.length - 1) / 2]! : 0.5 * (f[f.length / 2 - 1]! + f[f.length / 2]!);
    out.set(band, m);
  }
  return out;
}
