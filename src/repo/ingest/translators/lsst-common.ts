/**
 * What Rubin Observatory's cameras (LSSTCam, LATISS, LSSTComCam and their simulators) share in
 * their raw headers: the OBSID "<camera>_<controller>_<YYYYMMDD>_<seq6>" convention, DAYOBS/SEQNUM,
 * exposure numbering, the DATE-BEG/DATE-END time cards and the observatory cards. Facts used
 * (numbering, day rollover, time scale) are documented where they are applied; per-camera files
 * supply the detector layout and filter tables through {@link LsstCameraSpec}.
 */
import type { CardReader, HeaderLookup } from "./header.js";
import type { ObservationInfo } from "./observation-info.js";
import { RUBIN_LOCATION } from "./sites.js";
import { type TaiNs, type TimeScale, addSeconds, isValidDayObs, optIsoCard, taiFromMjdTai } from "./time.js";
import { type Translator, cardText, celsiusToKelvin, wrapDeg360 } from "./translator.js";

/** A detector position as a camera spec resolves it. */
export interface LsstDetector {
  readonly num: number;
  readonly group: string;
  readonly name: string;
}

/** What differs between Rubin cameras. */
export interface LsstCameraSpec {
  /** Instrument name as registered ("LSSTCam"). */
  readonly name: string;
  /** INSTRUME values (lower-cased) that identify this camera. */
  readonly instrumeValues: readonly string[];
  /** Telescope name written into ObservationInfo when TELESCOP is absent. */
  readonly defaultTelescope: string;
  /** True for simulator cameras (every exposure has simulated content). */
  readonly simulated: boolean;
  /** Resolves the detector from the header. */
  detector(reader: CardReader): LsstDetector;
  /** The physical filter name from the header. */
  physicalFilter(reader: CardReader): string;
}

/**
 * Controller codes in OBSID/CONTRLLR, in the order that offsets exposure ids: O (OCS, the
 * observatory control system), C (CCS, camera control alone), then H, P and S (S and P appear on
 * simulator headers such as LSSTCamSim/ComCamSim; we treat both as simulated content). Each step
 * adds 1000 years to DAYOBS, i.e. 10^12 to the exposure id: obs_lsst's raw files name
 * MC_C_20190319_000001 exposure 3019031900001 (shared/data/fits/exposures), and the LSSTCam
 * instrument record's exposure_max 6050123199999 (lsstcam-subset export) leaves room for four steps.
 */
const CONTROLLERS = "OCHPS";
/** exposure_id = DAYOBS × 10^5 + SEQNUM: five digits of sequence per day. */
const SEQNUM_FACTOR = 100_000;
/** detector_exposure_id = exposure_id × 1000 + detector (detector_max = 1000 in the LSSTCam record). */
const DETECTOR_FACTOR = 1000;
/**
 * Rubin's day_obs rolls over at 12:00 TAI (SITCOMTN-032; the lsstcam-subset export's day_obs
 * timespans run 12:00→12:00 TAI).
 */
export const RUBIN_DAY_OFFSET_S = 12 * 3600;
/** Any header instant before this (1971-01-01 TAI) is a camera clock that was never set. */
const UNSET_CLOCK_NS = 365n * 86_400n * 1_000_000_000n;

/** Flight-control simulation flags written by the header service ("SIMULATE <CSC>": 0 = real). */
const SIMULATE_CARDS = [
  "SIMULATE ATMCS", "SIMULATE ATHEXAPOD", "SIMULATE ATPNEUMATICS", "SIMULATE ATDOME", "SIMULATE ATSPECTROGRAPH",
  "SIMULATE MTMOUNT", "SIMULATE MTM1M3", "SIMULATE MTM2", "SIMULATE CAMHEXAPOD", "SIMULATE M2HEXAPOD",
  "SIMULATE MTROTATOR", "SIMULATE MTDOME", "SIMULATE MTDOMETRAJECTORY",
];

