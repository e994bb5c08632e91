/**
 * CFHT MegaPrime/MegaCam raw headers → ObservationInfo. Cards as described in CFHT's MegaPrime
 * FITS header documentation (https://www.cfht.hawaii.edu/Instruments/Imaging/MegaPrime/): EXPNUM
 * the odometer, EXTNAME "ccdNN" the CCD, DATE-OBS + UTC-OBS / DATEEND + UTCEND in UTC, FILTER
 * "<band>.MP<serial>", TEMPERAT °C, PRESSURE hPa, RELHUMID %, TELALT/TELAZ degrees.
 */
import { optDecDeg, optRaDeg } from "./angles.js";
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";
import { CFHT_LOCATION } from "./sites.js";
import { addSeconds, observingDay, reqDateAndTimeCards } from "./time.js";
import { type Translator, cardText, celsiusToKelvin } from "./translator.js";

/** MegaCam has 36 science CCDs (40 since 2015), EXTNAME ccd00..ccd39. */
const MEGACAM_CCDS = 40;
/** detector_exposure_id = EXPNUM × 100 + CCD: our decimal convention (two digits for the CCD). */
const MEGAPRIME_DETECTOR_FACTOR = 100;
/** Maunakea, like Subaru: no day rollover offset. */
const MEGAPRIME_DAY_OFFSET_S = 0;

const MEGAPRIME_OBSERVATION_TYPES: Readonly<Record<string, string>> = { object: "science", zero: "bias", flat: "flat" };

/** Band of a MegaPrime filter ("i.MP9702" → i). */
export function megaPrimeBand(physicalFilter: string): string {
  const m = /^([ugriz])\.MP\d{4}$/.exec(physicalFilter);
  return m?.[1] ?? "unknown";
}

function ccdOf(reader: CardReader): number {
  const ext = reader.reqString("EXTNAME");
  const m = /^ccd(\d{2})$/.exec(ext);
  const n = m ? Number(m[1]) : -1;
  if (n < 0 || n >= MEGACAM_CCDS) throw reader.fail("EXTNAME", `cannot parse CCD '${ext}' (expected ccd00..ccd${MEGACAM_CCDS - 1})`);
  return n;
}

function translateMegaPrime(reader: CardReader): ObservationInfo {
  const expnum = reader.reqInt("EXPNUM");
  if (expnum <= 0) throw reader.fail("EXPNUM", `exposure number ${expnum} is not positive`);
  const exposureTime = reader.reqNumber("EXPTIME");
  if (exposureTime < 0) throw reader.fail("EXPTIME", `negative exposure time ${exposureTime}`);
  const obsTypeRaw = reader.reqString("OBSTYPE").toLowerCase();
  const observationType = MEGAPRIME_OBSERVATION_TYPES[obsTypeRaw] ?? obsTypeRaw;
  const ccd = ccdOf(reader);
  const begin = reqDateAndTimeCards(reader, "DATE-OBS", "UTC-OBS", "UTC");
  let end = reader.has("UTCEND") ? reqDateAndTimeCards(reader, reader.has("DATEEND") ? "DATEEND" : "DATE-OBS", "UTCEND", "UTC") : null;
  if (end === null || end < begin) end = addSeconds(begin, exposureTime);
  const onSky = observationType === "science";
  const ra = reader.has("RA_DEG") ? reader.optNumber("RA_DEG") : optRaDeg(reader, "RA");
  const dec = reader.has("DEC_DEG") ? reader.optNumber("DEC_DEG") : optDecDeg(reader, "DEC");
  const az = reader.optNumber("TELAZ");
  const alt = reader.optNumber("TELALT");
  const temp = reader.optNumber("TEMPERAT");
  const filter = reader.optString("FILTER") ?? "unknown";
  const name = `ccd${String(ccd).padStart(2, "0")}`;
  return {
    translator: "MegaPrime",
    telescope: "CFHT 3.6m",
    instrument: "MegaPrime",
    location: CFHT_LOCATION,
    exposure_id: expnum,
    visit_id: expnum,
    physical_filter: filter,
    datetime_begin: begin,
    datetime_end: end,
    exposure_time: exposureTime,
    dark_time: reader.optNumber("DARKTIME"),
    boresight_airmass: onSky ? reader.optNumber("AIRMASS") : null,
    // ROTANGLE is the instrument rotator setting; its sky convention is not stated in the header.
    boresight_rotation_angle: null,
    boresight_rotation_coord: "unknown",
    detector_num: ccd,
    detector_name: name,
    detector_unique_name: name,
    detector_serial: reader.optString("CCDNAME"),
    detector_group: null,
    detector_exposure_id: expnum * MEGAPRIME_DETECTOR_FACTOR + ccd,
    object: reader.optString("OBJECT"),
    temperature: temp === null ? null : celsiusToKelvin(temp),
    pressure: reader.optNumber("PRESSURE"),
    relative_humidity: reader.optNumber("RELHUMID"),
    tracking_radec: onSky && ra !== null && dec !== null ? [ra, dec] : null,
    altaz_begin: onSky && az !== null && alt !== null ? [az, alt] : null,
    science_program: reader.optString("RUNID"),
    observation_type: observationType,
    observation_id: reader.optString("OBSID") ?? String(expnum),
    observation_reason: onSky ? "science" : "unknown",
    exposure_group: String(expnum),
    observing_day: observingDay(begin, MEGAPRIME_DAY_OFFSET_S),
    observing_day_offset: MEGAPRIME_DAY_OFFSET_S,
    observation_counter: expnum,
    group_counter_start: expnum,
    group_counter_end: expnum,
    has_simulated_content: false,
    can_see_sky: onSky ? true : observationType === "bias" || observationType === "dark" ? false : null,
  };
}

/** The MegaPrime translator (INSTRUME = "MegaPrime"). */
export const megaPrimeTranslator: Translator = {
  name: "MegaPrime",
  canTranslate: (lookup: HeaderLookup) => /^megaprime$/i.test(cardText(lookup, "INSTRUME")),
  translate: translateMegaPrime,
};
