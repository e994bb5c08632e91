/**
 * Suprime-Cam (Subaru prime focus, 10 CCDs, 2000–2017) raw headers → ObservationInfo. Frame ids
 * follow the Subaru convention "SUP" + letter + 8 digits, the last digit being the CCD (DET-ID);
 * EXP-ID names the exposure with a trailing 0 (NAOJ Suprime-Cam data description,
 * https://www.naoj.org/Observing/Instruments/SCam/). The exposure id puts the EXP-ID letter in the
 * millions, as for HSC: EXP-ID SUPE00535770 is exposure 4053577, which is the number in the
 * processed file's name CORR40535770 (exposure, then CCD 0).
 */
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";
import { SUBARU_LOCATION } from "./sites.js";
import { subaruExposureTime, subaruObservationFields, subaruObservationType, subaruPointing, subaruTimes } from "./subaru-common.js";
import { type Translator, cardText } from "./translator.js";

/** Suprime-Cam filter → band (Subaru Suprime-Cam filter list: Johnson-Cousins W-J/W-C, SDSS-like W-S). */
export const SUPRIMECAM_FILTER_BANDS: Readonly<Record<string, string>> = {
  "W-J-U": "U", "W-J-B": "B", "W-J-V": "V", "W-C-RC": "R", "W-C-IC": "I",
  "W-S-G+": "g", "W-S-R+": "r", "W-S-I+": "i", "W-S-Z+": "z",
};

/** The 7-digit exposure counter; the letter counts in millions. */
const SUPRIMECAM_COUNTER_PER_LETTER = 1_000_000;
/** Ten CCDs, DET-ID 0..9. */
const SUPRIMECAM_DETECTORS = 10;

function exposureIdOf(reader: CardReader): { id: number; obsId: string } {
  const obsId = reader.reqString("EXP-ID");
  const m = /^SUP([A-Z])(\d{7})0$/.exec(obsId);
  if (!m) throw reader.fail("EXP-ID", `cannot parse '${obsId}' (expected SUP<letter><7 digits>0)`);
  const letter = (m[1] ?? "A").charCodeAt(0) - "A".charCodeAt(0);
  return { id: letter * SUPRIMECAM_COUNTER_PER_LETTER + Number(m[2]), obsId };
}

function translateSuprimeCam(reader: CardReader): ObservationInfo {
  const { id, obsId } = exposureIdOf(reader);
  const detNum = reader.reqInt("DET-ID");
  if (detNum < 0 || detNum >= SUPRIMECAM_DETECTORS) throw reader.fail("DET-ID", `detector ${detNum} outside 0..${SUPRIMECAM_DETECTORS - 1}`);
  const detName = reader.optString("DETNAME") ?? reader.reqString("DETECTOR");
  const exposureTime = subaruExposureTime(reader);
  const { begin, end } = subaruTimes(reader, exposureTime);
  const observationType = subaruObservationType(reader);
  const pointing = subaruPointing(reader);
  return {
    translator: "SuprimeCam",
    telescope: "Subaru",
    instrument: "SuprimeCam",
    location: SUBARU_LOCATION,
    exposure_id: id,
    visit_id: id,
    physical_filter: reader.optString("FILTER01") ?? "unknown",
    datetime_begin: begin,
    datetime_end: end,
    exposure_time: exposureTime,
    dark_time: exposureTime,
    boresight_airmass: pointing.airmass,
    // The rotator cards (INR-STR) give the rotator position, not a sky angle we can state.
    boresight_rotation_angle: null,
    boresight_rotation_coord: "unknown",
    detector_num: detNum,
    detector_name: detName,
    detector_unique_name: detName,
    detector_serial: reader.optString("DETSER"),
    detector_group: null,
    detector_exposure_id: id * SUPRIMECAM_DETECTORS + detNum,
    ...subaruObservationFields(reader, { id, obsId, observationType, begin }),
  };
}

/** The Suprime-Cam translator (INSTRUME = "SuprimeCam", or Subaru frames named SUP…). */
export const suprimeCamTranslator: Translator = {
  name: "SuprimeCam",
  canTranslate(lookup: HeaderLookup): boolean {
    if (/^suprime-?cam$/i.test(cardText(lookup, "INSTRUME"))) return true;
    return cardText(lookup, "TELESCOP") === "Subaru" && /^SUP/.test(cardText(lookup, "EXP-ID"));
  },
  translate: translateSuprimeCam,
};
