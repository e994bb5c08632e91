/**
 * Hyper Suprime-Cam (Subaru) raw headers → ObservationInfo. Conventions come from the headers
 * themselves (Subaru FITS dictionary: EXP-ID "HSC" + letter + 8 digits, DATE-OBS + UT-STR/UT-END in
 * UTC, DET-ID the sequential CCD number, T_CCDSN the serial) and public HSC facts cited inline.
 */
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";
import { SUBARU_LOCATION } from "./sites.js";
import { subaruExposureTime, subaruObservationFields, subaruObservationType, subaruPointing, subaruTimes } from "./subaru-common.js";
import { type Translator, cardText, wrapDeg360 } from "./translator.js";

/**
 * HSC physical filter → band. Names from the NAOJ HSC filter list
 * (https://www.naoj.org/Projects/HSC/forobservers.html); broad bands map to their letter, narrow
 * bands to "N<centre nm>" as in the LSST Science Pipelines' HSC filter definitions.
 */
export const HSC_FILTER_BANDS: Readonly<Record<string, string>> = {
  "HSC-G": "g", "HSC-R": "r", "HSC-R2": "r", "HSC-I": "i", "HSC-I2": "i", "HSC-Z": "z", "HSC-Y": "y",
  NB0387: "N387", NB0400: "N400", NB0468: "N468", NB0515: "N515", NB0527: "N527", NB0656: "N656",
  NB0718: "N718", NB0816: "N816", NB0921: "N921", NB0926: "N926", NB0973: "N973", NB1010: "N1010",
  IB0945: "I945",
};

/** HSC detector numbers run 0..111 (104 science + 8 focus/guide CCDs; NAOJ HSC camera description). */
const HSC_DETECTOR_MAX = 112;
/** detector_exposure_id = exposure × 200 + detector (room for the 112 CCDs, the HSC pipeline convention). */
const HSC_DETECTOR_FACTOR = 200;
/** The 6-digit frame counter rolls over into the EXP-ID letter (A, B, …). */
const HSC_COUNTER_PER_LETTER = 1_000_000;

/** HSC physical filter name from FILTER01 ("HSC-i" → "HSC-I"; narrow bands unchanged). */
export function hscPhysicalFilter(raw: string): string {
  return raw.toUpperCase();
}

function exposureIdOf(reader: CardReader): { id: number; obsId: string } {
  const obsId = reader.reqString("EXP-ID");
  const m = /^HSC([A-Z])(\d{6})(\d{2})$/.exec(obsId);
  if (!m) throw reader.fail("EXP-ID", `cannot parse '${obsId}' (expected HSC<letter><8 digits>)`);
  const letter = (m[1] ?? "A").charCodeAt(0) - "A".charCodeAt(0);
  return { id: letter * HSC_COUNTER_PER_LETTER + Number(m[2]), obsId };
}

function detectorOf(reader: CardReader): { num: number; group: string; name: string } {
  const num = reader.reqInt("DET-ID");
  if (num < 0 || num >= HSC_DETECTOR_MAX) throw reader.fail("DET-ID", `detector ${num} outside 0..${HSC_DETECTOR_MAX - 1}`);
  // CCD names "<bee>_<sdo>" (e.g. 1_12) are what the original file name ends with; T_BEEID/T_SDOID
  // carry the same two numbers.
  const uf = /_(\d+)_(\d+)\.fits$/.exec(reader.optString("T_UFNAME") ?? "");
  if (uf) return { num, group: uf[1] ?? "", name: uf[2] ?? "" };
  const bee = reader.reqInt("T_BEEID");
  const sdo = reader.reqInt("T_SDOID");
  return { num, group: String(bee), name: String(sdo) };
}

function translateHsc(reader: CardReader): ObservationInfo {
  const { id, obsId } = exposureIdOf(reader);
  const det = detectorOf(reader);
  const exposureTime = subaruExposureTime(reader);
  const { begin, end } = subaruTimes(reader, exposureTime);
  const observationType = subaruObservationType(reader);
  const filterRaw = reader.optString("FILTER01");
  const pointing = subaruPointing(reader);
  const instPa = reader.optNumber("INST-PA");
  return {
    translator: "HSC",
    telescope: "Subaru",
    instrument: "HSC",
    location: SUBARU_LOCATION,
    exposure_id: id,
    visit_id: id,
    physical_filter: filterRaw === null ? "unknown" : hscPhysicalFilter(filterRaw),
    datetime_begin: begin,
    datetime_end: end,
    exposure_time: exposureTime,
    // HSC headers carry no separate dark time; the shutter-open time is the integration time.
    dark_time: exposureTime,
    boresight_airmass: pointing.airmass,
    // INST-PA is the instrument position angle; HSC's focal-plane y axis sits 270° from it.
    boresight_rotation_angle: instPa === null ? null : wrapDeg360(270 - instPa),
    boresight_rotation_coord: instPa === null ? "unknown" : "sky",
    detector_num: det.num,
    detector_name: det.name,
    detector_unique_name: `${det.group}_${det.name}`,
    detector_serial: reader.optString("T_CCDSN"),
    detector_group: det.group,
    detector_exposure_id: id * HSC_DETECTOR_FACTOR + det.num,
    ...subaruObservationFields(reader, { id, obsId, observationType, begin }),
  };
}

/** The HSC translator: Subaru headers whose frame ids start with "HSC". */
export const hscTranslator: Translator = {
  name: "HSC",
  canTranslate(lookup: HeaderLookup): boolean {
    const instrume = cardText(lookup, "INSTRUME");
    if (/^hyper suprime-cam$|^hsc$/i.test(instrume)) return true;
    // HSC raws carry no INSTRUME; their frame ids (FRAMEID per CCD, EXP-ID per exposure) start "HSC".
    if (cardText(lookup, "TELESCOP") !== "Subaru") return false;
    return /^HSC/.test(cardText(lookup, "FRAMEID")) || /^HSC/.test(cardText(lookup, "EXP-ID"));
  },
  translate: translateHsc,
};
