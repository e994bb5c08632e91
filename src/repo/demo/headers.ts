/**
 * Header metadata of the demo's products: the observation cards LSST raws and calexps carry
 * (DATE-OBS/MJD-OBS in TAI with TIMESYS, EXPTIME, FILTER, INSTRUME, OBSID, DAYOBS, SEQNUM, …), the
 * visit's observing conditions on calibrated images, and the skymap coordinates of coadds.
 */
import type { Card } from "../../lib/fits/index.js";
import { isoTaiFromTai, mjdTaiFromTai } from "../model/index.js";
import { type Band, type DemoDetector, EXPOSURE_TIME_S, GAIN_E_PER_ADU, INSTRUMENT, OVERSCAN_COLS, physicalFilter, READ_NOISE_E } from "./camera.js";
import { type CardList, toCards } from "./fits-products.js";
import type { DemoVisit } from "./schedule.js";

/** Cards every product carries: origin, creation time (the only varying bytes) and the seed. */
export function provenanceCards(generatedAt: Date, seed: number): CardList {
  return [
    ["ORIGIN", "Skyport demo release", "generator"],
    ["DATE", generatedAt.toISOString().slice(0, 19), "file creation time (UTC)"],
    ["SEED", seed, "demo generator seed"],
  ];
}

const isoT = (t: bigint) => isoTaiFromTai(t).replace(" ", "T").slice(0, 23);

/** Observation cards of a visit on a sensor. */
function observationCards(v: DemoVisit, det: DemoDetector): CardList {
  return [
    ["INSTRUME", INSTRUMENT, "instrument"],
    ["TELESCOP", "Skyport Demo Telescope", "telescope"],
    ["DETECTOR", det.id, "detector id"],
    ["DET_NAME", det.fullName, "raft_sensor name"],
    ["FILTER", physicalFilter(v.band), "physical filter"],
    ["BAND", v.band, "band"],
    ["OBSID", v.obsId, "observation id"],
    ["EXPID", v.id, "exposure id"],
    ["DAYOBS", String(v.dayObs), "observing day (YYYYMMDD)"],
    ["SEQNUM", v.seqNum, "sequence number within the day"],
    ["IMGTYPE", "science", "observation type"],
    ["TIMESYS", "TAI", "time scale of DATE-OBS, MJD-OBS"],
    ["DATE-OBS", isoT(v.beginTai), "start of exposure (TAI)"],
    ["MJD-OBS", mjdTaiFromTai(v.beginTai), "start of exposure, MJD (TAI)"],
    ["DATE-END", isoT(v.endTai), "end of exposure (TAI)"],
    ["EXPTIME", EXPOSURE_TIME_S, "exposure time (s)"],
    ["DARKTIME", EXPOSURE_TIME_S + 1, "dark time (s)"],
    ["RA", v.boresightRaDeg, "boresight right ascension (deg, ICRS)"],
    ["DEC", v.boresightDecDeg, "boresight declination (deg, ICRS)"],
    ["ROTPA", v.rotationDeg, "sky rotation angle (deg)"],
    ["AIRMASS", v.airmass, "airmass at start"],
  ];
}

const FLOATS = new Set(["EXPTIME", "DARKTIME", "GAIN", "RDNOISE", "MJD-OBS", "RA", "DEC", "ROTPA", "AIRMASS"]);

/** Primary header of a raw. */
export function rawMetadata(v: DemoVisit, det: DemoDetector, common: CardList): Card[] {
  return toCards([...observationCards(v, det), ["GAIN", GAIN_E_PER_ADU, "electrons per ADU"], ["RDNOISE", READ_NOISE_E, "read noise (electrons)"], ...common], FLOATS);
}

/** Image-extension cards of a raw: data and overscan sections. */
export function rawSectionCards(size: number): Card[] {
  return toCards([
    ["DATASEC", `[1:${size},1:${size}]`, "imaging pixels"],
    ["BIASSEC", `[${size + 1}:${size + OVERSCAN_COLS},1:${size}]`, "serial overscan"],
  ]);
}

/** Primary header of a visit or difference image: observation, conditions, calibration. */
export function visitImageMetadata(v: DemoVisit, det: DemoDetector, kind: "visit_image" | "difference_image", common: CardList): Card[] {
  return toCards([
    ...observationCards(v, det),
    ["PRODUCT", kind, "dataset type"],
    ["VISIT", v.id, "visit id"],
    ["BUNIT", "nJy", "pixel unit of IMAGE"],
    ["PSFFWHM", v.psfFwhmArcsec, "PSF FWHM (arcsec)"],
    ["SKYBG", v.skyNJy, "sky background subtracted (nJy/pixel)"],
    ["SKYNOISE", v.skyNoiseNJy, "sky noise (nJy/pixel)"],
    ["ZEROPT", v.zeroPointMag, "AB mag giving 1 e-/s (with extinction)"],
    ["MAGLIM", v.limitingMag, "5-sigma point-source depth (AB mag)"],
    ["NJYPERE", v.nJyPerElectron, "nJy per electron in this exposure"],
    ...common,
  ], new Set([...FLOATS, "PSFFWHM", "SKYBG", "SKYNOISE", "ZEROPT", "MAGLIM", "NJYPERE"]));
}

/** Primary header of a coadd. */
export function coaddMetadata(kind: "deep_coadd" | "template_coadd", skymap: string, tract: number, patch: number, band: Band, nInputs: number, common: CardList): Card[] {
  return toCards([
    ["PRODUCT", kind, "dataset type"],
    ["SKYMAP", skymap, "skymap name"],
    ["TRACT", tract, "tract id"],
    ["PATCH", patch, "patch id (x + nx * y)"],
    ["BAND", band, "band"],
    ["NINPUTS", nInputs, "number of input visit images"],
    ["BUNIT", "nJy", "pixel unit of IMAGE"],
    ...common,
  ]);
}

/** Primary header of a master bias. */
export function biasMetadata(det: DemoDetector, common: CardList): Card[] {
  return toCards([
    ["PRODUCT", "bias", "dataset type"],
    ["INSTRUME", INSTRUMENT, "instrument"],
    ["DETECTOR", det.id, "detector id"],
    ["DET_NAME", det.fullName, "raft_sensor name"],
    ["CALIBTYP", "bias", "calibration type"],
    ["BUNIT", "adu", "pattern relative to the overscan level"],
    ...common,
  ]);
}