/** IMGTYPE values that mean an on-sky science frame. */
const SCIENCE_TYPES = new Set(["object", "skyexp", "science"]);
/** Types whose detector sees the sky when the telescope tracks. */
const DARK_TYPES = new Set(["bias", "dark"]);

const OBSID = /^([A-Z]{2})_([A-Z])_(\d{8})_(\d{6})$/;

/** The parts of an OBSID-like identifier, or null. */
export function parseObsId(text: string | null): { code: string; controller: string; dayObs: number; seq: number } | null {
  const m = OBSID.exec(text ?? "");
  if (!m) return null;
  return { code: m[1] ?? "", controller: m[2] ?? "", dayObs: Number(m[3]), seq: Number(m[4]) };
}

/** Exposure id from day_obs, sequence number and controller (see CONTROLLERS). */
export function lsstExposureId(dayObs: number, seq: number, controller: string): number {
  const index = CONTROLLERS.indexOf(controller);
  if (index < 0) throw new RangeError(`unknown controller '${controller}'`);
  return (dayObs + index * 1000_00_00) * SEQNUM_FACTOR + seq;
}

function identity(reader: CardReader) {
  const obsKey = reader.firstPresent("OBSID", "IMGNAME");
  const obsId = obsKey === null ? null : reader.reqString(obsKey);
  const parsed = parseObsId(obsId);
  const cardController = reader.optString("CONTRLLR");
  let controller = cardController ?? parsed?.controller ?? "O";
  if (cardController !== null && !CONTROLLERS.includes(cardController)) {
    throw reader.fail("CONTRLLR", `unknown controller '${cardController}' (expected one of ${CONTROLLERS})`);
  }
  // A header without CONTRLLR whose OBSID names an unknown controller comes from the summit (OCS).
  if (!CONTROLLERS.includes(controller)) controller = "O";
  const dayKey = reader.firstPresent("DAYOBS", "OBS-NITE");
  const dayObs = dayKey !== null ? reader.reqInt(dayKey) : parsed?.dayObs;
  if (dayObs === undefined) throw reader.fail("DAYOBS", "required card is missing (and no OBSID to derive it from)");
  if (!isValidDayObs(dayObs)) throw reader.fail(dayKey ?? "OBSID", `invalid day_obs ${dayObs}`);
  const seq = reader.has("SEQNUM") ? reader.reqInt("SEQNUM") : parsed?.seq;
  if (seq === undefined) throw reader.fail("SEQNUM", "required card is missing (and no OBSID to derive it from)");
  if (seq < 0 || seq >= SEQNUM_FACTOR) throw reader.fail("SEQNUM", `sequence number ${seq} outside 0..${SEQNUM_FACTOR - 1}`);
  if (obsId === null) throw reader.fail("OBSID", "required card is missing");
  return { obsId, controller, dayObs, seq, exposureId: lsstExposureId(dayObs, seq, controller) };
}

/**
 * Time scale of the date cards. Rubin's camera writes TAI: TIMESYS says so on modern headers, and
 * the registry of obs_lsst's LATISS test repository dates the 2018 header (no TIMESYS) from its
 * DATE-OBS read as TAI. So TAI is the default here, unlike the FITS default (UTC).
 */
function timeScale(reader: CardReader): TimeScale {
  const s = (reader.optString("TIMESYS") ?? "TAI").toUpperCase();
  if (s !== "TAI" && s !== "UTC") throw reader.fail("TIMESYS", `unsupported time scale '${s}'`);
  return s;
}

function exposureTimes(reader: CardReader, observationType: string): { exposure: number; dark: number } {
  let exposure = reader.optNumber("EXPTIME");
  if (exposure === null) {
    // Calibration and engineering frames from the camera controller may omit EXPTIME (shutter
    // closed or not recorded); a science frame without one cannot be placed in time.
    if (observationType === "science") throw reader.fail("EXPTIME", `required card is missing for a '${observationType}' observation`);
    exposure = 0;
  }
  if (exposure < 0) throw reader.fail("EXPTIME", `negative exposure time ${exposure}`);
  const dark = reader.optNumber("DARKTIME");
  if (dark !== null && dark < 0) throw reader.fail("DARKTIME", `negative dark time ${dark}`);
  return { exposure, dark: dark === null || dark === 0 ? exposure : dark };
}

