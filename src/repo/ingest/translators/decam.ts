/**
 * DECam (Blanco 4-m, CTIO) raw headers → ObservationInfo. Card meanings follow the DECam
 * data handbook (NOIRLab, "DECam Data Handbook" §4, primary and extension keywords): EXPNUM is the
 * exposure counter, CCDNUM the 1-based CCD number, DETPOS the focal-plane position (S1…N31, FS/FN
 * focus and G guide CCDs), DATE-OBS the UTC shutter opening, FILTER the full filter description.
 */
import { optDecDeg, optRaDeg } from "./angles.js";
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";
import { CTIO_BLANCO_LOCATION } from "./sites.js";
import { type TimeScale, addSeconds, observingDay, reqIsoCard } from "./time.js";
import { type Translator, cardText, celsiusToKelvin } from "./translator.js";

/** DECam CCDNUM runs 1..62 for science CCDs; 63..74 are guide/focus (DECam Data Handbook). */
const DECAM_CCDNUM_MAX = 74;
/** detector_exposure_id = EXPNUM × 100 + CCDNUM (two decimal digits for the CCD number). */
const DECAM_DETECTOR_FACTOR = 100;
/**
 * Day rollover 12 h: the NOIRLab archive's calendar date DTCALDAT names the night by the local
 * evening date, which equals the TAI date of (begin − 12 h) for Chile (UTC−3/−4).
 */
const DECAM_DAY_OFFSET_S = 12 * 3600;

/** DECam OBSTYPE values → ObservationInfo observation types. */
const DECAM_OBSERVATION_TYPES: Readonly<Record<string, string>> = {
  object: "science", zero: "bias", dark: "dark", "dome flat": "flat", domeflat: "flat", "sky flat": "flat",
};

/** Broad band from the first token of DECam's FILTER card ("z DECam SDSS c0004 9260.0 1520.0" → z). */
export function decamBand(physicalFilter: string): string {
  const first = physicalFilter.split(/\s+/)[0] ?? "";
  return ["u", "g", "r", "i", "z", "Y", "VR", "N964"].includes(first) ? first : "unknown";
}

function detectorOf(reader: CardReader): { num: number; pos: string } {
  const num = reader.reqInt("CCDNUM");
  if (num < 1 || num > DECAM_CCDNUM_MAX) throw reader.fail("CCDNUM", `CCD number ${num} outside 1..${DECAM_CCDNUM_MAX}`);
  const pos = reader.reqString("DETPOS");
  if (!/^(N|S|FN|FS|G)\d{1,2}$/.test(pos)) throw reader.fail("DETPOS", `cannot parse detector position '${pos}'`);
  return { num, pos };
}

function translateDecam(reader: CardReader): ObservationInfo {
  const expnum = reader.reqInt("EXPNUM");
  if (expnum <= 0) throw reader.fail("EXPNUM", `exposure number ${expnum} is not positive`);
  const det = detectorOf(reader);
  const scaleCard = (reader.optString("TIMESYS") ?? "UTC").toUpperCase();
  if (scaleCard !== "UTC" && scaleCard !== "TAI") throw reader.fail("TIMESYS", `unsupported time scale '${scaleCard}'`);
  const begin = reqIsoCard(reader, "DATE-OBS", scaleCard as TimeScale);
  const exposureTime = reader.reqNumber("EXPTIME");
  if (exposureTime < 0) throw reader.fail("EXPTIME", `negative exposure time ${exposureTime}`);
  const end = addSeconds(begin, exposureTime);
  const obsTypeRaw = reader.reqString("OBSTYPE").toLowerCase();
  const observationType = DECAM_OBSERVATION_TYPES[obsTypeRaw] ?? obsTypeRaw;
  const onSky = observationType === "science";
  const ra = onSky ? (optRaDeg(reader, "TELRA") ?? optRaDeg(reader, "RA")) : null;
  const dec = onSky ? (optDecDeg(reader, "TELDEC") ?? optDecDeg(reader, "DEC")) : null;
  const az = reader.optNumber("AZ");
  const zd = reader.optNumber("ZD");
  const temp = reader.optNumber("OUTTEMP");
  const filter = reader.optString("FILTER") ?? "unknown";
  return {
    translator: "DECam",
    telescope: "CTIO 4.0-m telescope",
    instrument: "DECam",
    location: CTIO_BLANCO_LOCATION,
    exposure_id: expnum,
    visit_id: expnum,
    physical_filter: filter,
    datetime_begin: begin,
    datetime_end: end,
    exposure_time: exposureTime,
    dark_time: reader.optNumber("DARKTIME"),
    boresight_airmass: onSky ? reader.optNumber("AIRMASS") : null,
    // DECam has no instrument rotator and the headers record no rotation angle.
    boresight_rotation_angle: null,
    boresight_rotation_coord: "unknown",
    detector_num: det.num,
    detector_name: det.pos,
    detector_unique_name: det.pos,
    detector_serial: reader.optString("DETECTOR"),
    detector_group: det.pos.replace(/\d+$/, ""),
    detector_exposure_id: expnum * DECAM_DETECTOR_FACTOR + det.num,
    object: reader.optString("OBJECT"),
    // OUTTEMP in °C, PRESSURE in hPa (mbar), HUMIDITY in percent (DECam Data Handbook).
    temperature: temp === null ? null : celsiusToKelvin(temp),
    pressure: reader.optNumber("PRESSURE"),
    relative_humidity: reader.optNumber("HUMIDITY"),
    tracking_radec: ra === null || dec === null ? null : [ra, dec],
    altaz_begin: onSky && az !== null && zd !== null ? [az, 90 - zd] : null,
    science_program: reader.optString("PROPID"),
    observation_type: observationType,
    observation_id: reader.reqString("OBSID"),
    observation_reason: onSky ? "science" : "unknown",
    exposure_group: String(expnum),
    observing_day: observingDay(begin, DECAM_DAY_OFFSET_S),
    observing_day_offset: DECAM_DAY_OFFSET_S,
    observation_counter: expnum,
    group_counter_start: expnum,
    group_counter_end: expnum,
    has_simulated_content: false,
    can_see_sky: onSky ? true : ["bias", "dark"].includes(observationType) ? false : null,
  };
}

/** The DECam translator (INSTRUME = "DECam"). */
export const decamTranslator: Translator = {
  name: "DECam",
  canTranslate: (lookup: HeaderLookup) => cardText(lookup, "INSTRUME").toUpperCase() === "DECAM",
  translate: translateDecam,
};
