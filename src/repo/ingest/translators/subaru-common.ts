/**
 * Cards Subaru's instruments (HSC, Suprime-Cam) share, as defined in the Subaru FITS dictionary
 * (NAOJ, https://www.naoj.org/Observing/DataArchive/dictionary/): DATE-OBS with UT-STR/UT-END in
 * UTC, RA2000/DEC2000 sexagesimal, AZIMUTH/ALTITUDE/AIRMASS at the start, OUT-TMP (K), OUT-PRS
 * (hPa), OUT-HUM (%), DATA-TYP for the kind of frame, PROP-ID for the proposal.
 */
import { optDecDeg, optRaDeg } from "./angles.js";
import type { CardReader } from "./header.js";
import { type TaiNs, addSeconds, observingDay, reqDateAndTimeCards } from "./time.js";

/** DATA-TYP values → ObservationInfo observation types. */
const SUBARU_OBSERVATION_TYPES: Readonly<Record<string, string>> = {
  OBJECT: "science", BIAS: "bias", DARK: "dark", DOMEFLAT: "flat", SKYFLAT: "flat", FLAT: "flat",
  FOCUSING: "focus", COMPARISON: "arc",
};

/** Subaru's day boundary: none (fitsheader-hsc.json dates an 06:15 UTC exposure to that UTC date). */
export const SUBARU_DAY_OFFSET_S = 0;

/** The observation type from DATA-TYP (required). */
export function subaruObservationType(reader: CardReader): string {
  const dataType = reader.reqString("DATA-TYP").toUpperCase();
  return SUBARU_OBSERVATION_TYPES[dataType] ?? dataType.toLowerCase();
}

/** Exposure time (EXPTIME, required, ≥ 0) in seconds. */
export function subaruExposureTime(reader: CardReader): number {
  const t = reader.reqNumber("EXPTIME");
  if (t < 0) throw reader.fail("EXPTIME", `negative exposure time ${t}`);
  return t;
}

/** Begin (DATE-OBS + UT-STR) and end (DATE-OBS + UT-END, or begin + exposure time), TAI. */
export function subaruTimes(reader: CardReader, exposureTime: number): { begin: TaiNs; end: TaiNs } {
  const begin = reqDateAndTimeCards(reader, "DATE-OBS", "UT-STR", "UTC");
  if (!reader.has("UT-END")) return { begin, end: addSeconds(begin, exposureTime) };
  let end = reqDateAndTimeCards(reader, "DATE-OBS", "UT-END", "UTC");
  // UT-END shares DATE-OBS: an exposure crossing 00:00 UTC ends on the next day.
  if (end < begin) end = addSeconds(end, 86_400);
  return { begin, end };
}

/** Pointing: tracking RA/Dec (J2000 cards preferred), az/alt and airmass at the start. */
export function subaruPointing(reader: CardReader): {
  radec: [number, number] | null;
  altaz: [number, number] | null;
  airmass: number | null;
} {
  const ra = reader.has("RA2000") ? optRaDeg(reader, "RA2000") : optRaDeg(reader, "RA");
  const dec = reader.has("DEC2000") ? optDecDeg(reader, "DEC2000") : optDecDeg(reader, "DEC");
  const az = reader.optNumber("AZIMUTH");
  const alt = reader.optNumber("ALTITUDE");
  return {
    radec: ra === null || dec === null ? null : [ra, dec],
    altaz: az === null || alt === null ? null : [az, alt],
    airmass: reader.optNumber("AIRMASS"),
  };
}

/** Outside weather: OUT-TMP is already kelvin, OUT-PRS hPa, OUT-HUM percent. */
export function subaruWeather(reader: CardReader): { temperature: number | null; pressure: number | null; humidity: number | null } {
  return { temperature: reader.optNumber("OUT-TMP"), pressure: reader.optNumber("OUT-PRS"), humidity: reader.optNumber("OUT-HUM") };
}

/** Whether a detector of this observation type saw the sky (null when the type does not tell). */
export function canSeeSkyOf(observationType: string): boolean | null {
  if (observationType === "science" || observationType === "focus") return true;
  return observationType === "bias" || observationType === "dark" ? false : null;
}

/**
 * The ObservationInfo fields every Subaru instrument (HSC, Suprime-Cam) fills the same way: target,
 * weather, pointing, programme, observation type and reason, and the exposure/group counters,
 * which on Subaru are all the exposure id.
 */
export function subaruObservationFields(
  reader: CardReader,
  o: { readonly id: number; readonly obsId: string; readonly observationType: string; readonly begin: TaiNs },
) {
  const pointing = subaruPointing(reader);
  const weather = subaruWeather(reader);
  return {
    object: reader.optString("OBJECT"),
    temperature: weather.temperature,
    pressure: weather.pressure,
    relative_humidity: weather.humidity,
    tracking_radec: pointing.radec,
    altaz_begin: pointing.altaz,
    science_program: reader.optString("PROP-ID"),
    observation_type: o.observationType,
    observation_id: o.obsId,
    observation_reason: o.observationType === "science" ? "science" : "unknown",
    exposure_group: String(o.id),
    observing_day: observingDay(o.begin, SUBARU_DAY_OFFSET_S),
    observing_day_offset: SUBARU_DAY_OFFSET_S,
    observation_counter: o.id,
    group_counter_start: o.id,
    group_counter_end: o.id,
    has_simulated_content: false,
    can_see_sky: canSeeSkyOf(o.observationType),
  };
}