function timespan(reader: CardReader, exposureTime: number, darkTime: number): { begin: TaiNs; end: TaiNs } {
  const scale = timeScale(reader);
  const beginKey = reader.firstPresent("DATE-BEG", "DATE-OBS");
  let begin = beginKey === null ? null : optIsoCard(reader, beginKey, scale);
  if (begin === null) {
    const mjd = reader.optNumber("MJD-BEG") ?? reader.optNumber("MJD-OBS");
    if (mjd === null) throw reader.fail("DATE-OBS", "required card is missing");
    begin = taiFromMjdTai(mjd);
  }
  let end = reader.has("DATE-END") ? optIsoCard(reader, "DATE-END", scale) : null;
  if (begin < UNSET_CLOCK_NS) {
    // The 2019 LATISS headers carry 1970 dates from an unset camera clock; DATE (file written,
    // right after readout) is then the only real time: the exposure ended at most then.
    const written = optIsoCard(reader, "DATE", scale);
    if (written === null || written < UNSET_CLOCK_NS) throw reader.fail(beginKey ?? "DATE-OBS", "camera clock unset (1970 date) and no DATE card");
    return { begin: addSeconds(written, -Math.max(exposureTime, darkTime)), end: written };
  }
  // DATE-END before DATE-BEG occurs in 2019 headers; the exposure time is then the better bound.
  if (end === null || end < begin) end = addSeconds(begin, exposureTime);
  return { begin, end };
}

function observationTypeOf(reader: CardReader): string {
  const raw = reader.optString("IMGTYPE") ?? reader.optString("OBSTYPE");
  if (raw === null) return "unknown";
  const t = raw.toLowerCase();
  return SCIENCE_TYPES.has(t) ? "science" : t;
}

/** Ambient pressure in hPa: LSSTCam headers since 2025 write pascals, earlier ones hPa. */
function pressureHpa(reader: CardReader): number | null {
  const p = reader.optNumber("PRESSURE");
  if (p === null) return null;
  return p > 10_000 ? p / 100 : p;
}

function tracking(reader: CardReader): [number, number] | null {
  const trackSys = (reader.optString("TRACKSYS") ?? "").toUpperCase();
  if (trackSys === "LOCAL" || trackSys === "AZEL") return null;
  const ra = reader.optNumber("RA");
  const dec = reader.optNumber("DEC");
  if (ra === null || dec === null) return null;
  if (ra < 0 || ra > 360) throw reader.fail("RA", `right ascension ${ra} outside [0, 360]`);
  if (dec < -90 || dec > 90) throw reader.fail("DEC", `declination ${dec} outside [-90, 90]`);
  return [ra, dec];
}

function isSimulated(reader: CardReader, spec: LsstCameraSpec, controller: string): boolean {
  if (spec.simulated || controller === "S" || controller === "P") return true;
  return SIMULATE_CARDS.some((k) => {
    const v = reader.raw(k);
    return v === true || (typeof v === "number" && v !== 0);
  });
}

