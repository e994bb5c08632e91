/**
 * Simulated LSSTCam exposures from the DESC catalogue simulators imSim and PhoSim (DC2 era). Their
 * headers carry TESTTYPE = IMSIM / PHOSIM instead of INSTRUME, a numeric OBSID (the simulated
 * visit), CHIPID "Rxx_Syy", DATE-OBS in TAI (PhoSim repeats MJD-OBS in a card named TAI), and the
 * pointing as RATEL/DECTEL (imSim) or RA_DEG/DEC_DEG (PhoSim). Detectors use LSSTCam numbering.
 */
import type { CardReader, HeaderLookup } from "./header.js";
import { RUBIN_DAY_OFFSET_S } from "./lsst-common.js";
import { lsstCamDetectorId } from "./lsstcam.js";
import type { ObservationInfo } from "./observation-info.js";
import { RUBIN_LOCATION } from "./sites.js";
import { addSeconds, observingDay, optIsoCard, taiFromMjdTai } from "./time.js";
import { type Translator, cardText, wrapDeg360 } from "./translator.js";

/** detector_exposure_id = OBSID × 1000 + detector, as for the real cameras. */
const DETECTOR_FACTOR = 1000;

function detectorOf(reader: CardReader): { num: number; raft: string; slot: string } {
  const chip = reader.optString("CHIPID");
  const m = /^(R\d\d)_(S\d\d)$/.exec(chip ?? "");
  const raft = m?.[1] ?? reader.reqString("RAFTNAME");
  const slot = m?.[2] ?? reader.reqString("SENSNAME");
  const num = lsstCamDetectorId(raft, slot);
  if (num === null) throw reader.fail(chip === null ? "SENSNAME" : "CHIPID", `no LSSTCam detector ${raft}_${slot}`);
  return { num, raft, slot };
}

function translateSim(reader: CardReader, name: string): ObservationInfo {
  const obsId = reader.reqInt("OBSID");
  if (obsId <= 0) throw reader.fail("OBSID", `simulated visit ${obsId} is not positive`);
  const det = detectorOf(reader);
  const exposureTime = reader.reqNumber("EXPTIME");
  if (exposureTime < 0) throw reader.fail("EXPTIME", `negative exposure time ${exposureTime}`);
  let begin = optIsoCard(reader, "DATE-OBS", "TAI");
  if (begin === null) begin = taiFromMjdTai(reader.reqNumber("MJD-OBS"));
  const imgType = (reader.optString("IMGTYPE") ?? "skyexp").toLowerCase();
  // The simulators label calibration frames SKYEXP too; a zero-length one can only be a bias.
  const observationType = imgType === "skyexp" || imgType === "object" ? (exposureTime === 0 ? "bias" : "science") : imgType;
  const onSky = observationType === "science";
  const ra = reader.optNumber("RATEL") ?? reader.optNumber("RA_DEG");
  const dec = reader.optNumber("DECTEL") ?? reader.optNumber("DEC_DEG");
  const rot = reader.optNumber("ROTANGLE") ?? reader.optNumber("ROTANGZ");
  const az = reader.optNumber("AZIMUTH");
  const zenith = reader.optNumber("ZENITH");
  return {
    translator: name,
    telescope: "Simonyi Survey Telescope",
    instrument: name,
    location: RUBIN_LOCATION,
    exposure_id: obsId,
    visit_id: obsId,
    physical_filter: reader.optString("FILTER") ?? "unknown",
    datetime_begin: begin,
    datetime_end: addSeconds(begin, exposureTime),
    exposure_time: exposureTime,
    dark_time: reader.optNumber("DARKTIME") ?? exposureTime,
    boresight_airmass: onSky ? reader.optNumber("AIRMASS") : null,
    boresight_rotation_angle: onSky && rot !== null ? wrapDeg360(rot) : null,
    boresight_rotation_coord: onSky && rot !== null ? "sky" : "unknown",
    detector_num: det.num,
    detector_name: det.slot,
    detector_unique_name: `${det.raft}_${det.slot}`,
    detector_serial: reader.optString("LSST_NUM"),
    detector_group: det.raft,
    detector_exposure_id: obsId * DETECTOR_FACTOR + det.num,
    object: null,
    temperature: null,
    pressure: null,
    relative_humidity: null,
    tracking_radec: onSky && ra !== null && dec !== null ? [ra, dec] : null,
    altaz_begin: onSky && az !== null && zenith !== null ? [az, 90 - zenith] : null,
    science_program: null,
    observation_type: observationType,
    observation_id: String(obsId),
    observation_reason: onSky ? "science" : "unknown",
    exposure_group: String(obsId),
    observing_day: observingDay(begin, RUBIN_DAY_OFFSET_S),
    observing_day_offset: RUBIN_DAY_OFFSET_S,
    observation_counter: obsId,
    group_counter_start: obsId,
    group_counter_end: obsId,
    has_simulated_content: true,
    can_see_sky: onSky ? true : observationType === "bias" || observationType === "dark" ? false : null,
  };
}

function simTranslator(name: string, testType: string): Translator {
  return {
    name,
    canTranslate: (lookup: HeaderLookup) => cardText(lookup, "TESTTYPE").toUpperCase() === testType && !cardText(lookup, "INSTRUME"),
    translate: (reader: CardReader) => translateSim(reader, name),
  };
}

/** imSim simulations of LSSTCam (TESTTYPE = IMSIM). */
export const imSimTranslator: Translator = simTranslator("LSSTCam-imSim", "IMSIM");
/** PhoSim simulations of LSSTCam (TESTTYPE = PHOSIM). */
export const phoSimTranslator: Translator = simTranslator("LSSTCam-PhoSim", "PHOSIM");