/** Translates a Rubin camera header with the camera-specific parts from `spec`. */
export function translateLsst(reader: CardReader, spec: LsstCameraSpec): ObservationInfo {
  const id = identity(reader);
  const observationType = observationTypeOf(reader);
  const times = exposureTimes(reader, observationType);
  const { begin, end } = timespan(reader, times.exposure, times.dark);
  const det = spec.detector(reader);
  const radec = tracking(reader);
  const az = reader.optNumber("AZSTART");
  const el = reader.optNumber("ELSTART");
  const rotPa = reader.optNumber("ROTPA");
  const rotCoord = (reader.optString("ROTCOORD") ?? "sky").toLowerCase();
  const temp = reader.optNumber("AIRTEMP");
  const reason = reader.optString("REASON");
  return {
    translator: spec.name,
    telescope: reader.optString("TELESCOP") ?? spec.defaultTelescope,
    instrument: spec.name,
    location: RUBIN_LOCATION,
    exposure_id: id.exposureId,
    visit_id: id.exposureId,
    physical_filter: spec.physicalFilter(reader),
    datetime_begin: begin,
    datetime_end: end,
    exposure_time: times.exposure,
    dark_time: times.dark,
    boresight_airmass: radec === null ? null : reader.optNumber("AMSTART"),
    boresight_rotation_angle: radec === null || rotPa === null ? null : wrapDeg360(rotPa),
    boresight_rotation_coord: radec !== null && rotPa !== null && rotCoord === "sky" ? "sky" : "unknown",
    detector_num: det.num,
    detector_name: det.name,
    detector_unique_name: `${det.group}_${det.name}`,
    detector_serial: reader.optString("LSST_NUM"),
    detector_group: det.group,
    detector_exposure_id: id.exposureId * DETECTOR_FACTOR + det.num,
    object: reader.optString("OBJECT"),
    temperature: temp === null ? null : celsiusToKelvin(temp),
    pressure: pressureHpa(reader),
    relative_humidity: reader.optNumber("HUMIDITY"),
    tracking_radec: radec,
    altaz_begin: radec === null || az === null || el === null ? null : [wrapDeg360(az), el],
    science_program: reader.optString("PROGRAM"),
    observation_type: observationType,
    observation_id: id.obsId,
    observation_reason: reason ?? (observationType === "science" ? "science" : "unknown"),
    exposure_group: reader.optString("GROUPID") ?? String(id.exposureId),
    observing_day: id.dayObs,
    observing_day_offset: RUBIN_DAY_OFFSET_S,
    observation_counter: id.seq,
    group_counter_start: id.seq,
    group_counter_end: id.seq,
    has_simulated_content: isSimulated(reader, spec, id.controller),
    can_see_sky: DARK_TYPES.has(observationType) ? false : radec !== null ? true : null,
  };
}

/** A Translator for a Rubin camera: matches INSTRUME against the spec's values. */
export function lsstTranslator(spec: LsstCameraSpec): Translator {
  return {
    name: spec.name,
    canTranslate: (lookup: HeaderLookup) => spec.instrumeValues.includes(cardText(lookup, "INSTRUME").toLowerCase()),
    translate: (reader: CardReader) => translateLsst(reader, spec),
  };
}

/** The detector in a 3×3 raft from its slot "S<row><col>" (ids row-major, as rafts.yaml numbers them). */
export function slotIndex(reader: CardReader, keyword: string): number {
  const slot = reader.reqString(keyword);
  const m = /^S([0-2])([0-2])$/.exec(slot);
  if (!m) throw reader.fail(keyword, `cannot parse CCD slot '${slot}' (expected S00..S22)`);
  return Number(m[1]) * 3 + Number(m[2]);
}

/**
 * Band from a Rubin filter name: a FILTBAND card when it names a band, else the letter before "_"
 * in "<band>_<serial>" names (LSSTCam r_57, ComCam r_03; see the lsstcam-subset export z_20 → z).
 */
export function rubinBand(physicalFilter: string, filtBand?: string | null): string {
  if (filtBand && /^[ugrizy]$/.test(filtBand)) return filtBand;
  const m = /^([ugrizy])_\d+$/.exec(physicalFilter.split("~")[0] ?? "");
  return m?.[1] ?? (physicalFilter === "unknown" ? "unknown" : "white");
}

/** Filter name normalisation: blank/"NONE"/"unspecified" mean no filter. */
export function filterComponent(value: string | null): string | null {
  if (value === null) return null;
  return /^(none|unspecified|)$/i.test(value) ? null : value;
}
